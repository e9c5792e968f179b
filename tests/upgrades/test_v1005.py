"""Upgrading a site installed before the editors' workflow (profile 1000)."""

from collective.urgentactions.setuphandlers import CONTRIBUTORS_GROUP
from collective.urgentactions.setuphandlers import EDITORS_GROUP
from collective.urgentactions.testing import create_ua
from datetime import date

import plone.api
import pytest


PROFILE = "collective.urgentactions:default"


class TestUpgradeTo1005:
    @pytest.fixture(autouse=True)
    def old_site(self, portal, section):
        """What a site at 1000 had: no groups, no hand-closed day in the
        catalog, "0 letters sent" shown, the control panel for Managers."""
        self.portal = portal
        self.section = section
        self.closed = create_ua(section, "closed", ua_number="001/20")
        catalog = plone.api.portal.get_tool("portal_catalog")
        catalog.delColumn("ua_closed_by_hand")
        for groupid in (EDITORS_GROUP, CONTRIBUTORS_GROUP):
            plone.api.group.delete(groupname=groupid)
        section.manage_delLocalRoles([EDITORS_GROUP, CONTRIBUTORS_GROUP])
        plone.api.portal.set_registry_record(
            "collective.urgentactions.display_threshold", 0
        )
        portal.manage_permission(
            "collective.urgentactions: Manage settings", ["Manager"], acquire=True
        )
        setup = plone.api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile(PROFILE, "1000")
        self.setup = setup

    def upgrade(self):
        self.setup.upgradeProfile(PROFILE)

    def test_reaches_the_profile_version(self):
        self.upgrade()
        # Later steps run too: the site ends at the profile's version.
        assert self.setup.getLastVersionForProfile(PROFILE) == (
            self.setup.getVersionForProfile(PROFILE),
        )

    def test_creates_the_groups_with_their_roles_on_the_section(self):
        self.upgrade()
        local = dict(self.section.get_local_roles())
        assert sorted(local[EDITORS_GROUP]) == ["Contributor", "Editor", "Reviewer"]
        assert local[CONTRIBUTORS_GROUP] == ("Contributor",)

    def test_workflow_gains_submit_for_review(self):
        self.upgrade()
        workflow = plone.api.portal.get_tool("portal_workflow")
        assert "pending" in workflow["urgentaction_workflow"].states
        assert "submit" in workflow["urgentaction_update_workflow"].transitions

    def test_catalog_knows_the_day_a_case_was_closed_by_hand(self):
        self.upgrade()
        (brain,) = plone.api.content.find(UID=self.closed.UID())
        assert brain.ua_closed_by_hand == date.today()

    def test_letter_templates_name_their_language_as_people_write_it(self):
        case = create_ua(self.section, "published", ua_number="002/20")
        with plone.api.env.adopt_roles(["Manager"]):
            template = plone.api.content.create(
                container=case, type="LetterTemplate", title="x", letter_language="de"
            )
        template.title = "UA 002/20 deutsch"
        self.upgrade()
        assert template.Title() == "UA 002/20 Deutsch"

    def test_threshold_zero_becomes_one(self):
        self.upgrade()
        assert (
            plone.api.portal.get_registry_record(
                "collective.urgentactions.display_threshold"
            )
            == 1
        )

    def test_a_chosen_threshold_is_kept(self):
        plone.api.portal.set_registry_record(
            "collective.urgentactions.display_threshold", 5
        )
        self.upgrade()
        assert (
            plone.api.portal.get_registry_record(
                "collective.urgentactions.display_threshold"
            )
            == 5
        )

    def test_site_administrator_reaches_the_control_panel(self):
        self.upgrade()
        roles = [
            role["name"]
            for role in self.portal.rolesOfPermission(
                "collective.urgentactions: Manage settings"
            )
            if role["selected"]
        ]
        assert "Site Administrator" in roles
