"""The demo profile: fictional cases, a demo member, self-registration."""

from babel.dates import format_date
from collective.urgentactions.addressbook.recipients import ADDRESSEE
from collective.urgentactions.addressbook.recipients import COPY
from collective.urgentactions.addressbook.recipients import recipients
from collective.urgentactions.demo import DEMO_MEMBER_ID
from collective.urgentactions.demo import DEMO_MEMBER_PASSWORD
from collective.urgentactions.demo.texts import BASICS_PAGE_ID
from collective.urgentactions.demo.texts import CLOSED_CASE_ID
from collective.urgentactions.demo.texts import FOLLOW_UP_CASE_ID
from collective.urgentactions.demo.texts import OPEN_CASE_ID
from collective.urgentactions.status import ua_status
from collective.urgentactions.testing import DEMO_FUNCTIONAL_TESTING
from collective.urgentactions.testing import DEMO_INTEGRATION_TESTING
from collective.urgentactions.writing.letters import plain_letter
from datetime import date
from datetime import timedelta
from docx import Document
from io import BytesIO
from plone.dexterity.utils import createContentInContainer
from plone.testing.zope import Browser
from pytest_plone import fixtures_factory

import json
import lxml.html
import plone.api
import pytest
import re


DEMO_PROFILE = "profile-collective.urgentactions:demo"

# The demo layers are set up for each test class and torn down after it
# (``keep_session=False``): a second sandbox layer over the add-on's fixture
# that stayed up for the whole session would shadow the fixture's database
# in the other modules' tests.
globals().update(
    fixtures_factory(
        (
            (DEMO_INTEGRATION_TESTING, "demo_integration"),
            (DEMO_FUNCTIONAL_TESTING, "demo_functional"),
        ),
        keep_session=False,
    )
)


@pytest.fixture
def portal(demo_integration):
    return demo_integration["portal"]


def case(portal, case_id):
    brains = portal.portal_catalog.unrestrictedSearchResults(
        portal_type="UrgentAction", getId=case_id
    )
    assert len(brains) == 1
    return brains[0]._unrestrictedGetObject()


def children(ua, portal_type):
    return [obj for obj in ua.objectValues() if obj.portal_type == portal_type]


def docx_text(template):
    """The text of the letter a visitor downloads (placeholders filled with
    the first addressee, the sender left to write by hand)."""
    document = Document(BytesIO(plain_letter(template)))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def apply_demo_profile(portal):
    with plone.api.env.adopt_roles(["Manager"]):
        portal.portal_setup.runAllImportStepsFromProfile(DEMO_PROFILE)


def counts(portal):
    catalog = portal.portal_catalog
    return {
        portal_type: len(catalog.unrestrictedSearchResults(portal_type=portal_type))
        for portal_type in ("UrgentAction", "UrgentActionUpdate", "LetterTemplate")
    } | {
        "basics": len(catalog.unrestrictedSearchResults(getId=BASICS_PAGE_ID)),
        "users": len(plone.api.user.get_users()),
    }


class TestCases:
    def test_three_cases(self, portal):
        brains = portal.portal_catalog.unrestrictedSearchResults(
            portal_type="UrgentAction"
        )
        assert sorted(brain.getId for brain in brains) == sorted(
            [OPEN_CASE_ID, CLOSED_CASE_ID, FOLLOW_UP_CASE_ID]
        )

    @pytest.mark.parametrize(
        "case_id,review_state,status",
        [
            (OPEN_CASE_ID, "published", "open"),
            (CLOSED_CASE_ID, "closed", "closed"),
            (FOLLOW_UP_CASE_ID, "published", "open"),
        ],
    )
    def test_states(self, portal, case_id, review_state, status):
        ua = case(portal, case_id)
        assert plone.api.content.get_state(ua) == review_state
        assert ua_status(ua) == status

    def test_open_case_is_open_for_weeks(self, portal):
        ua = case(portal, OPEN_CASE_ID)
        today = date.today()
        assert ua.issue_date <= today
        assert ua.closing_date >= today + timedelta(days=30)

    def test_closed_case_closing_date_passed(self, portal):
        ua = case(portal, CLOSED_CASE_ID)
        assert ua.issue_date < ua.closing_date < date.today()

    def test_numbers(self, portal):
        open_ua = case(portal, OPEN_CASE_ID)
        closed = case(portal, CLOSED_CASE_ID)
        follow_up = case(portal, FOLLOW_UP_CASE_ID)
        assert open_ua.ua_number == f"123/{open_ua.issue_date:%y}"
        assert closed.ua_number == f"071/{closed.issue_date:%y}"
        assert closed.issue_date.year < date.today().year
        assert follow_up.ua_number == f"{closed.ua_number}-1"

    @pytest.mark.parametrize(
        "case_id", [OPEN_CASE_ID, CLOSED_CASE_ID, FOLLOW_UP_CASE_ID]
    )
    def test_filed_by_issue_date(self, portal, case_id):
        ua = case(portal, case_id)
        expected = f"/plone/urgent-actions/{ua.issue_date:%Y}/{ua.issue_date:%m}"
        assert "/".join(ua.aq_parent.getPhysicalPath()) == expected

    @pytest.mark.parametrize(
        "case_id", [OPEN_CASE_ID, CLOSED_CASE_ID, FOLLOW_UP_CASE_ID]
    )
    def test_ai_index_year_is_issue_year(self, portal, case_id):
        ua = case(portal, case_id)
        assert re.fullmatch(
            rf"[A-Z]{{3}} \d\d/\d{{4}}/{ua.issue_date.year}", ua.ai_index
        )

    def test_follow_up_related_to_original_case(self, portal):
        follow_up = case(portal, FOLLOW_UP_CASE_ID)
        assert case(portal, CLOSED_CASE_ID) in [
            rel.to_object for rel in follow_up.relatedItems
        ]

    def test_follow_up_letter_template(self, portal):
        follow_up = case(portal, FOLLOW_UP_CASE_ID)
        assert "Dear Prosecutor General," in docx_text(follow_up["english"])


