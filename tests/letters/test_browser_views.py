"""The letter counter, "My Urgent Actions" and "My letters" as members and
visitors use them, through real HTTP requests to the test site."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.portlets.my_urgent_actions import Assignment
from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import create_update
from datetime import date
from datetime import timedelta
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletManager
from plone.testing.zope import Browser
from zope.component import getMultiAdapter
from zope.component import getUtility

import csv
import io
import json
import plone.api
import pytest
import transaction


PASSWORD = "secret-password-1"


@pytest.fixture
def site(functional_portal):
    portal = functional_portal
    for userid, roles in (
        ("member", ["Member"]),
        ("other", ["Member"]),
        ("editor", ["Member", "Editor"]),
    ):
        portal.acl_users.userFolderAddUser(userid, PASSWORD, roles, [])
    manager = getUtility(IPortletManager, name="plone.rightcolumn", context=portal)
    mapping = getMultiAdapter((portal, manager), IPortletAssignmentMapping)
    mapping["my-urgent-actions"] = Assignment()
    transaction.commit()
    return portal


@pytest.fixture
def ua_url(site):
    uid = create_ua(site["urgent-actions"]).UID()
    transaction.commit()
    return plone.api.content.get(UID=uid).absolute_url()


def browser_for(app, userid=None):
    browser = Browser(app)
    browser.handleErrors = False
    browser.raiseHttpErrors = False
    if userid:
        password = SITE_OWNER_PASSWORD if userid == SITE_OWNER_NAME else PASSWORD
        browser.addHeader("Authorization", f"Basic {userid}:{password}")
    return browser


def fresh(site, url):
    transaction.begin()
    return site.unrestrictedTraverse(url.replace(site.absolute_url(), "").lstrip("/"))


def press(site, url, userid, quantity=1):
    login(site, userid)
    count_letters(fresh(site, url), quantity)
    logout()
    transaction.commit()


class TestViewlet:
    @pytest.fixture(autouse=True)
    def setup(self, functional_app, site, ua_url):
        self.app = functional_app
        self.site = site
        self.url = ua_url

    def token(self, browser):
        form = browser.getForm(action=f"{self.url}/@@count-letters")
        return form.getControl(name="_authenticator").value

    def test_anonymous_sees_total_and_login_prompt(self):
        press(self.site, self.url, "other", 8)
        browser = browser_for(self.app)
        browser.open(self.url)
        assert "8 letters sent" in browser.contents
        assert "To have your letter counted and to use the update function" in (
            browser.contents
        )
        assert browser.getLink("log in").url.endswith(f"came_from={self.url}")
        assert "I sent a letter" not in browser.contents

    def test_register_link_only_with_self_registration(self):
        browser = browser_for(self.app)
        plone.api.portal.set_registry_record("plone.enable_self_reg", True)
        transaction.commit()
        browser.open(self.url)
        assert browser.getLink("register").url.endswith("/@@register")
        plone.api.portal.set_registry_record("plone.enable_self_reg", False)
        transaction.commit()
        browser.open(self.url)
        assert ">register<" not in browser.contents

    def test_singular(self):
        press(self.site, self.url, "other", 1)
        browser = browser_for(self.app)
        browser.open(self.url)
        assert "1 letter sent" in browser.contents

    def test_member_presses_the_button(self):
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        browser.getControl(name="quantity").value = "2"
        browser.getControl(name="channel").value = ["email"]
        browser.getControl("I sent a letter").click()
        assert browser.url == self.url
        assert "Thank you! Your letter has been counted." in browser.contents
        assert "2 letters sent" in browser.contents
        assert "You sent 2 letters" in browser.contents
        assert IActionTally(fresh(self.site, self.url)).total() == 2

    def test_resubmitted_form_counts_once(self):
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        form = browser.getForm(action=f"{self.url}/@@count-letters")
        submission = form.getControl(name="submission_id").value
        token = self.token(browser)
        for _ in range(2):
            browser.post(
                f"{self.url}/@@count-letters",
                f"_authenticator={token}&submission_id={submission}&quantity=1",
            )
        assert "This letter was counted already." in browser.contents
        assert IActionTally(fresh(self.site, self.url)).total() == 1

    def test_undo(self):
        press(self.site, self.url, "member", 3)
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        browser.getControl("Take back my last entry").click()
        assert "Your last entry has been taken back." in browser.contents
        assert IActionTally(fresh(self.site, self.url)).total() == 0

    def test_missing_csrf_token_changes_nothing(self):
        browser = browser_for(self.app, "member")
        browser.post(f"{self.url}/@@count-letters", "quantity=1")
        assert "Your session has expired" in browser.contents
        assert IActionTally(fresh(self.site, self.url)).total() == 0

    def test_wrong_csrf_token_as_json(self):
        browser = browser_for(self.app, "member")
        browser.addHeader("Accept", "application/json")
        browser.post(f"{self.url}/@@count-letters", "_authenticator=forged&quantity=1")
        assert browser.headers["status"].startswith("403")
        assert "session has expired" in json.loads(browser.contents)["error"]
        assert IActionTally(fresh(self.site, self.url)).total() == 0

    @pytest.mark.parametrize(
        "quantity,status", [("abc", 400), ("0", 400), ("-2", 400), ("11", 400)]
    )
    def test_bad_quantity_as_json(self, quantity, status):
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        token = self.token(browser)
        browser.addHeader("Accept", "application/json")
        browser.post(
            f"{self.url}/@@count-letters",
            f"_authenticator={token}&quantity={quantity}",
        )
        assert browser.headers["status"].startswith(str(status))
        assert json.loads(browser.contents)["error"]
        assert IActionTally(fresh(self.site, self.url)).total() == 0

    def test_unknown_channel_as_form(self):
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        token = self.token(browser)
        browser.post(
            f"{self.url}/@@count-letters",
            f"_authenticator={token}&quantity=1&channel=pigeon",
        )
        assert "Unknown way of sending: pigeon" in browser.contents
        assert IActionTally(fresh(self.site, self.url)).total() == 0

    def test_json_press_returns_new_viewlet(self):
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        token = self.token(browser)
        browser.addHeader("Accept", "application/json")
        browser.post(
            f"{self.url}/@@count-letters", f"_authenticator={token}&quantity=1"
        )
        data = json.loads(browser.contents)
        assert data["total"] == 1
        assert data["mine"] == 1
        assert "You sent 1 letter" in data["html"]

    def test_get_is_refused(self):
        browser = browser_for(self.app, "member")
        browser.open(f"{self.url}/@@count-letters?quantity=1")
        assert IActionTally(fresh(self.site, self.url)).total() == 0

    def test_anonymous_post_changes_nothing(self):
        browser = browser_for(self.app)
        browser.open(self.url)
        browser.addHeader("Accept", "application/json")
        browser.post(f"{self.url}/@@count-letters", "quantity=1")
        assert browser.headers["status"][:3] in ("401", "403")
        assert IActionTally(fresh(self.site, self.url)).total() == 0

    def test_display_threshold(self):
        press(self.site, self.url, "other", 2)
        plone.api.portal.set_registry_record(
            "collective.urgentactions.display_threshold", 5
        )
        transaction.commit()
        browser = browser_for(self.app)
        browser.open(self.url)
        assert "letters sent" not in browser.contents
        press(self.site, self.url, "member", 3)
        browser.open(self.url)
        assert "5 letters sent" in browser.contents

    def test_closed_action_shows_final_count_without_button(self):
        press(self.site, self.url, "member", 4)
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(fresh(self.site, self.url), transition="close")
        transaction.commit()
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        assert "4 letters sent" in browser.contents
        assert "You sent 4 letters" in browser.contents
        assert "I sent a letter" not in browser.contents
        assert "Take back my last entry" not in browser.contents
        assert "Letters are no longer needed." in browser.contents


class TestStatistics:
    @pytest.fixture(autouse=True)
    def setup(self, functional_app, site, ua_url):
        self.app = functional_app
        self.site = site
        self.url = ua_url

    def test_editor_adds_offline_letters(self):
        press(self.site, self.url, "member", 2)
        browser = browser_for(self.app, "editor")
        browser.open(f"{self.url}/@@letter-statistics")
        form = browser.getForm(id="offline-letters-form")
        form.getControl(name="quantity").value = "30"
        form.getControl(name="note").value = "Local group Bern"
        form.getControl("Add offline letters").click()
        assert "The offline letters have been added." in browser.contents
        assert "Local group Bern" in browser.contents
        assert IActionTally(fresh(self.site, self.url)).total() == 32
        assert (
            "member"
            not in browser.contents.split('id="content"')[1].split("</article>")[0]
        )

    def test_bad_offline_quantity(self):
        browser = browser_for(self.app, "editor")
        browser.open(f"{self.url}/@@letter-statistics")
        form = browser.getForm(id="offline-letters-form")
        form.getControl(name="quantity").value = "0"
        form.getControl("Add offline letters").click()
        assert browser.headers["status"].startswith("400")
        assert "Count at least one letter." in browser.contents
        assert IActionTally(fresh(self.site, self.url)).total() == 0

    @pytest.mark.parametrize("userid", [None, "member"])
    def test_members_cannot_see_statistics(self, userid):
        browser = browser_for(self.app, userid)
        browser.handleErrors = True
        browser.open(f"{self.url}/@@letter-statistics")
        assert "Add offline letters" not in browser.contents
        assert "By way of sending" not in browser.contents


class TestMyUrgentActionsPortlet:
    @pytest.fixture(autouse=True)
    def setup(self, functional_app, site):
        self.app = functional_app
        self.site = site
        section = site["urgent-actions"]
        self.old = create_ua(
            section, ua_number="010/20", title="Closed case", state="closed"
        ).UID()
        self.open_old = create_ua(
            section,
            ua_number="020/20",
            title="Older open case",
            issue_date=date.today() - timedelta(days=20),
        ).UID()
        self.open_new = create_ua(
            section,
            ua_number="030/20",
            title="Newer open case",
            issue_date=date.today() - timedelta(days=2),
            closing_date=date.today() + timedelta(days=30),
        ).UID()
        transaction.commit()
        for uid, quantity in ((self.open_old, 1), (self.open_new, 2)):
            press(
                self.site,
                plone.api.content.get(UID=uid).absolute_url(),
                "member",
                quantity,
            )
        # the closed case: counted while it was open
        ua = plone.api.content.get(UID=self.old)
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(ua, transition="reopen")
        transaction.commit()
        press(self.site, ua.absolute_url(), "member", 3)
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(
                plone.api.content.get(UID=self.old), transition="close"
            )
        transaction.commit()

    def portlet(self, userid):
        browser = browser_for(self.app, userid)
        browser.open(self.site.absolute_url())
        if "portletMyUrgentActions" not in browser.contents:
            return None
        return browser.contents.split("portletMyUrgentActions")[1].split("</section>")[
            0
        ]

    def test_open_first_then_closed_with_counts(self):
        html = self.portlet("member")
        assert (
            html.index("UA 030/20") < html.index("UA 020/20") < html.index("UA 010/20")
        )
        assert "You sent 2 letters" in html
        assert "You sent 1 letter<" in html
        assert "You sent 3 letters" in html
        assert "Closed on" in html
        assert "Open for letters until" in html

    def test_hidden_for_anonymous(self):
        assert self.portlet(None) is None

    def test_empty_state_for_another_member(self):
        html = self.portlet("other")
        assert "You have not counted any letters yet." in html
        assert "UA 0" not in html

    def test_update_marker_until_the_member_opens_the_action(self):
        ua = plone.api.content.get(UID=self.open_new)
        create_update(ua, "Trial date set")
        transaction.commit()
        html = self.portlet("member")
        assert html.count("New update") == 1
        assert html.index("New update") > html.index("UA 030/20")
        browser_for(self.app, "member").open(ua.absolute_url())
        assert "New update" not in self.portlet("member")


class TestMyLetters:
    @pytest.fixture(autouse=True)
    def setup(self, functional_app, site, ua_url):
        self.app = functional_app
        self.site = site
        self.url = ua_url
        press(site, ua_url, "member", 2)
        press(site, ua_url, "other", 1)

    def test_export_json_has_only_own_data(self):
        browser = browser_for(self.app, "member")
        browser.open(f"{self.site.absolute_url()}/@@my-letters?export=json")
        data = json.loads(browser.contents)
        assert data["userid"] == "member"
        assert [a["ua_number"] for a in data["actions"]] == ["065/20"]
        assert data["actions"][0]["entries"][0]["quantity"] == 2
        assert b"other" not in browser.contents

    def test_export_csv(self):
        browser = browser_for(self.app, "member")
        browser.open(f"{self.site.absolute_url()}/@@my-letters?export=csv")
        rows = list(csv.DictReader(io.StringIO(browser.contents)))
        assert [(r["ua_number"], r["quantity"]) for r in rows] == [("065/20", "2")]

    def test_erase_keeps_totals(self):
        browser = browser_for(self.app, "member")
        browser.open(f"{self.site.absolute_url()}/@@my-letters")
        browser.getControl(name="confirm").value = True
        browser.getControl("Erase my data").click()
        assert "have been erased" in browser.contents
        transaction.begin()
        assert storage.member_records(self.site).get("member") is None
        assert IActionTally(fresh(self.site, self.url)).total() == 3
        assert (
            storage.member_records(self.site)
            .get("other")
            .count(fresh(self.site, self.url).UID())
            == 1
        )

    def test_erase_needs_confirmation(self):
        browser = browser_for(self.app, "member")
        browser.open(f"{self.site.absolute_url()}/@@my-letters")
        browser.getControl("Erase my data").click()
        assert browser.headers["status"].startswith("400")
        assert "Tick the box" in browser.contents
        transaction.begin()
        assert storage.member_records(self.site).get("member") is not None

    def test_anonymous_is_sent_to_login(self):
        browser = browser_for(self.app)
        browser.handleErrors = True
        browser.open(f"{self.site.absolute_url()}/@@my-letters?export=json")
        assert "login" in browser.url
        assert '"userid"' not in browser.contents

    def test_deleting_the_user_erases_the_record(self):
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.user.delete(username="member")
        transaction.commit()
        assert storage.member_records(self.site).get("member") is None
        assert IActionTally(fresh(self.site, self.url)).total() == 3


class TestFollowing:
    @pytest.fixture(autouse=True)
    def setup(self, functional_app, site, ua_url):
        self.app = functional_app
        self.site = site
        self.url = ua_url

    def test_member_follows_and_unfollows_from_the_viewlet(self):
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        browser.getControl("Follow: get its updates by email").click()
        assert "You follow this Urgent Action and get its updates." in browser.contents
        viewlet = browser.getForm(action=f"{self.url}/@@unfollow", index=0)
        viewlet.getControl("Unfollow").click()
        assert "Follow: get its updates by email" in browser.contents

    def test_counting_follows_and_the_portlet_unfollows(self):
        press(self.site, self.url, "member", 1)
        browser = browser_for(self.app, "member")
        browser.open(self.url)
        assert "You follow this Urgent Action" in browser.contents
        portlet = browser.getForm(action=f"{self.url}/@@unfollow", index=1)
        portlet.getControl("Unfollow").click()
        transaction.begin()
        record = storage.member_records(self.site).get("member")
        assert not record.is_following(fresh(self.site, self.url).UID())
