"""Syndication from a source running plone.app.multilingual, over HTTP: a
case and its translations at the source are one case at the section, in
the section's language where the source has it, else the original."""

from collective.urgentactions.syndication.cases import get_case
from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import MULTILINGUAL_SECTION_SITE_ID
from datetime import date
from pathlib import Path
from plone.app.multilingual.interfaces import ITranslationManager
from syndication_helpers import on
from syndication_helpers import rich
from syndication_helpers import running_sites
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import importlib.util
import plone.api
import pytest
import requests


def _openapi():
    """The REST tests' validator of answers against the OpenAPI description."""
    path = Path(__file__).parents[1] / "restapi" / "restapi_helpers.py"
    spec = importlib.util.spec_from_file_location("_restapi_helpers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.OpenAPI()


@pytest.fixture
def sites(multilingual_sites, tmp_path, monkeypatch):
    """The layer's fixture is in tests/conftest.py."""
    with running_sites(
        multilingual_sites, tmp_path, monkeypatch, MULTILINGUAL_SECTION_SITE_ID
    ) as sites:
        yield sites


def make_case(sites, number, title, text):
    """A published case in the source's English section."""
    with on(sites.source):
        ua = create_ua(
            sites.source["en"]["urgent-actions"],
            ua_number=number,
            title=title,
            text=rich(text),
            closing_date=date(2099, 1, 1),
        )
        return ua.UID()


def translate(sites, uid, title, text, language="de"):
    """The source's published translation of a case (or of an update)."""
    with on(sites.source):
        original = plone.api.content.get(UID=uid)
        translation = ITranslationManager(original).add_translation(language)
        translation.title = title
        translation.text = rich(text)
        notify(ObjectModifiedEvent(translation))
        plone.api.content.transition(translation, transition="publish")
        return translation.UID()


def copies(sites):
    """The section's cases: ``{UA number: [case, ...]}``."""
    with on(sites.section):
        found = {}
        for brain in plone.api.content.find(portal_type="UrgentAction"):
            found.setdefault(brain.ua_number, []).append(brain.getObject())
        return found


def assert_error(response, status):
    assert response.status_code == status, response.text
    return response.json()["error"]["message"]


def errors(sites):
    return [text for level, text in sites.log() if level == "error"]


def updates_of(ua):
    return sorted(
        item.title
        for item in ua.objectValues()
        if item.portal_type == "UrgentActionUpdate"
    )


class TestMultilingualSource:
    @pytest.fixture(autouse=True)
    def _setup(self, sites):
        self.sites = sites
        # A case translated into German, and one only in English so far.
        self.translated = make_case(
            sites, "011/25", "Journalist detained", "<p>Ihar was arrested.</p>"
        )
        self.german = translate(
            sites,
            self.translated,
            "Journalist in Haft",
            "<p>Ihar wurde festgenommen.</p>",
        )
        self.english_only = make_case(
            sites, "012/25", "Lawyer on trial", "<p>Maria faces ten years.</p>"
        )
        self.update = sites.add_update(
            self.english_only, "Trial date set", "<p>The trial opens in May.</p>"
        )
        sites.add_source()

    def test_each_case_is_imported_once_in_the_section_s_language(self):
        sync = self.sites.sync()
        assert sync.counts["created"] == 2
        assert sync.counts["failed"] == 0
        assert errors(self.sites) == []
        assert list(self.sites.source_record().failed) == []
        found = copies(self.sites)
        assert sorted(found) == ["011/25", "012/25"]
        [translated], [english] = found["011/25"], found["012/25"]
        # German where the source has it, the original otherwise.
        assert translated.title == "Journalist in Haft"
        assert translated.text.raw == "<p>Ihar wurde festgenommen.</p>"
        assert get_case(translated).url.endswith(
            self.sites.obj(self.sites.source, self.german).absolute_url_path()
        )
        assert english.title == "Lawyer on trial"

    def test_idle_sync_is_one_request_without_failures(self):
        self.sites.sync()
        for _ in range(2):
            idle = self.sites.sync()
            assert idle.requests == 1
            counts = idle.counts
            assert counts["created"] == counts["updated"] == counts["failed"] == 0
        assert errors(self.sites) == []

    def test_an_edit_of_the_original_fetches_only_the_translation_followed(self):
        self.sites.sync()
        # The closing date is the same in every translation: the source
        # copies it into the German one.
        self.sites.edit_source(self.translated, closing_date=date(2099, 2, 1))
        sync = self.sites.sync()
        assert sync.requests == 2  # the listing and the German translation
        assert sync.counts["updated"] == 1
        [copy] = copies(self.sites)["011/25"]
        assert copy.closing_date == date(2099, 2, 1)
        assert copy.title == "Journalist in Haft"
        assert errors(self.sites) == []

    def test_a_german_translation_added_later_replaces_the_english_text(self):
        self.sites.sync()
        [english] = copies(self.sites)["012/25"]
        local_uid = english.UID()
        self.sites.follow("anna", english)
        german = translate(
            self.sites,
            self.english_only,
            "Anwältin vor Gericht",
            "<p>Maria drohen zehn Jahre.</p>",
        )
        translate(
            self.sites,
            self.update,
            "Prozesstermin steht fest",
            "<p>Der Prozess beginnt im Mai.</p>",
        )
        sync = self.sites.sync()
        assert sync.counts["updated"] == 1, self.sites.log()
        assert sync.counts["failed"] == 0
        [copy] = copies(self.sites)["012/25"]
        assert copy.UID() == local_uid  # the same case: letters, followers
        assert copy.title == "Anwältin vor Gericht"
        assert copy.text.raw == "<p>Maria drohen zehn Jahre.</p>"
        # The update is the same one, now in German: nothing new to mail.
        assert updates_of(copy) == ["Prozesstermin steht fest"]
        assert get_case(copy).followed == german
        assert errors(self.sites) == []
        assert self.sites.sync().requests == 1

    def test_a_translation_edited_here_keeps_its_text(self):
        self.sites.sync()
        [english] = copies(self.sites)["012/25"]
        with on(self.sites.section):
            english.text = rich("<p>Maria drohen zehn Jahre Haft.</p>")
        translate(
            self.sites,
            self.english_only,
            "Anwältin vor Gericht",
            "<p>Maria drohen zehn Jahre.</p>",
        )
        self.sites.sync()
        [copy] = copies(self.sites)["012/25"]
        assert copy.title == "Anwältin vor Gericht"  # not edited here
        assert copy.text.raw == "<p>Maria drohen zehn Jahre Haft.</p>"
        pending = get_case(copy).pending
        assert pending["case:text"].raw == "<p>Maria drohen zehn Jahre.</p>"

    def test_the_letters_count_once_for_the_group_both_ways(self):
        self.sites.sync()
        [copy] = copies(self.sites)["012/25"]
        with on(self.sites.section):
            self.sites.add_member("carla")
        self.sites.count(self.sites.section, "carla", copy.UID(), 3)
        self.sites.count(self.sites.source, "ines", self.english_only, 2)
        self.sites.sync()
        # Then the source translates the case: the section follows the
        # German text and goes on reporting on the same case.
        german = translate(
            self.sites,
            self.english_only,
            "Anwältin vor Gericht",
            "<p>Maria drohen zehn Jahre.</p>",
        )
        self.sites.sync()
        self.sites.count(self.sites.section, "carla", copy.UID(), 1)
        self.sites.sync()
        for uid in (self.english_only, german):
            url = self.sites.obj(self.sites.source, uid).absolute_url()
            worldwide = requests.get(
                url + "/@letters", headers={"Accept": "application/json"}, timeout=30
            ).json()["worldwide"]
            assert (worldwide["total"], worldwide["here"]) == (6, 2)
            [section] = worldwide["sections"]
            assert section["total"] == 4
        with on(self.sites.section):
            copy = plone.api.content.get(UID=copy.UID())
            assert get_case(copy).worldwide["total"] == 6
        assert errors(self.sites) == []

    def test_a_language_filter_picks_a_translation_in_its_languages(self):
        # A German section that takes English cases only.
        self.sites.configure_source(languages=("en",))
        sync = self.sites.sync()
        assert sync.counts["created"] == 2
        [translated] = copies(self.sites)["011/25"]
        assert translated.title == "Journalist detained"
        assert errors(self.sites) == []

    def test_cases_a_section_refused_before_are_no_longer_failures(self):
        # What a sync listing every translation on its own left behind.
        self.sites.sync()
        with on(self.sites.section):
            failed = self.sites.source_record().failed
            failed[self.translated] = self.sites.obj(
                self.sites.source, self.translated
            ).absolute_url()
        self.sites.sync()
        assert list(self.sites.source_record().failed) == []
        assert errors(self.sites) == []
        assert self.sites.sync().requests == 1


class TestGroupedListing:
    """``@urgent-actions?changed_since=…&translations=grouped``: one entry per
    case with its translations; without it one per translation, as before."""

    @pytest.fixture(autouse=True)
    def _setup(self, sites):
        self.sites = sites
        self.original = make_case(
            sites, "011/25", "Journalist detained", "<p>Ihar was arrested.</p>"
        )
        self.german = translate(
            sites, self.original, "Journalist in Haft", "<p>Festgenommen.</p>"
        )

    def listing(self, **params):
        return requests.get(
            self.sites.source_url + "/@urgent-actions",
            params={"changed_since": "2000-01-01T00:00:00Z", **params},
            headers={"Accept": "application/json"},
            timeout=30,
        )

    def test_one_entry_per_case_with_its_translations(self):
        answer = _openapi().validate(
            self.listing(translations="grouped"), "/@urgent-actions"
        )
        [item] = answer["items"]
        assert answer["items_total"] == 1
        assert item["UID"] == self.original
        assert item["title"] == "Journalist detained"
        translations = {t["language"]: t for t in item["translations"]}
        assert sorted(translations) == ["de", "en"]
        assert translations["de"]["UID"] == self.german
        assert translations["de"]["status"] == "open"
        # Listed at the latest change of any translation.
        assert item["changed"] == translations["de"]["changed"]

    def test_updates_carry_their_translation_group(self):
        update = self.sites.add_update(self.original, "Trial date set", "<p>May</p>")
        translation = translate(self.sites, update, "Prozesstermin", "<p>Mai</p>")
        url = self.sites.obj(self.sites.source, self.german).absolute_url()
        answer = requests.get(
            url,
            params={"expand": "updates,templates"},
            headers={"Accept": "application/json"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        [item] = answer.json()["@components"]["updates"]["items"]
        assert item["UID"] == translation
        with on(self.sites.source):
            original = plone.api.content.get(UID=update)
            assert item["translation_group"] == ITranslationManager(original).tg

    def test_other_clients_still_get_one_entry_per_translation(self):
        items = self.listing().json()["items"]
        assert sorted(item["UID"] for item in items) == sorted(
            [self.original, self.german]
        )
        assert all("translations" not in item for item in items)

    def test_bad_values_are_a_400(self):
        answer = self.listing(translations="all")
        assert "translations" in assert_error(answer, 400)
        answer = requests.get(
            self.sites.source_url + "/@urgent-actions",
            params={"translations": "grouped"},
            headers={"Accept": "application/json"},
            timeout=30,
        )
        assert "changed_since" in assert_error(answer, 400)
