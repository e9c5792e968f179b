"""With plone.app.multilingual: the translations of a case are linked, share
one letter counter and one follow, and "My Urgent Actions" lists each case
once, in the member's language. The letter totals that cross sites
(syndication) count a translated case once."""

from collective.urgentactions.content.fields import DuplicateUANumber
from collective.urgentactions.content.urgent_action import IUrgentAction
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.interfaces import IUrgentActionsSection
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.followers import followers_of
from collective.urgentactions.letters.members import member_actions
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.letters.rules import letter_state
from collective.urgentactions.letters.rules import set_following
from collective.urgentactions.setuphandlers import EDITORS_GROUP
from collective.urgentactions.statistics.aggregates import across_cases
from collective.urgentactions.syndication import sources
from collective.urgentactions.syndication.cases import ensure_case
from collective.urgentactions.syndication.sync import Sync
from collective.urgentactions.testing import create_ua
from collective.urgentactions.translations import counted_case
from datetime import date
from datetime import timedelta
from plone.app.multilingual.browser.setup import SetupMultilingualSite
from plone.app.multilingual.interfaces import ITranslationManager
from plone.app.testing import applyProfile
from plone.app.testing import login
from plone.app.testing import logout
from plone.testing.zope import Browser
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import feedparser
import lxml.html
import os
import plone.api
import pytest
import requests
import transaction


os.environ["zope_i18n_compile_mo_files"] = "true"  # noqa: SIM112 (Zope reads it so)

# The layers' fixtures (multilingual_integration, multilingual_functional)
# are in tests/conftest.py.

PASSWORD = "secret-password-1"


def translate_case(portal):
    """An English case and its German translation, published."""
    original = create_ua(
        portal["en"],
        title="Journalist detained",
        closing_date=date.today() + timedelta(days=30),
        issue_date=date(2025, 6, 1),
        ua_number="011/25",
    )
    with plone.api.env.adopt_roles(["Manager"]):
        german = ITranslationManager(original).add_translation("de")
        german.title = "Journalist in Haft"
        german.reindexObject()
        plone.api.content.transition(german, to_state="published")
    portal.acl_users.userFolderAddUser("member", PASSWORD, ["Member"], [])
    return original, german


class TestSharedLetters:
    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_integration):
        self.portal = multilingual_integration["portal"]
        self.original, self.german = translate_case(self.portal)

    def test_translations_are_linked(self):
        translations = ITranslationManager(self.original).get_translations()
        assert set(translations) == {"en", "de"}
        assert self.german.ua_number == "011/25"  # language-independent facts
        assert self.german.closing_date == self.original.closing_date

    def test_the_original_holds_the_letters(self):
        assert counted_case(self.german) == self.original
        assert counted_case(self.original) == self.original

    def test_one_counter(self):
        login(self.portal, "member")
        count_letters(self.german, 2)
        count_letters(self.original, 1)
        assert letter_state(self.german)["total"] == 3
        assert letter_state(self.original)["total"] == 3
        assert letter_state(self.german)["mine"] == 3
        record = storage.member_records().get("member")
        assert list(record.actions) == [self.original.UID()]

    def test_one_follow(self):
        login(self.portal, "member")
        set_following(self.german, True)
        assert letter_state(self.original)["following"]
        set_following(self.original, False)
        assert not letter_state(self.german)["following"]

    def test_follow_on_a_translation_gets_the_original_s_updates(self):
        login(self.portal, "member")
        set_following(self.german, True)
        assert list(followers_of(self.original)) == ["member"]
        assert list(followers_of(self.german)) == ["member"]

    def test_my_urgent_actions_once_in_my_language(self):
        login(self.portal, "member")
        count_letters(self.german, 2)
        count_letters(self.original, 1)
        (german,) = member_actions("member", language="de")
        assert german["title"] == "Journalist in Haft"
        assert german["url"] == self.german.absolute_url()
        assert german["mine"] == 3
        (english,) = member_actions("member", language="en")
        assert english["title"] == "Journalist detained"

    def test_cross_case_statistics_count_the_case_once(self):
        login(self.portal, "member")
        count_letters(self.german, 2)
        count_letters(self.original, 1)
        logout()
        figures = across_cases(self.portal).cases
        assert [case.letters for case in figures] == [3]

    def test_translation_does_not_count_as_a_duplicate_number(self):
        field = IUrgentAction["ua_number"].bind(self.original)
        field.validate("011/25")
        IUrgentAction["ua_number"].bind(self.german).validate("011/25")
        other = create_ua(self.portal["en"], ua_number="012/25", title="Other")
        with pytest.raises(DuplicateUANumber):
            IUrgentAction["ua_number"].bind(other).validate("011/25")

    def test_facts_edited_on_the_original_reach_the_translation(self):
        closing = date.today() + timedelta(days=40)
        self.original.closing_date = closing
        notify(ObjectModifiedEvent(self.original))
        assert self.german.closing_date == closing


