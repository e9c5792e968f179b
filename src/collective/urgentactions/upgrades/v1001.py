"""1000 → 1001: the address book.

Adds the ``AddressBook`` and ``Addressee`` types and the case's relation
fields, creates the section's address book and turns every case's inline
addressees and copies into address-book entries (see
``addressbook.conversion``: embassies become one entry per country).
"""

from collective.urgentactions.addressbook.book import ensure_address_book
from collective.urgentactions.addressbook.conversion import convert_cases
from collective.urgentactions.section import get_section
from plone.base.utils import get_installer

import logging
import plone.api


logger = logging.getLogger(__name__)
PROFILE = "profile-collective.urgentactions:default"


def upgrade(context):
    setup = plone.api.portal.get_tool("portal_setup")
    if not get_installer(plone.api.portal.get()).is_product_installed(
        "plone.app.relationfield"
    ):
        setup.runAllImportStepsFromProfile("profile-plone.app.relationfield:default")
    for step in ("typeinfo", "workflow", "rolemap"):
        setup.runImportStepFromProfile(PROFILE, step)
    section = get_section()
    if section is None:
        return
    book = ensure_address_book(section)
    catalog = plone.api.portal.get_tool("portal_catalog")
    cases = [
        brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(portal_type="UrgentAction")
    ]
    created = convert_cases(book, cases)
    logger.info(
        "Address book: %d entries created from the addressees of %d cases",
        created,
        len(cases),
    )
