"""The "Address book" folder of the Urgent Actions section, where the
address-book pickers of a case's form start browsing."""

from collective.urgentactions import _
from collective.urgentactions.content.addressee import IAddressBook
from collective.urgentactions.content.urgent_action import IUrgentAction
from collective.urgentactions.section import get_section
from plone.dexterity.utils import createContentInContainer
from z3c.form.widget import ComputedWidgetAttribute
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


def browse_address_book(adapter):
    """The address-book pickers start browsing in the section's address book.

    A named ``pattern_options`` value rather than a callable inside the
    widget's options, so that the schema ``@types`` serialises stays JSON.
    """
    section = get_section()
    book = get_address_book(section) if section is not None else None
    return {"basePath": "/".join(book.getPhysicalPath())} if book is not None else {}


AddresseeEntriesBrowsing = ComputedWidgetAttribute(
    browse_address_book, field=IUrgentAction["addressee_entries"]
)
CopyEntriesBrowsing = ComputedWidgetAttribute(
    browse_address_book, field=IUrgentAction["copy_entries"]
)
