"""Atom and RSS feeds of new cases and of a case's updates, and the iCal
calendar of last days, checked with real parsers (feedparser, icalendar)."""

from datetime import date
from datetime import timedelta
from sharing_helpers import url_of

import feedparser
import html
import icalendar
import pytest


TODAY = date.today()


@pytest.fixture
def cases(make_ua, make_update):
    open_case = make_ua(
        ua_number="011/25",
        title="Lawyer detained",
        description="Release the lawyer & her client <now>.",
        issue_date=date(2025, 6, 1),
        closing_date=TODAY + timedelta(days=3),
    )
    make_update(
        open_case, "Trial date set", date(2025, 6, 5), "<p>On <b>Monday</b>.</p>"
    )
    make_update(open_case, "Moved to a prison", date(2025, 6, 9), "<p>Far away.</p>")
    make_update(open_case, "Not yet published", date(2025, 6, 10), state="draft")
    make_ua(
        state="closed",
        ua_number="065/20",
        title="Journalist released",
        issue_date=date(2020, 4, 28),
        closing_date=date(2020, 6, 8),
    )
    make_ua(state="draft", ua_number="099/25", title="Secret draft")
    return open_case


def parse(browser):
    return feedparser.parse(
        browser.contents.encode("utf-8")
        if isinstance(browser.contents, str)
        else browser.contents
    )


class TestNewCases:
    @pytest.mark.parametrize("name,version", [("atom", "atom10"), ("rss", "rss20")])
    def test_valid_feed_of_published_cases_newest_first(
        self, cases, portal, fetch, name, version
    ):
        browser = fetch(f"{portal.absolute_url()}/urgent-actions.{name}")
        assert browser.headers["Content-Type"].startswith(f"application/{name}+xml")
        feed = parse(browser)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == version
        assert [entry.title for entry in feed.entries] == [
            "UA 011/25: Lawyer detained",
            "UA 065/20: Journalist released",
        ]
        first = feed.entries[0]
        assert first.link == url_of(cases)
        # RSS descriptions are HTML: the plain summary arrives escaped
        assert html.unescape(first.summary) == "Release the lawyer & her client <now>."
        assert first.id == f"urn:uuid:{cases.UID()}"
        assert "Secret draft" not in browser.contents

    def test_public_cache_no_cookie(self, cases, portal, fetch):
        browser = fetch(f"{portal.absolute_url()}/urgent-actions.atom")
        assert browser.headers["Cache-Control"] == "public, max-age=300"
        assert "Set-Cookie" not in browser.headers

    def test_german(self, cases, portal, fetch):
        from plone import api

        api.portal.set_registry_record("plone.available_languages", ["en", "de"])
        api.portal.set_registry_record("plone.use_request_negotiation", True)
        feed = parse(
            fetch(f"{portal.absolute_url()}/urgent-actions.atom", language="de")
        )
        assert feed.feed.language == "de"
        assert feed.feed.subtitle == (
            "Neue Urgent Actions: Briefe für Menschen in Gefahr schreiben."
        )

    def test_discovered_from_the_pages(self, cases, portal, fetch):
        browser = fetch(portal.absolute_url())
        assert f'href="{portal.absolute_url()}/urgent-actions.atom"' in browser.contents
        assert 'type="application/rss+xml"' in browser.contents


class TestUpdates:
    @pytest.mark.parametrize("name,version", [("atom", "atom10"), ("rss", "rss20")])
    def test_valid_feed_of_published_updates(self, cases, fetch, name, version):
        feed = parse(fetch(f"{url_of(cases)}/updates.{name}"))
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == version
        assert [entry.title for entry in feed.entries] == [
            "9 June 2025: Moved to a prison",
            "5 June 2025: Trial date set",
        ]
        assert (
            "<b>Monday</b>" in feed.entries[1].content[0].value
            if name == "atom"
            else feed.entries[1].description
        )

    def test_case_page_links_its_feed(self, cases, fetch):
        url = url_of(cases)
        assert f'href="{url}/updates.atom"' in fetch(url).contents

    def test_draft_case_feed_needs_permission(self, make_ua, fetch, portal):
        draft = make_ua(state="draft", ua_number="098/25")
        browser = fetch(f"{url_of(draft)}/updates.atom", handle_errors=True)
        assert "login" in browser.url  # sent to log in, no feed
        assert "<feed" not in browser.contents


class TestClosingDates:
    def test_open_cases_last_day(self, cases, portal, fetch):
        browser = fetch(f"{portal.absolute_url()}/urgent-actions.ics")
        assert browser.headers["Content-Type"].startswith("text/calendar")
        calendar = icalendar.Calendar.from_ical(browser.contents)
        (event,) = calendar.walk("VEVENT")
        assert event.decoded("dtstart") == TODAY + timedelta(days=2)
        assert (
            str(event["summary"]) == "Last day for letters: UA 011/25: Lawyer detained"
        )
        assert str(event["url"]) == url_of(cases)
