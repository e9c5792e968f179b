"""The "Address book" folder of the Urgent Actions section."""

from collective.urgentactions import _
from collective.urgentactions.content.addressee import IAddressBook
from plone.dexterity.utils import createContentInContainer
from zope.i18n import translate

import plone.api


BOOK_ID = "address-book"


def get_address_book(section):
    book = section.get(BOOK_ID)
    return book if IAddressBook.providedBy(book) else None


def ensure_address_book(section):
    """The section's address book, created (hidden from the navigation) when
    missing. It has no workflow of its own: it is visible as the section is."""
    book = get_address_book(section)
    if book is None:
        title = translate(
            _("Address book"), target_language=plone.api.portal.get_default_language()
        )
        book = createContentInContainer(
            section,
            "AddressBook",
            checkConstraints=False,
            id=BOOK_ID,
            title=title,
            exclude_from_nav=True,
        )
    return book
