"""The groups the add-on creates and what their members may do, with no role
but membership: editors publish, close, reopen and retract cases and updates;
contributors write drafts and submit them."""

from collective.urgentactions.setuphandlers import CONTRIBUTORS_GROUP
from collective.urgentactions.setuphandlers import EDITORS_GROUP
from collective.urgentactions.testing import create_ua
from plone.api.exc import InvalidParameterError

import plone.api
import pytest


def transitions(obj):
    workflow = plone.api.portal.get_tool("portal_workflow")
    return sorted(t["id"] for t in workflow.getTransitionsFor(obj))


class TestGroups:
    @pytest.fixture(autouse=True)
    def setup(self, portal, section):
        self.portal = portal
        self.section = section
        for userid, group in (("edna", EDITORS_GROUP), ("carl", CONTRIBUTORS_GROUP)):
            plone.api.user.create(
                username=userid, email=f"{userid}@example.org", password="secret-12345"
            )
            plone.api.group.add_user(groupname=group, username=userid)

    def test_groups_hold_their_roles_on_the_section_only(self):
        assert plone.api.group.get(EDITORS_GROUP).getProperty("title") == (
            "Urgent Action editors"
        )
        local = dict(self.section.get_local_roles())
        assert sorted(local[EDITORS_GROUP]) == ["Contributor", "Editor", "Reviewer"]
        assert local[CONTRIBUTORS_GROUP] == ("Contributor",)
        assert "Editor" not in plone.api.user.get_roles(username="edna")
        assert "Reviewer" not in plone.api.user.get_roles(
            username="edna", obj=self.portal
        )

    def test_editor_creates_publishes_closes_reopens_retracts(self):
        with plone.api.env.adopt_user(username="edna"):
            ua = create_ua_as_user(self.section)
            assert transitions(ua) == ["publish", "submit"]
            plone.api.content.transition(ua, transition="publish")
            update = plone.api.content.create(
                container=ua, type="UrgentActionUpdate", title="Moved"
            )
            plone.api.content.transition(update, transition="publish")
            plone.api.content.transition(update, transition="retract")
            plone.api.content.transition(update, transition="publish")
            plone.api.content.transition(ua, transition="close")
            plone.api.content.transition(ua, transition="reopen")
            plone.api.content.transition(ua, transition="retract")
        assert plone.api.content.get_state(ua) == "draft"
        assert plone.api.content.get_state(update) == "published"

    def test_contributor_submits_but_cannot_publish(self):
        with plone.api.env.adopt_user(username="carl"):
            ua = create_ua_as_user(self.section)
            assert transitions(ua) == ["submit"]
            with pytest.raises(InvalidParameterError):
                plone.api.content.transition(ua, transition="publish")
            plone.api.content.transition(ua, transition="submit")
            assert transitions(ua) == []
            assert not plone.api.user.has_permission("Modify portal content", obj=ua)
        with plone.api.env.adopt_user(username="edna"):
            assert transitions(ua) == ["publish", "reject"]
            plone.api.content.transition(ua, transition="reject")
        assert plone.api.content.get_state(ua) == "draft"

    def test_contributor_cannot_publish_updates(self):
        ua = create_ua(self.section, "published")
        with plone.api.env.adopt_user(username="edna"):
            update = plone.api.content.create(
                container=ua, type="UrgentActionUpdate", title="News"
            )
        plone.api.user.grant_roles(username="carl", obj=update, roles=["Owner"])
        with plone.api.env.adopt_user(username="carl"):
            assert transitions(update) == ["submit"]

    def test_members_and_visitors_change_nothing(self):
        plone.api.user.create(
            username="mia", email="m@example.org", password="secret-12345"
        )
        ua = create_ua(self.section, "draft")
        with plone.api.env.adopt_user(username="mia"):
            assert transitions(ua) == []


def create_ua_as_user(section):
    return plone.api.content.create(
        container=section,
        type="UrgentAction",
        title="Blogger held",
        ua_number="120/26",
        ai_index="EUR 49/1234/2026",
        country="KG",
    )


class TestSiteAdministrator:
    def test_reaches_the_control_panel(self, portal):
        plone.api.user.create(
            username="sam", email="s@example.org", password="secret-12345"
        )
        plone.api.user.grant_roles(username="sam", roles=["Site Administrator"])
        with plone.api.env.adopt_user(username="sam"):
            assert plone.api.user.has_permission(
                "collective.urgentactions: Manage settings", obj=portal
            )
            configlets = plone.api.portal.get_tool(
                "portal_controlpanel"
            ).enumConfiglets(group="Products")
            assert "urgentactions" in [c["id"] for c in configlets]