class TestDeletingTheOriginal:
    """The counted case goes: its translation keeps every letter and follow."""

    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_integration):
        self.portal = multilingual_integration["portal"]
        self.original, self.german = translate_case(self.portal)
        self.portal.acl_users.userFolderAddUser("other", PASSWORD, ["Member"], [])
        login(self.portal, "member")
        count_letters(self.german, 2)
        count_letters(self.original, 1)
        login(self.portal, "other")
        count_letters(self.original, 4)
        set_following(self.original, False)
        logout()
        IActionTally(self.original).add_offline(5, "admin", note="Local group")
        self.original_uid = self.original.UID()

    def delete_original(self):
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.delete(self.original)

    def test_the_translation_keeps_the_count(self):
        self.delete_original()
        assert counted_case(self.german) == self.german
        tally = IActionTally(self.german)
        assert tally.total() == 12
        assert tally.offline() == 5
        assert sum(tally.channel_totals().values()) == 7
        assert tally.offline_entries[0]["note"] == "Local group"
        assert letter_state(self.german)["total"] == 12

    def test_members_keep_their_letters_and_follows(self):
        self.delete_original()
        german_uid = self.german.UID()
        login(self.portal, "member")
        state = letter_state(self.german)
        assert (state["mine"], state["following"]) == (3, True)
        login(self.portal, "other")
        state = letter_state(self.german)
        assert (state["mine"], state["following"]) == (4, False)
        for userid in ("member", "other"):
            record = storage.member_records().get(userid)
            assert list(record.actions) == [german_uid]
        (entry,) = member_actions("member", language="de")
        assert (entry["title"], entry["mine"]) == ("Journalist in Haft", 3)

    def test_the_translation_keeps_the_followers(self):
        self.delete_original()
        assert list(followers_of(self.german)) == ["member"]

    def test_deleting_a_translation_leaves_the_original_counting(self):
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.delete(self.german)
        assert IActionTally(self.original).total() == 12
        assert list(followers_of(self.original)) == ["member"]
        record = storage.member_records().get("member")
        assert list(record.actions) == [self.original_uid]


class TestPages:
    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_functional):
        self.app = multilingual_functional["app"]
        self.portal = multilingual_functional["portal"]
        self.original, self.german = translate_case(self.portal)
        login(self.portal, "member")
        count_letters(self.original, 4)
        logout()
        transaction.commit()

    def open(self, url, language):
        browser = Browser(self.app)
        browser.handleErrors = False
        browser.addHeader("Accept-Language", language)
        browser.addHeader("Authorization", f"Basic member:{PASSWORD}")
        browser.open(url)
        return lxml.html.fromstring(browser.contents)

    def test_german_translation_shows_the_shared_count(self):
        html = self.open(self.german.absolute_url(), "de")
        total = html.cssselect(".ua-letters-total")[0].text_content().strip()
        assert total == "4 Briefe verschickt"
        mine = html.cssselect(".ua-letters-mine")[0].text_content().strip()
        assert mine == "Sie haben 4 Briefe verschickt"

    def test_my_letters_page_lists_the_case_once(self):
        html = self.open(f"{self.portal.absolute_url()}/de/@@my-letters", "de")
        text = html.text_content()
        assert text.count("UA 011/25") == 1
        assert "Journalist in Haft" in text


