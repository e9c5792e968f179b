"""The address book: created on install, entries picked by cases through
relations, one change reaching every open case."""

from AccessControl import getSecurityManager
from collective.urgentactions.addressbook.recipients import find_recipient
from collective.urgentactions.addressbook.recipients import recipients
from collective.urgentactions.addressbook.recipients import salutation
from collective.urgentactions.content.addressee import IAddressBook
from plone.app.testing import logout
from zope.lifecycleevent import modified

import plone.api
import pytest


class TestInstall:
    def test_address_book_in_section_hidden_from_navigation(self, section):
        book = section["address-book"]
        assert IAddressBook.providedBy(book)
        assert book.Title() == "Address book"
        assert book.exclude_from_nav is True

    def test_only_addressees_inside(self, portal, book, manager):
        allowed = [fti.getId() for fti in book.allowedContentTypes()]
        assert allowed == ["Addressee"]
        assert "AddressBook" not in [
            fti.getId() for fti in portal["urgent-actions"].allowedContentTypes()
        ]

    def test_visible_like_the_section(self, make_entry):
        """No workflow of its own: visitors see the entries a published
        section shows (authorities' addresses are public)."""
        entry = make_entry()
        logout()
        assert getSecurityManager().checkPermission("View", entry)
        assert not getSecurityManager().checkPermission("Modify portal content", entry)


class TestRecipients:
    @pytest.fixture(autouse=True)
    def setup(self, make_ua, make_entry, relate):
        self.prosecutor = make_entry(
            salutation="Dear Prosecutor General",
            salutations=[
                {
                    "language": "de",
                    "salutation": "Sehr geehrter Herr Generalstaatsanwalt",
                }
            ],
            address="Erkindik Boulevard 12\n720040 Bishkek",
            email="prosecutor.general@example.org",
            fax="+996 312 555 010",
            note="Post is slow: send a fax as well.",
        )
        self.embassy = make_entry(
            title="Embassy of the Kyrgyz Republic", kind="embassy", salutation=""
        )
        self.ua = make_ua(
            country="KG",
            addressees=[{"name": "Ombudsperson Gulnara Abdieva", "salutation": None}],
        )
        relate(self.ua, "addressee_entries", self.prosecutor)
        relate(self.ua, "copy_entries", self.embassy)

    def test_entries_first_then_inline_rows(self):
        names = [(r["role"], r["name"]) for r in recipients(self.ua)]
        assert names == [
            ("addressee", "Prosecutor General Kanat Esenaliev"),
            ("addressee", "Ombudsperson Gulnara Abdieva"),
            ("copy", "Embassy of the Kyrgyz Republic"),
        ]

    def test_entry_fields(self):
        recipient = find_recipient(self.ua, self.prosecutor.UID())
        assert recipient["address_lines"] == ["Erkindik Boulevard 12", "720040 Bishkek"]
        assert recipient["fax"] == "+996 312 555 010"
        assert recipient["note"] == "Post is slow: send a fax as well."
        assert recipient["url"] == self.prosecutor.absolute_url()

    def test_salutation_per_language(self):
        recipient = find_recipient(self.ua, self.prosecutor.UID())
        assert salutation(recipient, "de") == "Sehr geehrter Herr Generalstaatsanwalt"
        assert salutation(recipient, "fr") == "Dear Prosecutor General"

    def test_general_formula_in_the_letters_language_without_salutation(self):
        recipient = find_recipient(self.ua, self.embassy.UID())
        assert salutation(recipient, "en") == "Dear Sir or Madam"
        assert salutation(recipient, "de") == "Sehr geehrte Damen und Herren"
        assert salutation(recipient, "fr") == "Madame, Monsieur"
        assert salutation(recipient, "it") == "Gentili Signore e Signori"

    def test_inline_rows_have_stable_ids(self):
        assert find_recipient(self.ua, "inline-addressees-0")["name"] == (
            "Ombudsperson Gulnara Abdieva"
        )
        assert find_recipient(self.ua, "inline-addressees-7") is None

    def test_spare_rows_left_out(self, make_ua):
        ua = make_ua(ua_number="066/20", addressees=[{"name": None, "address": None}])
        assert recipients(ua) == []

    def test_deleted_entry_drops_out(self):
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.delete(self.embassy, check_linkintegrity=False)
        assert [r["role"] for r in recipients(self.ua)] == ["addressee", "addressee"]


class TestOneChangeEverywhere:
    def test_address_changed_once_reaches_every_case(self, make_ua, make_entry, relate):
        embassy = make_entry(title="Embassy of the Kyrgyz Republic", kind="embassy")
        first = make_ua()
        second = make_ua(ua_number="066/20")
        for ua in (first, second):
            relate(ua, "copy_entries", embassy)
        embassy.address = "Neue Straße 1\n10115 Berlin"
        modified(embassy)
        for ua in (first, second):
            (recipient,) = recipients(ua)
            assert recipient["address_lines"] == ["Neue Straße 1", "10115 Berlin"]

    def test_open_cases_marked_modified_closed_ones_not(
        self, make_ua, make_entry, relate
    ):
        embassy = make_entry(title="Embassy of the Kyrgyz Republic", kind="embassy")
        open_ua = make_ua()
        closed_ua = make_ua(ua_number="066/20", state="closed")
        for ua in (open_ua, closed_ua):
            relate(ua, "copy_entries", embassy)
        before = {ua.UID(): ua.modified() for ua in (open_ua, closed_ua)}
        embassy.fax = "+49 30 0000"
        modified(embassy)
        assert open_ua.modified() > before[open_ua.UID()]
        assert closed_ua.modified() == before[closed_ua.UID()]
