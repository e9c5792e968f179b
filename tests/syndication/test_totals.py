"""Counts across sections: the section reports its totals to the source as
its service account (replacing, never adding twice); both show the
worldwide total beside their own. Totals only: nothing personal crosses."""

from collective.urgentactions.letters.rules import letter_state
from collective.urgentactions.syndication.cases import get_case
from collective.urgentactions.syndication.totals import record_report
from collective.urgentactions.syndication.totals import section_entries
from syndication_helpers import on
from syndication_helpers import SERVICE_ACCOUNT
from syndication_helpers import SERVICE_PASSWORD

import plone.api
import pytest
import requests
import transaction


class TestTotals:
    @pytest.fixture(autouse=True)
    def _setup(self, sites):
        self.sites = sites
        self.uid = sites.make_case(ua_number="065/20")
        sites.add_source()
        sites.sync()
        self.copy_uid = sites.copy(self.uid).UID()
        with on(sites.source):
            sites.source.acl_users.userFolderAddUser(
                "jo", "secret-password-1", ["Member"], []
            )
        sites.count(sites.source, "ines", self.uid, 3)
        sites.count(sites.section, "anna", self.copy_uid, 2)

    def source_letters(self, auth=None):
        url = plone.api.content.get(UID=self.uid).absolute_url() + "/@letters"
        transaction.commit()
        response = requests.get(
            url, headers={"Accept": "application/json"}, auth=auth, timeout=30
        )
        assert response.status_code == 200, response.text
        return response.json()

    def section_state(self):
        with on(self.sites.section):
            return letter_state(plone.api.content.get(UID=self.copy_uid))

    def test_totals_are_summed_both_ways(self):
        self.sites.sync()
        at_source = self.source_letters()
        assert at_source["total"] == 3
        assert at_source["worldwide"]["total"] == 5
        assert at_source["worldwide"]["here"] == 3
        [section] = at_source["worldwide"]["sections"]
        assert section["name"] == "Section Deutschland"
        # The section reported from its own server, to the source's.
        assert section["url"] == self.sites.section_url
        assert (
            self.sites.section_url.split("/")[2] != self.sites.source_url.split("/")[2]
        )
        assert section["total"] == 2
        at_section = self.section_state()["worldwide"]
        assert (at_section["total"], at_section["here"]) == (5, 2)
        assert at_section["source"] == "International Secretariat"

    def test_a_repeated_report_replaces_and_never_adds_twice(self):
        self.sites.sync()
        self.sites.sync()
        assert self.source_letters()["worldwide"]["total"] == 5
        self.sites.count(self.sites.section, "anna", self.copy_uid, 1)
        self.sites.sync()
        assert self.source_letters()["worldwide"]["total"] == 6

    def test_an_idle_sync_reads_no_imported_case(self, monkeypatch):
        from collective.urgentactions.syndication import sync

        self.sites.sync()
        read = []
        original = sync.network_total
        monkeypatch.setattr(
            sync, "network_total", lambda ua: read.append(ua) or original(ua)
        )
        idle = self.sites.sync()
        assert (idle.requests, read) == (1, [])
        # A letter counted here: the next sync reads the cases and reports.
        self.sites.count(self.sites.section, "ben", self.copy_uid, 1)
        after = self.sites.sync()
        assert (after.requests, len(read)) == (2, 1)
        assert self.source_letters()["worldwide"]["total"] == 6
        # And the one after that is idle again.
        assert self.sites.sync().requests == 1
        assert len(read) == 1

    def test_a_report_from_the_section_s_own_section_goes_on_at_once(self):
        self.sites.sync()
        with on(self.sites.section):
            record_report(
                plone.api.content.get(UID=self.copy_uid),
                "section-at",
                "Sektion Österreich",
                "http://at.example",
                4,
                {},
            )
        # The next sync (not only the hourly exchange) reports it upstream.
        assert self.sites.sync().requests == 2
        assert self.source_letters()["worldwide"]["total"] == 9

    def test_letters_elsewhere_show_on_the_next_exchange(self):
        self.sites.sync()
        self.sites.count(self.sites.source, "jo", self.uid, 4)
        self.sites.count(self.sites.section, "ben", self.copy_uid, 1)
        self.sites.sync()
        at_section = self.section_state()["worldwide"]
        assert (at_section["total"], at_section["here"]) == (10, 3)

    def test_section_letters_count_at_once_at_the_section(self):
        self.sites.sync()
        self.sites.count(self.sites.section, "ben", self.copy_uid, 1)
        at_section = self.section_state()["worldwide"]
        assert (at_section["total"], at_section["here"]) == (6, 3)

    def test_the_source_page_shows_letters_worldwide(self):
        self.sites.sync()
        url = plone.api.content.get(UID=self.uid).absolute_url()
        transaction.commit()
        page = requests.get(url, timeout=30).text
        assert "5 letters sent worldwide (3 here)" in page

    def test_nothing_personal_crosses(self, monkeypatch):
        from collective.urgentactions.syndication.client import SourceClient

        sent, received = [], []
        original_put, original_send = SourceClient.put_json, SourceClient._send

        def spy_put(self, url, body):
            sent.append(body)
            return original_put(self, url, body)

        def spy_send(self, method, url, *args, **kwargs):
            answer = original_send(self, method, url, *args, **kwargs)
            received.append(answer)
            return answer

        monkeypatch.setattr(SourceClient, "put_json", spy_put)
        monkeypatch.setattr(SourceClient, "_send", spy_send)
        with on(self.sites.source):
            self.sites.source.acl_users.userFolderAddUser(
                "zoltanq", "secret-password-1", ["Member"], []
            )
        self.sites.count(self.sites.source, "zoltanq", self.uid, 1)
        # The case changed at the source, so the sync fetches it again.
        self.sites.edit_source(self.uid, description="Release him now.")
        self.sites.sync()
        [report] = sent
        text = repr(report)
        for personal in ("anna", "ben", "example.org"):
            assert personal not in text
        assert set(report["totals"][0]) == {"uid", "total", "by_channel"}
        # What the section receives names none of the source's letter
        # writers, only totals.
        assert len(received) >= 3  # listing, case, totals answer
        for answer in received:
            assert b"zoltanq" not in answer
        with on(self.sites.section):
            record = get_case(plone.api.content.get(UID=self.copy_uid))
            assert record.worldwide["total"] == 6
            assert "zoltanq" not in repr(vars(record))
        # The source keeps the section's totals under its service account.
        with on(self.sites.source):
            entries = section_entries(plone.api.content.get(UID=self.uid))
        assert list(entries) == [SERVICE_ACCOUNT]
        assert "anna" not in repr(entries) and "example.org" not in repr(entries)

    def report(self, body, auth=(SERVICE_ACCOUNT, SERVICE_PASSWORD)):
        """A section's report of its totals to the source, ``PUT
        @section-totals``, by default as the section's account."""
        transaction.commit()
        return requests.put(
            self.sites.source_url + "/@section-totals",
            json=body,
            auth=auth,
            timeout=30,
            headers={"Accept": "application/json"},
        )

    def test_only_a_section_account_may_report(self):
        body = {"section": {"name": "X", "url": "http://x"}, "totals": []}
        member = self.report(body, auth=("ines", "secret-password-1"))
        assert member.status_code in (401, 403)
        section = self.report(body)
        assert section.status_code == 200, section.text

    @pytest.mark.parametrize(
        "body",
        [
            {
                "section": {"name": "X", "url": "http://x"},
                "totals": [{"uid": "a", "total": -1}],
            },
            {
                "section": {"name": "X", "url": "http://x"},
                "totals": [{"uid": "a", "total": 1, "who": "anna"}],
            },
            {"section": "X", "totals": []},
            {"totals": []},
        ],
    )
    def test_a_bad_report_is_a_400_and_changes_nothing(self, body):
        response = self.report(body)
        assert response.status_code == 400
        assert response.json()["error"]["message"]
        assert "worldwide" not in self.source_letters()