class TestOpenCase:
    @pytest.fixture
    def ua(self, portal):
        return case(portal, OPEN_CASE_ID)

    def test_texts(self, ua):
        assert "release" in ua.description
        assert ua.text.output.count("<p>") >= 4
        assert "The legal situation" in ua.text.output
        assert ua.background.output.count("<p>") >= 3

    def test_addressees_from_the_address_book(self, ua):
        addressees = recipients(ua, ADDRESSEE)
        assert len(addressees) == 2
        for addressee in addressees:
            assert addressee["url"]  # an address-book entry
            assert addressee["salutations"][""]
            assert len(addressee["address_lines"]) >= 3
            assert addressee["email"].endswith("@example.org")
            assert addressee["fax"].startswith("+")
        assert ua.addressees == []

    def test_copies_to_embassy(self, ua):
        assert [copy["name"] for copy in recipients(ua, COPY)] == [
            "Embassy of the Kyrgyz Republic"
        ]

    def test_closed_case_and_follow_up_share_the_embassy(self, portal, ua):
        (first,) = recipients(case(portal, CLOSED_CASE_ID), COPY)
        (second,) = recipients(case(portal, FOLLOW_UP_CASE_ID), COPY)
        assert first["id"] == second["id"]

    def test_suggested_posts(self, ua):
        assert ua.suggested_posts
        for post in ua.suggested_posts:
            assert "@GenProsecutorKG" in post
            assert "#FreeAizada" in post

    def test_themes_and_country(self, ua):
        assert "freedom-of-expression" in ua.themes
        assert ua.country == "KG"

    def test_related_basics_page(self, portal, ua):
        assert [rel.to_object for rel in ua.relatedItems] == [portal[BASICS_PAGE_ID]]
        assert portal[BASICS_PAGE_ID].Title() == "Human rights: the basics"

    def test_two_published_updates(self, ua):
        updates = children(ua, "UrgentActionUpdate")
        assert sorted(update.title for update in updates) == [
            "Latest news",
            "Media reaction",
        ]
        assert len({update.date for update in updates}) == 2
        for update in updates:
            assert plone.api.content.get_state(update) == "published"
            assert ua.issue_date <= update.date <= date.today()

    def test_update_with_link_and_posts(self, ua):
        text = ua["latest-news"].text.output
        assert re.search(r'<a href="https://[^"]+">CLICK HERE</a>', text)
        assert "@GenProsecutorKG" in text
        assert "#FreeAizada" in text

    def test_letter_templates(self, ua):
        templates = children(ua, "LetterTemplate")
        number = ua.ua_number.replace("/", "-")
        assert sorted(
            (template.letter_language, template.file.filename) for template in templates
        ) == [
            ("de", f"ua-{number}-de.docx"),
            ("en", f"ua-{number}-en.docx"),
            ("fr", f"ua-{number}-fr.docx"),
        ]

    @pytest.mark.parametrize(
        "template_id,salutation,words",
        [
            ("english", "Dear Prosecutor General,", "I urge you to release"),
            ("deutsch", "Sehr geehrter Herr Generalstaatsanwalt,", "freizulassen"),
            ("francais", "Monsieur le Procureur général,", "Je vous demande"),
        ],
    )
    def test_letter_is_a_word_document(self, ua, template_id, salutation, words):
        text = docx_text(ua[template_id])
        assert salutation in text
        assert words in text
        assert "Prosecutor General Kanat Esenaliev" in text
        assert "720040 Bishkek" in text
        assert f"UA {ua.ua_number}" in text


