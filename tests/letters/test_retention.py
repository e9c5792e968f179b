"""Retention: after a case has been closed for the setting's days, the
members' records keep only their number of letters on it."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import member_actions
from collective.urgentactions.letters.retention import reduce_closed_cases
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.letters.rules import LetterError
from collective.urgentactions.letters.rules import undo_last_entry
from collective.urgentactions.privacy.packing import pack_due
from collective.urgentactions.settings import get_settings
from collective.urgentactions.testing import create_ua
from datetime import date
from datetime import timedelta
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from plone.uuid.interfaces import IUUID

import json
import plone.api
import pytest
import transaction


@pytest.fixture
def portal(integration):
    return integration["portal"]


def close(ua, days_ago):
    """The case's closing date came ``days_ago`` days ago."""
    ua.closing_date = date.today() - timedelta(days=days_ago)
    ua.reindexObject()


class TestRetention:
    @pytest.fixture(autouse=True)
    def setup(self, portal, make_ua):
        self.portal = portal
        for userid in ("member", "other"):
            portal.acl_users.userFolderAddUser(
                userid, "secret-password-1", ["Member"], []
            )
        self.old = make_ua(ua_number="001/20")
        self.recent = make_ua(ua_number="002/20")
        login(portal, "member")
        count_letters(self.old, 2, "email")
        count_letters(self.old, 1, "fax")
        count_letters(self.recent, 1, "letter")
        login(portal, "other")
        count_letters(self.old, 4, "letter")
        logout()
        self.tally_before = self.tally(self.old)
        close(self.old, get_settings().retention_days + 1)
        close(self.recent, 1)
        yield
        logout()

    def tally(self, ua):
        tally = IActionTally(ua)
        return tally.total(), tally.channel_totals(), tally.day_totals()

    def data(self, userid, ua):
        return storage.member_records().get(userid).action(IUUID(ua))

    def test_long_closed_case_keeps_only_the_number_of_letters(self):
        assert reduce_closed_cases(self.portal) == 2
        mine = self.data("member", self.old)
        assert mine["entries"] == [{"quantity": 3}]
        assert mine["submissions"] == []
        kept = json.dumps(mine)
        assert "email" not in kept and "fax" not in kept
        assert str(date.today().year) not in kept  # no time of any kind
        assert self.data("other", self.old)["entries"] == [{"quantity": 4}]

    def test_totals_and_statistics_stay(self):
        reduce_closed_cases(self.portal)
        assert self.tally(self.old) == self.tally_before
        assert self.tally_before[0] == 7

    def test_my_urgent_actions_still_shows_the_count_and_follow(self):
        before = {a["ua_number"]: a for a in member_actions("member")}
        reduce_closed_cases(self.portal)
        after = {a["ua_number"]: a for a in member_actions("member")}
        assert after["001/20"]["mine"] == 3
        assert after["001/20"]["following"] is True
        assert after == before

    def test_recently_closed_and_open_cases_keep_their_details(self):
        reduce_closed_cases(self.portal)
        entries = self.data("member", self.recent)["entries"]
        assert entries[0]["channel"] == "letter" and "when" in entries[0]

    def test_the_setting_decides(self):
        get_settings().retention_days = 400
        assert reduce_closed_cases(self.portal) == 0
        assert len(self.data("member", self.old)["entries"]) == 2

    def test_reducing_again_writes_nothing_and_a_pack_is_due(self):
        reduce_closed_cases(self.portal)
        assert pack_due(self.portal)
        assert reduce_closed_cases(self.portal) == 0

    def test_reopened_case_cannot_take_back_reduced_letters(self):
        reduce_closed_cases(self.portal)
        self.old.closing_date = None
        login(self.portal, "member")
        with pytest.raises(LetterError) as error:
            undo_last_entry(self.old)
        assert error.value.status == 409
        assert self.tally(self.old) == self.tally_before


def test_cron_runs_retention(functional_app, functional_portal):
    functional_portal.acl_users.userFolderAddUser("member", "secret-1", ["Member"], [])
    ua = create_ua(functional_portal["urgent-actions"])
    login(functional_portal, "member")
    count_letters(ua, 2, "email")
    logout()
    close(ua, 365)
    uid = IUUID(ua)
    transaction.commit()
    browser = Browser(functional_app)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    url = functional_portal.absolute_url() + "/@@urgentactions-maintenance"
    browser.post(url, "task=retention")
    assert "Letters of 1 member(s)" in browser.contents
    transaction.begin()
    record = storage.member_records(plone.api.portal.get()).get("member")
    assert record.action(uid)["entries"] == [{"quantity": 2}]
