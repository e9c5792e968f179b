"""With plone.app.multilingual the translations of a case share one letter
counter, so the totals that cross sites count a translated case once: at
the source, a section's reports on two translations add up on both; at a
section, imported copies that are translations of each other report their
shared counter once, and a translation made here shows the worldwide
total too."""

from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.letters.rules import letter_state
from collective.urgentactions.syndication import sources
from collective.urgentactions.syndication.cases import ensure_case
from collective.urgentactions.syndication.sync import Sync
from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import MULTILINGUAL_FUNCTIONAL_TESTING
from datetime import date
from datetime import timedelta
from plone.app.multilingual.interfaces import ITranslationManager
from plone.app.testing import login
from plone.app.testing import logout
from pytest_plone import fixtures_factory

import plone.api
import pytest
import requests
import transaction


globals().update(
    fixtures_factory(
        ((MULTILINGUAL_FUNCTIONAL_TESTING, "multilingual_functional"),),
        keep_session=False,
    )
)

PASSWORD = "secret-password-1"


def translated_case(portal, number):
    """A published English case and its German translation."""
    original = create_ua(
        portal["en"],
        title="Journalist detained",
        closing_date=date.today() + timedelta(days=30),
        issue_date=date(2025, 6, 1),
        ua_number=number,
    )
    with plone.api.env.adopt_roles(["Manager"]):
        german = ITranslationManager(original).add_translation("de")
        german.title = "Journalist in Haft"
        german.reindexObject()
        plone.api.content.transition(german, to_state="published")
    return original, german


def count(portal, userid, ua, quantity):
    if plone.api.user.get(userid=userid) is None:
        portal.acl_users.userFolderAddUser(userid, PASSWORD, ["Member"], [])
    login(portal, userid)
    count_letters(ua, quantity)
    logout()


class TestAtTheSource:
    """A section imported both translations as two cases and reports on
    each: the source adds them up, on both translations."""

    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_functional):
        self.portal = multilingual_functional["portal"]
        self.original, self.german = translated_case(self.portal, "021/25")
        self.portal.acl_users.userFolderAddUser("section-fr", PASSWORD, ["Section"], [])
        count(self.portal, "ines", self.german, 3)
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


class TestAtASection:
    """Cases imported here and translated here share one counter: the
    section reports it once."""

    @pytest.fixture(autouse=True)
    def _setup(self, multilingual_functional):
        self.portal = multilingual_functional["portal"]
        self.english, self.german = translated_case(self.portal, "022/25")
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
        count(self.portal, "anna", self.english, 2)
        count(self.portal, "ben", self.german, 3)
        reports = self.reports()
        assert sorted(reports.values()) == [0, 5]
        assert sum(reports.values()) == 5

    def test_a_translation_made_here_shows_the_worldwide_total(self):
        record = self.imported(self.english, "source-en")
        count(self.portal, "anna", self.german, 2)
        assert self.reports() == {"source-en": 2}
        record.worldwide = {"total": 12, "reported": 2, "received_at": "x"}
        count(self.portal, "ben", self.german, 1)
        login(self.portal, "ben")
        for ua in (self.english, self.german):
            worldwide = letter_state(ua)["worldwide"]
            assert (worldwide["total"], worldwide["here"]) == (13, 3)
        logout()