class TestMembers:
    def test_can_authenticate(self, portal):
        user = portal.acl_users.authenticate(
            DEMO_MEMBER_ID, DEMO_MEMBER_PASSWORD, portal.REQUEST
        )
        assert user is not None
        assert user.getId() == DEMO_MEMBER_ID

    def test_wrong_password_fails(self, portal):
        assert (
            portal.acl_users.authenticate(
                DEMO_MEMBER_ID, "wrong-password", portal.REQUEST
            )
            is None
        )

    def test_properties_and_roles(self, portal):
        member = plone.api.user.get(username=DEMO_MEMBER_ID)
        assert member.getProperty("fullname") == "Demo Member"
        assert member.getProperty("email") == "demo@example.org"
        assert "Member" in plone.api.user.get_roles(user=member)
        assert "Manager" not in plone.api.user.get_roles(user=member)

    def test_password_length(self):
        assert len(DEMO_MEMBER_PASSWORD) >= 8

    def test_self_registration_on(self, portal):
        assert plone.api.portal.get_registry_record("plone.enable_self_reg") is True

    def test_visitors_letters_count_without_mail(self, portal):
        """A demo has no mail server to confirm addresses with."""
        record = "collective.urgentactions.confirmed_accounts_only"
        assert plone.api.portal.get_registry_record(record) is False

    def test_visitors_choose_their_password(self, portal):
        assert plone.api.portal.get_registry_record("plone.enable_user_pwd_choice")

    def test_anonymous_may_add_members(self, portal):
        roles = portal.rolesOfPermission("Add portal member")
        selected = {role["name"] for role in roles if role["selected"]}
        assert "Anonymous" in selected


class TestIdempotent:
    def test_applying_twice_adds_nothing(self, portal):
        before = counts(portal)
        numbers = {
            case_id: case(portal, case_id).ua_number
            for case_id in (OPEN_CASE_ID, CLOSED_CASE_ID, FOLLOW_UP_CASE_ID)
        }
        apply_demo_profile(portal)
        assert counts(portal) == before
        assert before["UrgentAction"] == 3
        assert before["UrgentActionUpdate"] == 3
        assert before["LetterTemplate"] == 5
        for case_id, number in numbers.items():
            assert case(portal, case_id).ua_number == number
        assert len(case(portal, OPEN_CASE_ID).relatedItems) == 1

    def test_taken_number_is_skipped(self, portal):
        """A missing demo case is created again, with the next free number
        when an editor's action has taken its number meanwhile."""
        open_ua = case(portal, OPEN_CASE_ID)
        number = open_ua.ua_number
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.delete(open_ua)
            createContentInContainer(
                portal["urgent-actions"],
                "UrgentAction",
                title="An editor's action",
                ua_number=number,
                ai_index="EUR 01/0001/2020",
                country="FR",
                issue_date=date.today(),
            )
        apply_demo_profile(portal)
        recreated = case(portal, OPEN_CASE_ID)
        assert recreated.ua_number == f"124/{recreated.issue_date:%y}"
        assert len(children(recreated, "LetterTemplate")) == 3
        assert docx_text(recreated["english"]).count(f"UA {recreated.ua_number}") == 1


@pytest.fixture
def site(demo_functional):
    return demo_functional["portal"]


@pytest.fixture
def browser(demo_functional):
    browser = Browser(demo_functional["app"])
    browser.handleErrors = True
    return browser


def case_url(site, case_id):
    return site.portal_catalog.unrestrictedSearchResults(
        portal_type="UrgentAction", getId=case_id
    )[0].getURL()


