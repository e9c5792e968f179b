"""Follow and unfollow, the notification settings and the outcome badge,
through real HTTP requests to the test site."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import preferences
from plone.testing.zope import Browser
from urllib.parse import urlencode

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


# The preferences form's request names (z3c.form widgets).
FIELDS = {
    "delivery": "form.widgets.delivery",
    "language": "form.widgets.language:list",
    "countries": "form.widgets.countries:list",
    "themes": "form.widgets.themes:list",
    "reminder_days": "form.widgets.reminder_days:list",
    "auto_follow": "form.widgets.auto_follow:list",
}


def record(userid):
    transaction.begin()  # see what the requests committed
    return storage.member_records().get(userid)


def saved_preferences(userid):
    saved = record(userid)
    return {} if saved is None else dict(saved.preferences)


def follows(userid, ua):
    saved = record(userid)
    return saved is not None and saved.is_following(ua.UID())


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
        assert not follows("ben", self.ua)

        self.post(browser, "unfollow", token)
        assert browser.url == self.url
        assert "You no longer follow this Urgent Action." in browser.contents
        assert not record("anna").is_following(self.ua.UID())

    def test_get_is_refused(self):
        browser = browser_for(self.app, "anna")
        browser.open(f"{self.url}/@@follow")
        assert browser.headers["status"].startswith("405")
        assert browser.headers["Allow"] == "POST"
        assert not follows("anna", self.ua)

    @pytest.mark.parametrize("token", ["forged", ""])
    def test_stale_token_gets_the_letter_forms_answer(self, token):
        """Back on the page with the letter forms' message, not an error page."""
        browser = browser_for(self.app, "anna")
        browser.handleErrors = True
        browser.followRedirects = False
        self.post(browser, "follow", token)
        assert browser.headers["status"].startswith("303")
        assert browser.headers["Location"] == self.url
        browser.open(self.url)
        assert "Your session has expired. Reload the page and try again." in (
            browser.contents
        )
        assert not follows("anna", self.ua)

    def test_stale_token_leaves_a_follow_in_place(self):
        browser = browser_for(self.app, "anna")
        self.post(browser, "follow", self.authenticator(browser))
        self.post(browser, "unfollow", "forged")
        assert browser.url == self.url
        assert "Your session has expired." in browser.contents
        assert follows("anna", self.ua)

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

        def field(name):
            return browser.getControl(name=FIELDS[name])

        assert "Urgent Actions: notification settings" in browser.contents
        field("delivery").value = ["digest"]
        field("language").value = ["it"]
        field("countries").value = ["BY", "TR"]
        field("themes").value = ["torture"]
        field("reminder_days").value = ["3"]
        field("auto_follow").value = []
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
        assert field("delivery").value == ["digest"]
        assert field("countries").value == ["BY", "TR"]
        assert field("auto_follow").value == []

    def test_bad_input_changes_nothing(self):
        browser = browser_for(self.app, "anna")
        browser.open(self.url)
        token = browser.getControl(name="_authenticator").value
        browser.post(
            self.url,
            urlencode(
                {
                    "_authenticator": token,
                    FIELDS["delivery"]: "hourly",
                    FIELDS["countries"]: "XX",
                    FIELDS["themes"]: "torture",
                    FIELDS["reminder_days"]: "99",
                    "form.buttons.save": "Save",
                }
            ),
        )
        assert browser.headers["status"].startswith("400")
        assert "Nothing has been saved." in browser.contents
        assert "Choose countries from the list." in browser.contents
        assert "Choose immediate emails or a daily digest." in browser.contents
        assert "Choose when to be reminded." in browser.contents
        assert saved_preferences("anna") == {}

    def test_stale_token_gets_the_letter_forms_message(self):
        browser = browser_for(self.app, "anna")
        browser.post(
            self.url,
            urlencode(
                {
                    "_authenticator": "forged",
                    FIELDS["delivery"]: "digest",
                    "form.buttons.save": "Save",
                }
            ),
        )
        assert browser.headers["status"].startswith("403")
        assert "Your session has expired. Reload the page and try again." in (
            browser.contents
        )
        assert saved_preferences("anna") == {}

    def test_anonymous_must_log_in(self):
        browser = browser_for(self.app)
        browser.handleErrors = True
        browser.open(self.url)
        assert "/login" in browser.url
        assert FIELDS["delivery"] not in browser.contents


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
