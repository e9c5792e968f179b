"""Address-book entries and cases that use them."""

from collective.urgentactions.addressbook.book import get_address_book
from plone.dexterity.utils import createContentInContainer

import plone.api
import pytest


@pytest.fixture
def book(section):
    return get_address_book(section)


@pytest.fixture
def make_entry(book):
    def factory(**fields):
        fields.setdefault("title", "Prosecutor General Kanat Esenaliev")
        fields.setdefault("country", "KG")
        with plone.api.env.adopt_roles(["Manager"]):
            return createContentInContainer(book, "Addressee", **fields)

    return factory


@pytest.fixture
def relate():
    """``relate(ua, field_name, *entries)``: point a case's relation field to
    entries, as the edit form does."""

    def link(ua, field_name, *entries):
        with plone.api.env.adopt_roles(["Manager"]):
            for entry in entries:
                plone.api.relation.create(
                    source=ua, target=entry, relationship=field_name
                )

    return link
