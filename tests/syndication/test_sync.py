"""Syndication between two real sites over HTTP: import, keep in step,
local edits kept, updates mailed to the section's followers."""

from collective.urgentactions.syndication.cases import get_case
from datetime import date
from syndication_helpers import on
from syndication_helpers import rich

import plone.api
import pytest


class TestImport:
    @pytest.fixture(autouse=True)
    def _setup(self, sites):
        self.sites = sites
        self.uid = sites.make_case(ua_number="065/20", closing_date=date(2099, 1, 1))
        sites.add_update(self.uid, "Trial date set", "<p>The trial opens on 3 May.</p>")
        sites.add_update(
            self.uid, "Moved to a prison", "<p>He was moved.</p>", day=date(2020, 5, 9)
        )
        for language, text in (("en", "Dear"), ("de", "Sehr geehrte"), ("fr", "Cher")):
            sites.add_template(self.uid, language, text)
        sites.set_image(self.uid)
        sites.add_embassy(self.uid)
        sites.add_source()

    def test_a_case_arrives_with_updates_templates_addressees_and_image(self):
        sync = self.sites.sync()
        assert sync.counts["created"] == 1, self.sites.log()
        copy = self.sites.copy(self.uid)
        assert copy.ua_number == "065/20"
        assert copy.title == "Journalist detained for reporting on protests"
        assert copy.text.raw == "<p>Ihar was arrested on 28 April.</p>"
        assert copy.closing_date == date(2099, 1, 1)
        assert copy.addressees[0]["name"] == "Prosecutor General"
        assert copy.addressees[0]["address"] == "Internatsionalnaya 22\nMinsk"
        # An address-book entry of the source arrives as a row on the copy.
        assert copy.copies_to == [
            {
                "name": "Embassy of the Republic of Belarus",
                "salutation": "Your Excellency",
                "address": "Am Treptower Park 32\n12435 Berlin",
            }
        ]
        assert copy.image.filename == "portrait.png"
        assert copy.image.getImageSize() == (40, 30)
        updates = sorted(
            item.title
            for item in copy.objectValues()
            if item.portal_type == "UrgentActionUpdate"
        )
        assert updates == ["Moved to a prison", "Trial date set"]
        templates = {
            item.letter_language: item.file.data
            for item in copy.objectValues()
            if item.portal_type == "LetterTemplate"
        }
        assert sorted(templates) == ["de", "en", "fr"]
        assert b"Sehr geehrte" in templates["de"]
        assert plone.api.content.get_state(copy) == "published"
        assert "/urgent-actions/2020/04/" in copy.absolute_url()

    def test_idle_sync_is_one_request(self):
        self.sites.sync()
        idle = self.sites.sync()
        assert idle.requests == 1
        assert idle.counts["created"] == idle.counts["updated"] == 0
        self.sites.sync()
        # Idle syncs do not push the news out of the log. The first sync:
        # listing, case, three templates, lead image, totals report.
        assert [text for _level, text in self.sites.log()] == [
            "Sync done: 0 new, 0 updated, 0 failed, 1 request(s).",
            "Sync done: 1 new, 0 updated, 0 failed, 7 request(s).",
        ]

    def test_a_new_update_at_the_source_arrives_and_mails_the_followers(self):
        self.sites.sync()
        copy = self.sites.copy(self.uid)
        self.sites.follow("anna", copy)
        self.sites.add_update(
            self.uid, "Released on bail", "<p>Ihar is free.</p>", day=date(2020, 6, 1)
        )
        sync = self.sites.sync()
        assert sync.counts["updated"] == 1, self.sites.log()
        copy = self.sites.copy(self.uid)
        new = [u for u in copy.objectValues() if u.title == "Released on bail"]
        assert plone.api.content.get_state(new[0]) == "published"
        received = self.sites.smtp.inbox.wait_for(1)
        assert [rcpts for rcpts, _ in received] == [["anna@example.org"]]
        assert "Ihar is free." in self.sites.smtp.inbox.body(received[0][1])

    def test_a_local_translation_is_kept_and_the_source_text_offered(self):
        self.sites.sync()
        copy = self.sites.copy(self.uid)
        with_translation = rich("<p>Ihar wurde am 28. April festgenommen.</p>")
        with on(self.sites.section):
            copy.text = with_translation
        self.sites.edit_source(
            self.uid,
            text=rich("<p>Ihar was arrested on 28 April in Minsk.</p>"),
            ai_index="EUR 57/2228/2020",
        )
        self.sites.sync()
        copy = self.sites.copy(self.uid)
        assert copy.text.raw == "<p>Ihar wurde am 28. April festgenommen.</p>"
        assert copy.ai_index == "EUR 57/2228/2020"
        pending = get_case(copy).pending
        assert (
            pending["case:text"].raw == "<p>Ihar was arrested on 28 April in Minsk.</p>"
        )
