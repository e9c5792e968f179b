"""Draft, pending review, published (open for letters) and closed; automatic
closing; who may do what."""

from collective.urgentactions.status import close_expired
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import closed_on
from collective.urgentactions.status import DRAFT
from collective.urgentactions.status import OPEN
from collective.urgentactions.status import ua_status
from datetime import date
from datetime import timedelta
from plone.api.exc import InvalidParameterError
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain

import plone.api
import pytest


TODAY = date.today()


class TestWorkflow:
    @pytest.fixture(autouse=True)
    def setup(self, portal, make_ua):
        self.portal = portal
        self.make_ua = make_ua

    def test_new_action_is_a_draft_hidden_from_visitors(self):
        ua = self.make_ua(state="draft")
        assert ua_status(ua) == DRAFT
        logout()
        assert not plone.api.user.has_permission("View", obj=ua)

    def test_published_action_is_open_and_public(self):
        ua = self.make_ua(closing_date=TODAY + timedelta(days=5))
        assert ua_status(ua) == OPEN
        logout()
        assert plone.api.user.has_permission("View", obj=ua)

    @pytest.mark.parametrize(
        "roles", [["Reviewer"], ["Site Administrator"], ["Manager"]]
    )
    def test_editors_close_by_hand(self, roles):
        ua = self.make_ua()
        setRoles(self.portal, TEST_USER_ID, roles)
        plone.api.content.transition(ua, transition="close")
        assert ua_status(ua) == CLOSED
        assert closed_on(ua) == TODAY

    def test_members_cannot_close(self):
        ua = self.make_ua()
        setRoles(self.portal, TEST_USER_ID, ["Member"])
        with pytest.raises(InvalidParameterError):
            plone.api.content.transition(ua, transition="close")
        assert ua_status(ua) == OPEN

    def test_expired_action_is_never_shown_as_open(self):
        ua = self.make_ua(
            issue_date=TODAY - timedelta(days=40),
            closing_date=TODAY - timedelta(days=1),
        )
        assert plone.api.content.get_state(ua) == "published"
        assert ua_status(ua) == CLOSED
        assert closed_on(ua) == TODAY - timedelta(days=1)

    def test_closing_day_itself_is_closed(self):
        ua = self.make_ua(issue_date=TODAY - timedelta(days=40), closing_date=TODAY)
        assert ua_status(ua) == CLOSED

    def test_close_expired_closes_only_expired_ones(self):
        expired = self.make_ua(
            ua_number="001/20",
            issue_date=TODAY - timedelta(days=40),
            closing_date=TODAY - timedelta(days=2),
        )
        running = self.make_ua(
            ua_number="002/20", title="Running", closing_date=TODAY + timedelta(days=9)
        )
        endless = self.make_ua(ua_number="003/20", title="No closing date")
        closed = close_expired(self.portal)
        assert [ua.ua_number for ua in closed] == ["001/20"]
        assert plone.api.content.get_state(expired) == "closed"
        assert closed_on(expired) == TODAY - timedelta(days=2)
        assert plone.api.content.get_state(running) == "published"
        assert plone.api.content.get_state(endless) == "published"

    def test_close_expired_reads_only_the_cases_it_closes(self, monkeypatch):
        """A catalog query finds them: the job costs in proportion to the
        cases it closes, not to every case of the site."""
        expired = [
            self.make_ua(
                ua_number=f"00{n}/20",
                issue_date=TODAY - timedelta(days=40),
                closing_date=TODAY - timedelta(days=n),
            )
            for n in (1, 2)
        ]
        for n in range(4):
            self.make_ua(ua_number=f"01{n}/20", closing_date=TODAY + timedelta(days=9))
            self.make_ua(ua_number=f"02{n}/20", state="closed")
        loaded = []
        for name in ("getObject", "_unrestrictedGetObject"):
            original = getattr(AbstractCatalogBrain, name)

            def load(brain, *args, _original=original, **kw):
                loaded.append(brain.getPath())
                return _original(brain, *args, **kw)

            monkeypatch.setattr(AbstractCatalogBrain, name, load)

        closed = close_expired(self.portal)

        paths = sorted("/".join(ua.getPhysicalPath()) for ua in expired)
        assert sorted("/".join(ua.getPhysicalPath()) for ua in closed) == paths
        assert sorted(set(loaded)) == paths

    def test_closed_early_by_hand_shows_that_day(self):
        ua = self.make_ua(closing_date=TODAY + timedelta(days=30))
        setRoles(self.portal, TEST_USER_ID, ["Reviewer"])
        plone.api.content.transition(ua, transition="close")
        assert closed_on(ua) == TODAY

    def test_reopen(self):
        ua = self.make_ua(state="closed", closing_date=TODAY + timedelta(days=3))
        setRoles(self.portal, TEST_USER_ID, ["Reviewer"])
        plone.api.content.transition(ua, transition="reopen")
        assert ua_status(ua) == OPEN