def count_as_member(portal, ua, quantity):
    login(portal, "member")
    count_letters(ua, quantity)
    logout()


class TestTotalsAtTheSource:
    """A section imported both translations as two cases and reports on
    each: the source adds them up, on both translations."""

    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_functional):
        self.portal = multilingual_functional["portal"]
        self.original, self.german = translate_case(self.portal)
        self.portal.acl_users.userFolderAddUser("section-fr", PASSWORD, ["Section"], [])
        count_as_member(self.portal, self.german, 3)
        transaction.commit()

    def report(self, totals):
        response = requests.put(
            self.portal.absolute_url() + "/@section-totals",
            json={
                "section": {"name": "Section France", "url": "http://fr.example"},
                "totals": totals,
            },
            auth=("section-fr", PASSWORD),
            headers={"Accept": "application/json"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return {item["uid"]: item["worldwide"] for item in response.json()["totals"]}

    def worldwide(self, ua):
        response = requests.get(
            ua.absolute_url() + "/@letters",
            headers={"Accept": "application/json"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return response.json()["worldwide"]

    def test_reports_on_two_translations_add_up_on_both(self):
        answered = self.report(
            [
                {"uid": self.original.UID(), "total": 2},
                {"uid": self.german.UID(), "total": 5},
            ]
        )
        assert answered == {self.original.UID(): 10, self.german.UID(): 10}
        for ua in (self.original, self.german):
            worldwide = self.worldwide(ua)
            assert (worldwide["total"], worldwide["here"]) == (10, 3)
            [section] = worldwide["sections"]
            assert (section["name"], section["total"]) == ("Section France", 7)

    def test_a_repeated_report_still_replaces(self):
        self.report([{"uid": self.german.UID(), "total": 5}])
        answered = self.report([{"uid": self.german.UID(), "total": 6}])
        assert answered == {self.german.UID(): 9}
        assert self.worldwide(self.original)["total"] == 9


class TestTotalsAtASection:
    """Cases imported here and translated here share one counter: the
    section reports it once."""

    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_functional):
        self.portal = multilingual_functional["portal"]
        self.english, self.german = translate_case(self.portal)
        source = sources.add_source("International Secretariat")
        source.configure(name="International Secretariat", url="http://is.example")
        self.source_id = source.id

    def imported(self, ua, source_uid):
        source = sources.get_source(self.source_id)
        record = ensure_case(
            ua,
            source,
            {"UID": source_uid, "ua_number": ua.ua_number, "@id": "http://is/x"},
        )
        source.cases[source_uid] = ua.UID()
        return record

    def reports(self):
        sync = Sync(self.source_id)
        return {uid: total for uid, _record, total, _ in sync.due_reports(True)}

    def test_imported_translations_report_their_counter_once(self):
        # The section imported the English and the German case of the
        # source and linked them here as translations of each other.
        self.imported(self.english, "source-en")
        self.imported(self.german, "source-de")
        count_as_member(self.portal, self.english, 2)
        count_as_member(self.portal, self.german, 3)
        assert sorted(self.reports().values()) == [0, 5]

    def test_a_translation_made_here_shows_the_worldwide_total(self):
        record = self.imported(self.english, "source-en")
        count_as_member(self.portal, self.german, 2)
        assert self.reports() == {"source-en": 2}
        record.worldwide = {"total": 12, "reported": 2, "received_at": "x"}
        count_as_member(self.portal, self.german, 1)
        for ua in (self.english, self.german):
            worldwide = letter_state(ua)["worldwide"]
            assert (worldwide["total"], worldwide["here"]) == (13, 3)


def front_door_cases(portal):
    """In the English section: a case translated into German, with 4
    letters, and one that is not translated."""
    section = portal["en"]["urgent-actions"]
    closing = date.today() + timedelta(days=30)
    translated = create_ua(
        section,
        title="Journalist detained",
        description="Release the journalist.",
        ua_number="021/25",
        issue_date=date(2025, 6, 2),
        closing_date=closing,
    )
    untranslated = create_ua(
        section,
        title="Lawyer on trial",
        description="Drop the charges.",
        ua_number="022/25",
        issue_date=date(2025, 6, 3),
        closing_date=closing,
    )
    with plone.api.env.adopt_roles(["Manager"]):
        german = ITranslationManager(translated).add_translation("de")
        german.title = "Journalist in Haft"
        german.description = "Lassen Sie den Journalisten frei."
        german.reindexObject()
        plone.api.content.transition(german, to_state="published")
    if "member" not in portal.acl_users.source_users.getUserIds():
        portal.acl_users.userFolderAddUser("member", PASSWORD, ["Member"], [])
    login(portal, "member")
    count_letters(german, 3)
    count_letters(translated, 1)
    logout()
    return translated, german, untranslated


class TestLanguageFolders:
    """Installing sets up each language root folder: its section, linked to
    the other languages' sections, and the home page."""

    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_integration):
        self.portal = multilingual_integration["portal"]

    @pytest.mark.parametrize("language", ["en", "de"])
    def test_language_root_shows_the_home_page(self, language):
        assert self.portal[language].getLayout() == "urgent-actions-home"

    @pytest.mark.parametrize("language", ["en", "de"])
    def test_section_in_each_language(self, language):
        section = self.portal[language]["urgent-actions"]
        assert IUrgentActionsSection.providedBy(section)
        assert section.Language() == language
        assert section.getLayout() == "urgent-actions-listing"
        assert "Editor" in section.get_local_roles_for_userid(EDITORS_GROUP)

    def test_sections_are_translations(self):
        english = self.portal["en"]["urgent-actions"]
        translations = ITranslationManager(english).get_translations()
        assert translations["de"] == self.portal["de"]["urgent-actions"]

    def test_a_translation_is_filed_in_its_language_s_section(self):
        _, german, _ = front_door_cases(self.portal)
        transaction.savepoint()
        assert german.aq_parent == self.portal["de"]["urgent-actions"]

    def test_installing_after_plone_app_multilingual_sets_them_up(self):
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.delete(self.portal["de"]["urgent-actions"])
        del self.portal["de"].layout
        applyProfile(self.portal, "collective.urgentactions:default")
        assert self.portal["de"].getLayout() == "urgent-actions-home"
        assert IUrgentActionsSection.providedBy(self.portal["de"]["urgent-actions"])

    def test_a_language_added_later_gets_its_section_and_cards(self):
        front_door_cases(self.portal)
        plone.api.portal.set_registry_record(
            "plone.available_languages", ["en", "de", "fr"]
        )
        with plone.api.env.adopt_roles(["Manager"]):
            SetupMultilingualSite().setupSite(self.portal)
        french = self.portal["fr"]
        assert french.getLayout() == "urgent-actions-home"
        assert french["urgent-actions"].Language() == "fr"
        catalog = plone.api.portal.get_tool("portal_catalog")
        shown = {
            b.Title for b in catalog(portal_type="UrgentAction", ua_card_languages="fr")
        }
        assert shown == {"Journalist detained", "Lawyer on trial"}


class TestFrontDoor:
    """Each language's home page, section, month folder and feeds show each
    case once: in that language where translated, else the original
    marked with its language; with the shared count."""

    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_functional):
        self.app = multilingual_functional["app"]
        self.portal = multilingual_functional["portal"]
        cases = front_door_cases(self.portal)
        transaction.commit()  # files the cases into 2025/06
        self.translated, self.german, self.untranslated = (
            plone.api.content.get(UID=case.UID()) for case in cases
        )

    def open(self, url, language="de"):
        browser = Browser(self.app)
        browser.handleErrors = False
        browser.addHeader("Accept-Language", language)
        browser.open(url)
        return browser

    def cards(self, url, language="de"):
        html = lxml.html.fromstring(self.open(url, language).contents)
        return [
            {
                "title": card.cssselect(".ua-title a")[0].text_content().strip(),
                "lang": card.cssselect(".ua-title a")[0].get("lang"),
                "marker": " ".join(
                    badge.text_content().strip()
                    for badge in card.cssselect(".ua-language")
                ),
                "letters": " ".join(
                    n.text_content().strip() for n in card.cssselect(".ua-letters")
                ),
            }
            for card in html.cssselect(".ua-card")
        ]

    @pytest.mark.parametrize(
        ("accept_language", "folder"),
        [("de", "de"), ("de-DE,de;q=0.9,en;q=0.8", "de"), ("en-GB,en", "en")],
    )
    def test_site_root_sends_the_visitor_to_their_browser_s_language(
        self, accept_language, folder
    ):
        browser = self.open(self.portal.absolute_url(), accept_language)
        assert browser.url == f"{self.portal.absolute_url()}/{folder}"

    def test_german_home_shows_the_translation_and_the_english_original(self):
        cards = self.cards(f"{self.portal.absolute_url()}/de")
        assert cards == [
            {
                "title": "Lawyer on trial",
                "lang": "en",
                "marker": "English",
                "letters": "",
            },
            {
                "title": "Journalist in Haft",
                "lang": None,
                "marker": "",
                "letters": "4 Briefe verschickt",
            },
        ]

    def test_english_home_shows_each_original_once(self):
        cards = self.cards(f"{self.portal.absolute_url()}/en", "en")
        assert [card["title"] for card in cards] == [
            "Lawyer on trial",
            "Journalist detained",
        ]
        assert [card["marker"] for card in cards] == ["", ""]
        assert cards[1]["letters"] == "4 letters sent"

    def test_site_root_leads_to_a_language_s_home(self):
        browser = self.open(self.portal.absolute_url(), "en")
        assert browser.url.rstrip("/").endswith("/en")
        assert "Journalist detained" in browser.contents

    def test_german_section_lists_the_same_cards(self):
        cards = self.cards(f"{self.portal.absolute_url()}/de/urgent-actions")
        assert [card["title"] for card in cards] == [
            "Lawyer on trial",
            "Journalist in Haft",
        ]
        assert cards[0]["marker"] == "English"

    def test_german_month_folder_lists_the_month_s_cards(self):
        month = self.german.aq_parent
        assert month.absolute_url().endswith("/de/urgent-actions/2025/06")
        cards = self.cards(month.absolute_url())
        assert [card["title"] for card in cards] == [
            "Lawyer on trial",
            "Journalist in Haft",
        ]
        assert cards[0]["marker"] == "English"

    def test_german_feed(self):
        page = lxml.html.fromstring(self.open(self.german.absolute_url()).contents)
        (link,) = page.xpath(
            "//link[@type='application/atom+xml'][contains(@href, 'urgent-actions.atom')]"
        )
        assert (
            link.get("href") == f"{self.portal.absolute_url()}/de/urgent-actions.atom"
        )
        feed = feedparser.parse(self.open(link.get("href")).contents)
        assert not feed.bozo
        assert [entry.link for entry in feed.entries] == [
            self.untranslated.absolute_url(),
            self.german.absolute_url(),
        ]

    def test_german_widget_shows_the_shared_count(self):
        browser = self.open(f"{self.german.absolute_url()}/@@counter-widget")
        assert "4 Briefe verschickt" in browser.contents

    def test_deleting_the_original_keeps_one_card(self):
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.delete(self.translated)
        transaction.commit()
        english = self.cards(f"{self.portal.absolute_url()}/en", "en")
        assert [(card["title"], card["marker"]) for card in english] == [
            ("Lawyer on trial", ""),
            ("Journalist in Haft", "Deutsch"),
        ]
        assert english[1]["letters"] == "4 letters sent"
