"""Follow and unfollow, the notification settings and the outcome badge,
through real HTTP requests to the test site."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import preferences
from plone.testing.zope import Browser

import plone.api
import pytest
import transaction


PASSWORD = "secret-password-1"


def browser_for(app, userid=None):
    browser = Browser(app)
    browser.handleErrors = False
    browser.raiseHttpErrors = False
    if userid:
        browser.addHeader("Authorization", f"Basic {userid}:{PASSWORD}")
    return browser


def record(userid):
    transaction.begin()  # see what the requests committed
    return storage.member_records().get(userid)


@pytest.fixture
def ua(functional_portal, add_member, new_ua):
    add_member("anna")
    add_member("ben")
    return new_ua()


class TestFollow:
    @pytest.fixture(autouse=True)
    def setup(self, functional_app, functional_portal, ua):
        self.app = functional_app
        self.site_url = functional_portal.absolute_url()
        self.ua = ua
        self.url = ua.absolute_url()

    def authenticator(self, browser):
        """The member's CSRF token, as any of their forms carries it."""
        browser.open(f"{self.site_url}/@@urgentactions-preferences")
        return browser.getControl(name="_authenticator").value

    def post(self, browser, view, token):
        browser.addHeader("Referer", self.url)
        browser.post(f"{self.url}/@@{view}", f"_authenticator={token}")

    def test_follow_and_unfollow(self):
        browser = browser_for(self.app, "anna")
        token = self.authenticator(browser)
        self.post(browser, "follow", token)
        assert browser.url == self.url
        assert "You follow this Urgent Action" in browser.contents
        assert record("anna").is_following(self.ua.UID())
        assert record("ben") is None or not record("ben").is_following(self.ua.UID())

        self.post(browser, "unfollow", token)
        assert browser.url == self.url
        assert "You no longer follow this Urgent Action." in browser.contents
        assert not record("anna").is_following(self.ua.UID())

    def test_get_is_refused(self):
        browser = browser_for(self.app, "anna")
        browser.open(f"{self.url}/@@follow")
        assert browser.headers["status"].startswith("405")
        assert browser.headers["Allow"] == "POST"
        assert record("anna") is None or not record("anna").is_following(self.ua.UID())

    def test_forged_request_is_refused(self):
        browser = browser_for(self.app, "anna")
        browser.handleErrors = True
        browser.post(f"{self.url}/@@follow", "_authenticator=forged")
        assert browser.headers["status"].startswith("403")
        assert record("anna") is None or not record("anna").is_following(self.ua.UID())

    def test_anonymous_is_sent_to_login(self):
        browser = browser_for(self.app)
        browser.post(f"{self.url}/@@follow", "")
        assert "/login" in browser.url
        assert "came_from=" in browser.url


class TestPreferences:
    @pytest.fixture(autouse=True)
    def setup(self, functional_app, functional_portal, ua):
        self.app = functional_app
        self.url = f"{functional_portal.absolute_url()}/@@urgentactions-preferences"

    def test_member_saves_settings(self):
        browser = browser_for(self.app, "anna")
        browser.open(self.url)
        assert "Urgent Actions: notification settings" in browser.contents
        browser.getControl(name="delivery").value = ["digest"]
        browser.getControl(name="language").value = ["it"]
        browser.getControl(name="countries:list").value = ["BY", "TR"]
        browser.getControl(name="themes:list").value = ["torture"]
        browser.getControl(name="reminder_days").value = ["3"]
        browser.getControl(name="auto_follow").value = []
        browser.getControl(name="form.buttons.save").click()
        assert browser.url == self.url
        assert "Your notification settings have been saved." in browser.contents
        saved = record("anna")
        assert {
            name: preferences.get(saved, name)
            for name in (
                "delivery",
                "language",
                "countries",
                "themes",
                "reminder_days",
                "no_auto_follow",
            )
        } == {
            "delivery": "digest",
            "language": "it",
            "countries": ["BY", "TR"],
            "themes": ["torture"],
            "reminder_days": 3,
            "no_auto_follow": True,
        }
        assert preferences.delivery_since(saved) is not None
        # The form shows what was saved.
        assert browser.getControl(name="delivery").value == ["digest"]
        assert browser.getControl(name="countries:list").value == ["BY", "TR"]

    def test_bad_input_changes_nothing(self):
        browser = browser_for(self.app, "anna")
        browser.open(self.url)
        token = browser.getControl(name="_authenticator").value
        browser.post(
            self.url,
            f"_authenticator={token}&delivery=hourly&countries:list=XX"
            "&themes:list=torture&reminder_days=99",
        )
        assert browser.headers["status"].startswith("400")
        assert "Nothing has been saved." in browser.contents
        assert "Choose countries from the list." in browser.contents
        assert "Choose immediate emails or a daily digest." in browser.contents
        assert "Choose when to be reminded." in browser.contents
        assert record("anna") is None or record("anna").preferences == {}

    def test_forged_request_is_refused(self):
        browser = browser_for(self.app, "anna")
        browser.handleErrors = True
        browser.post(self.url, "_authenticator=forged&delivery=digest")
        assert browser.headers["status"].startswith("403")
        assert record("anna") is None or record("anna").preferences == {}

    def test_anonymous_must_log_in(self):
        browser = browser_for(self.app)
        browser.handleErrors = True
        browser.open(self.url)
        assert "require_login" in browser.url or "/login" in browser.url
        assert 'name="delivery"' not in browser.contents


def test_outcome_badge(functional_app, new_ua):
    ua = new_ua(state="closed")
    browser = browser_for(functional_app)
    browser.open(ua.absolute_url())
    assert "ua-outcome" not in browser.contents
    with plone.api.env.adopt_roles(["Manager"]):
        ua.outcome = "charges-dropped"
    transaction.commit()
    browser.open(ua.absolute_url())
    assert 'class="badge bg-success ua-outcome-charges-dropped">Charges dropped<' in (
        browser.contents
    )
