"""What cron asks the running site to do."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.maintenance import daily
from collective.urgentactions.testing import create_ua
from datetime import date
from datetime import timedelta
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import plone.api
import pytest
import transaction


@pytest.fixture
def expired_uid(functional_portal):
    functional_portal.acl_users.userFolderAddUser("member", "secret-1", ["Member"], [])
    uid = create_ua(
        functional_portal["urgent-actions"],
        issue_date=date.today() - timedelta(days=30),
        closing_date=date.today() - timedelta(days=1),
    ).UID()
    transaction.commit()
    return uid


def browser(app, user, password):
    browser = Browser(app)
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    browser.addHeader("Authorization", f"Basic {user}:{password}")
    return browser


def state(uid):
    transaction.begin()
    return plone.api.content.get_state(plone.api.content.get(UID=uid))


def url(portal, task):
    return f"{portal.absolute_url()}/@@urgentactions-maintenance?task={task}"


def test_cron_closes_expired_cases(functional_app, functional_portal, expired_uid):
    manager = browser(functional_app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    manager.post(url(functional_portal, "close-expired"), "")
    assert "1 Urgent Action(s) closed." in manager.contents
    assert state(expired_uid) == "closed"


def test_cron_sends_digests(functional_app, functional_portal, expired_uid):
    manager = browser(functional_app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    manager.post(url(functional_portal, "send-digests"), "")
    assert manager.headers["status"].startswith("200")
    assert "pending event(s) mailed" in manager.contents


@pytest.mark.parametrize(
    "method,task,status",
    [("GET", "close-expired", "405"), ("POST", "reindex-everything", "400")],
)
def test_bad_requests_change_nothing(
    functional_app, functional_portal, expired_uid, method, task, status
):
    manager = browser(functional_app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    if method == "GET":
        manager.open(url(functional_portal, task))
    else:
        manager.post(url(functional_portal, task), "")
    assert manager.headers["status"].startswith(status)
    assert state(expired_uid) == "published"


def test_members_may_not(functional_app, functional_portal, expired_uid):
    member = browser(functional_app, "member", "secret-1")
    member.post(url(functional_portal, "close-expired"), "")
    assert "closed." not in member.contents
    assert state(expired_uid) == "published"


class TestDaily:
    """``maintenance.daily``: what ``make close-expired`` does."""

    @pytest.fixture(autouse=True)
    def setup(self, portal, make_ua, manager):
        self.portal = portal
        self.make_ua = make_ua

    def test_prepares_the_days_ahead_of_open_actions_only(self):
        later = date.today() + timedelta(days=120)
        endless = self.make_ua(ua_number="010/20")
        closing = self.make_ua(
            ua_number="011/20", closing_date=date.today() + timedelta(days=5)
        )
        assert later.isoformat() not in IActionTally(endless).by_day
        closed = daily(self.portal, later)
        assert [ua.ua_number for ua in closed] == ["011/20"]
        assert later.isoformat() in IActionTally(endless).by_day
        assert later.isoformat() not in IActionTally(closing).by_day
