"""Upgrade step 1000 → 1001 on a site made with the old schema: inline
addressees and copies become address-book entries, embassies one per country."""

from collective.urgentactions.addressbook.recipients import recipients
from datetime import date

import plone.api
import pytest


PROFILE = "collective.urgentactions:default"

PROSECUTOR = {
    "name": "Prosecutor General Kanat Esenaliev",
    "salutation": "Dear Prosecutor General",
    "address": "Erkindik Boulevard 12\n720040 Bishkek\nKyrgyzstan",
    "email": "prosecutor.general@example.org",
    "fax": "+996 312 555 010",
}
KG_EMBASSY_OLD = {
    "name": "Embassy of the Kyrgyz Republic",
    "salutation": "Your Excellency",
    "address": "Alte Straße 3\n10117 Berlin",
}
KG_EMBASSY_NEW = dict(KG_EMBASSY_OLD, address="Musterstraße 12\n10117 Berlin")
ZW_EMBASSY = {
    "name": "Botschaft der Republik Simbabwe",
    "address": "Kommandantenstr. 80",
}


def names(ua):
    return [(r["role"], r["name"]) for r in recipients(ua)]


class TestUpgradeFromInlineAddressees:
    @pytest.fixture(autouse=True)
    def old_site(self, portal, section, make_ua, setup_tool):
        """Cases written with inline rows on a 1000 site: no address-book
        types, no address book."""
        self.older = make_ua(
            ua_number="010/20",
            issue_date=date(2020, 1, 10),
            country="KG",
            addressees=[PROSECUTOR],
            copies_to=[KG_EMBASSY_OLD],
        )
        self.newer = make_ua(
            ua_number="020/20",
            issue_date=date(2020, 3, 1),
            country="KG",
            addressees=[dict(PROSECUTOR), {"name": None, "address": None}],
            copies_to=[KG_EMBASSY_NEW],
        )
        self.other = make_ua(
            ua_number="030/20",
            country="ZW",
            addressees=[{"name": "Minister of Justice"}],
            copies_to=[ZW_EMBASSY],
        )
        self.before = {
            ua.UID(): names(ua) for ua in (self.older, self.newer, self.other)
        }
        with plone.api.env.adopt_roles(["Manager"]):
            section.manage_delObjects(["address-book"])
            portal.portal_types.manage_delObjects(["AddressBook", "Addressee"])
        setup_tool.setLastVersionForProfile(PROFILE, "1000")
        self.setup_tool = setup_tool
        self.section = section

    def upgrade(self):
        with plone.api.env.adopt_roles(["Manager"]):
            self.setup_tool.upgradeProfile(PROFILE)

    def entries(self):
        return sorted(
            (entry.kind, entry.country, entry.title)
            for entry in self.section["address-book"].objectValues()
        )

    def test_upgrade_is_offered_and_reaches_the_profile_version(self):
        titles = [step["title"] for step in self.setup_tool.listUpgrades(PROFILE)]
        assert titles[0] == "Address book"  # later steps follow it
        self.upgrade()
        assert self.setup_tool.listUpgrades(PROFILE) == []
        assert "Addressee" in self.section.portal_types

    def test_one_entry_per_authority_and_one_embassy_per_country(self):
        self.upgrade()
        assert self.entries() == [
            ("authority", "KG", "Prosecutor General Kanat Esenaliev"),
            ("authority", "ZW", "Minister of Justice"),
            ("embassy", "KG", "Embassy of the Kyrgyz Republic"),
            ("embassy", "ZW", "Botschaft der Republik Simbabwe"),
        ]

    def test_cases_keep_their_recipients_now_from_the_book(self):
        self.upgrade()
        for ua in (self.older, self.newer, self.other):
            assert names(ua) == self.before[ua.UID()]
            assert all(r["url"] for r in recipients(ua))
            assert ua.addressees == [] and ua.copies_to == []

    def test_embassy_shared_with_the_newest_address(self):
        self.upgrade()
        (embassy,) = [
            e
            for e in self.section["address-book"].objectValues()
            if e.country == "KG" and e.kind == "embassy"
        ]
        assert embassy.address == "Musterstraße 12\n10117 Berlin"
        assert embassy.salutation == "Your Excellency"
        cases = {r.from_object.UID() for r in plone.api.relation.get(target=embassy)}
        assert cases == {self.older.UID(), self.newer.UID()}

    def test_entry_keeps_every_field(self):
        self.upgrade()
        (prosecutor,) = [r for r in recipients(self.newer) if r["role"] == "addressee"]
        assert prosecutor["address_lines"] == [
            "Erkindik Boulevard 12",
            "720040 Bishkek",
            "Kyrgyzstan",
        ]
        assert prosecutor["email"] == "prosecutor.general@example.org"
        assert prosecutor["fax"] == "+996 312 555 010"
        assert prosecutor["salutations"][""] == "Dear Prosecutor General"

    def test_running_again_creates_nothing(self):
        self.upgrade()
        self.setup_tool.setLastVersionForProfile(PROFILE, "1000")
        self.upgrade()
        assert len(self.entries()) == 4
