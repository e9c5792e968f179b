"""A case with a placeholder template in English and German, address-book
addressees and a member with a name and town in their profile."""

from collective.urgentactions.addressbook.book import get_address_book
from collective.urgentactions.testing import PASSWORD
from plone.app.testing import login
from plone.app.testing import logout
from plone.dexterity.utils import createContentInContainer
from writing_helpers import add_template
from writing_helpers import FULLNAME
from writing_helpers import MEMBER
from writing_helpers import TOWN

import plone.api
import pytest


@pytest.fixture
def member(portal):
    portal.acl_users.userFolderAddUser(MEMBER, PASSWORD, ["Member"], [])
    plone.api.user.get(username=MEMBER).setMemberProperties(
        {"fullname": FULLNAME, "location": TOWN}
    )
    return MEMBER


@pytest.fixture
def as_member(member, portal):
    login(portal, member)
    yield member
    logout()


@pytest.fixture
def case(make_ua, section):
    """An open case in Kyrgyzstan: a prosecutor with a German salutation and
    email, an ombudsperson inline, the embassy as a copy; templates en, de."""
    book = get_address_book(section)
    with plone.api.env.adopt_roles(["Manager"]):
        prosecutor = createContentInContainer(
            book,
            "Addressee",
            title="Prosecutor General Kanat Esenaliev",
            country="KG",
            salutation="Dear Prosecutor General",
            salutations=[
                {
                    "language": "de",
                    "salutation": "Sehr geehrter Herr Generalstaatsanwalt",
                }
            ],
            address="Erkindik Boulevard 12\n720040 Bishkek\nKyrgyzstan",
            email="prosecutor.general@example.org",
            fax="+996 312 555 010",
        )
        embassy = createContentInContainer(
            book,
            "Addressee",
            title="Embassy of the Kyrgyz Republic",
            kind="embassy",
            country="KG",
            email="embassy.kg@example.org",
        )
    ua = make_ua(
        country="KG",
        addressees=[{"name": "Ombudsperson Gulnara Abdieva", "address": "Toktogul 48"}],
    )
    with plone.api.env.adopt_roles(["Manager"]):
        plone.api.relation.create(
            source=ua, target=prosecutor, relationship="addressee_entries"
        )
        plone.api.relation.create(
            source=ua, target=embassy, relationship="copy_entries"
        )
    add_template(ua, "en")
    add_template(ua, "de")
    return ua


@pytest.fixture
def prosecutor_uid(section):
    book = get_address_book(section)
    return next(e.UID() for e in book.objectValues() if e.kind == "authority")
