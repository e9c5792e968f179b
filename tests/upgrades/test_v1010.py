"""Upgrading a site from before the multilingual front door (profile 1009)."""

from collective.urgentactions.testing import create_ua

import plone.api
import pytest


PROFILE = "collective.urgentactions:default"


class TestUpgradeTo1010:
    @pytest.fixture(autouse=True)
    def old_site(self, portal, section):
        """A site at 1006 had no index of the languages a case's card is in."""
        self.ua = create_ua(section)
        catalog = plone.api.portal.get_tool("portal_catalog")
        catalog.delIndex("ua_card_languages")
        setup = plone.api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile(PROFILE, "1009")
        setup.upgradeProfile(PROFILE)
        self.catalog = catalog

    def test_cases_indexed_by_the_languages_of_their_cards(self):
        language = self.ua.Language() or plone.api.portal.get_default_language()
        brains = self.catalog(ua_card_languages=language)
        assert [brain.UID for brain in brains] == [self.ua.UID()]

    def test_profile_at_1010(self):
        setup = plone.api.portal.get_tool("portal_setup")
        assert setup.getLastVersionForProfile(PROFILE) == (
            setup.getVersionForProfile(PROFILE),
        )