class TestAnonymous:
    def test_open_case_public_through_rest_api(self, site, browser):
        browser.addHeader("Accept", "application/json")
        browser.open(case_url(site, OPEN_CASE_ID))
        data = json.loads(browser.contents)
        assert data["review_state"] == "published"
        assert [item["@id"] for item in data["relatedItems"]] == [
            f"{site.absolute_url()}/{BASICS_PAGE_ID}"
        ]
        assert sorted(
            item["title"]
            for item in data["items"]
            if item["@type"] == "UrgentActionUpdate"
        ) == ["Latest news", "Media reaction"]

    def test_basics_page_public(self, site, browser):
        browser.open(f"{site.absolute_url()}/{BASICS_PAGE_ID}")
        assert "The Universal Declaration of Human Rights" in browser.contents

    def test_download_letter_template(self, site, browser):
        browser.open(f"{case_url(site, OPEN_CASE_ID)}/deutsch/@@download/file")
        assert browser.headers["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml"
        )
        assert ".docx" in browser.headers["Content-Disposition"]
        document = Document(BytesIO(browser.contents))
        assert "Mit freundlichen Grüßen" in [p.text for p in document.paragraphs]

    def test_plain_letter_addressed_with_nothing_left_to_fill_by_machine(
        self, site, browser
    ):
        browser.open(f"{case_url(site, OPEN_CASE_ID)}/deutsch/@@plain-letter")
        assert ".docx" in browser.headers["Content-Disposition"]
        text = "\n".join(p.text for p in Document(BytesIO(browser.contents)).paragraphs)
        assert "Sehr geehrter Herr Generalstaatsanwalt," in text
        assert (
            "Prosecutor General Kanat Esenaliev\nOffice of the Prosecutor General"
            in text
        )
        assert "{{" not in text and "{%" not in text
        assert "[Ihr Name]" in text

    def test_visitor_registers_and_logs_in(self, site, browser):
        browser.open(f"{site.absolute_url()}/@@register")
        browser.getControl(name="form.widgets.fullname").value = "Ada Visitor"
        browser.getControl(name="form.widgets.email").value = "ada@example.org"
        browser.getControl(name="form.widgets.username").value = "ada"
        browser.getControl(name="form.widgets.password").value = "ada-secret-1"
        browser.getControl(name="form.widgets.password_ctl").value = "ada-secret-1"
        browser.getControl(name="form.buttons.register").click()
        browser.open(f"{site.absolute_url()}/login")
        browser.getControl(name="__ac_name").value = "ada"
        browser.getControl(name="__ac_password").value = "ada-secret-1"
        browser.getControl(name="buttons.login").click()
        browser.open(site.absolute_url())
        assert "Ada Visitor" in browser.contents

    def test_demo_member_logs_in(self, site, browser):
        browser.open(f"{site.absolute_url()}/login")
        browser.getControl(name="__ac_name").value = DEMO_MEMBER_ID
        browser.getControl(name="__ac_password").value = DEMO_MEMBER_PASSWORD
        browser.getControl(name="buttons.login").click()
        assert "__ac" in browser.cookies
        browser.open(site.absolute_url())
        assert "Demo Member" in browser.contents


class TestFrontDoor:
    """The home page and the languages a visitor's browser can ask for."""

    def test_home_page_shows_the_cases_as_cards(self, site, browser):
        browser.open(site.absolute_url())
        html = lxml.html.fromstring(browser.contents)
        open_titles = [
            " ".join(a.text_content().split())
            for a in html.cssselect(".ua-home-open .ua-card .ua-title a")
        ]
        assert open_titles == [
            "Nurses' union leader on trial for peaceful strike",
            case(site, OPEN_CASE_ID).title,
        ]
        closed = html.cssselect(".ua-home-closed .ua-card")[0].text_content()
        assert "8 letters sent" in closed
        assert "Outcome: Released" in closed

    def test_case_page_in_german_as_the_browser_asks(self, site, browser):
        closed = case(site, CLOSED_CASE_ID)
        browser.addHeader("Accept-Language", "de-DE,de;q=0.9,en;q=0.5")
        browser.open(closed.absolute_url())
        html = lxml.html.fromstring(browser.contents)
        assert html.get("lang") == "de"
        day = format_date(closed.closing_date, "long", locale="de")
        assert html.cssselect(".ua-status-label")[0].text == f"Abgeschlossen am {day}"
        assert html.cssselect(".ua-status-detail")[0].text == (
            "Briefe werden nicht mehr gebraucht."
        )
        total = html.cssselect(".ua-letters-total")[0].text_content().strip()
        assert total == "8 Briefe verschickt"

    @pytest.mark.parametrize(
        "language,text",
        [
            ("fr", "Closes récemment"),
            ("it", "Chiuse di recente"),
            ("en", "Recently closed"),
        ],
    )
    def test_home_page_in_each_language(self, site, browser, language, text):
        browser.addHeader("Accept-Language", language)
        browser.open(site.absolute_url())
        assert text in browser.contents

    def test_language_switcher(self, site, browser):
        browser.open(site.absolute_url())
        html = lxml.html.fromstring(browser.contents)
        links = html.cssselect("#portal-languageselector a")
        assert len(links) == 4
        browser.open(links[1].get("href"))  # Deutsch
        assert "Kürzlich abgeschlossen" in browser.contents
