"""An editor reads the statistics cockpit in headless Debian Chromium: the
summary, the charts with their tables beside them, the case that slows down
flagged first, the letters by section, and a table downloaded as CSV; in
German too."""

from chromium import log_in
from chromium import screenshot
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.syndication.totals import record_report
from datetime import date
from datetime import timedelta

import csv
import io
import plone.api
import pytest
import transaction


pytestmark = pytest.mark.browser

TODAY = date.today()


@pytest.fixture
def portal(functional_portal):
    return functional_portal


@pytest.fixture
def cockpit(portal, users, make_ua):
    slowing = make_ua(
        ua_number="311/26",
        title="Teacher held for a poem",
        country="BY",
        issue_date=TODAY - timedelta(days=20),
        letter_goal=1000,
    )
    steady = make_ua(
        ua_number="312/26",
        title="Fishermen detained after a protest",
        country="PE",
        issue_date=TODAY - timedelta(days=3),
    )
    IActionTally(slowing).add(640, "letter", TODAY - timedelta(days=9))
    IActionTally(slowing).add(12, "email", TODAY - timedelta(days=1))
    IActionTally(steady).add(75, "letter", TODAY)
    record_report(slowing, "section-de", "Sektion Deutschland", "http://de", 90, {})
    uid = slowing.UID()
    transaction.commit()
    return {
        "section": f"{portal.absolute_url()}/urgent-actions/@@letter-statistics",
        "case": f"{plone.api.content.get(UID=uid).absolute_url()}/@@letter-statistics",
    }


def test_editor_reads_the_cockpit(page, portal, cockpit):
    log_in(page, portal.absolute_url(), "editor")
    page.goto(cockpit["section"])
    assert page.locator("h1").inner_text() == "Letter statistics of all Urgent Actions"
    summary = page.locator(".ua-statistics-summary").inner_text()
    assert "727" in summary  # 640 + 12 + 75
    first_row = page.locator(".ua-statistics-cases tbody tr").first
    assert "311/26" in first_row.inner_text()
    assert "ua-slowed" in first_row.get_attribute("class")
    assert "652 of 1,000 letters" in first_row.inner_text()

    charts = page.locator("svg[role=img]")
    assert charts.count() >= 5
    for index in range(charts.count()):  # every chart says what it shows
        assert charts.nth(index).locator(":scope > title").text_content().strip()

    sections = page.locator("#statistics-sections")
    assert sections.locator("th[scope=row]").all_inner_texts() == [
        "This site",
        "Sektion Deutschland",
    ]
    assert "the totals each section last reported" in page.content()
    screenshot(page, "cockpit.png")
    with page.expect_download() as download_info:
        sections.locator("a.ua-statistics-csv").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as data:
        rows = list(csv.reader(io.StringIO(data.read())))
    assert rows == [
        ["Section", "Letters"],
        ["This site", "727"],
        ["Sektion Deutschland", "90"],
    ]


def test_case_cockpit_in_german(page, portal, cockpit):
    plone.api.portal.set_registry_record(
        "plone.available_languages", ["en", "de", "fr", "it"]
    )
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
    transaction.commit()
    page.set_extra_http_headers({"Accept-Language": "de"})
    log_in(page, portal.absolute_url(), "editor")
    page.goto(cockpit["case"])
    headings = page.locator("h2").all_inner_texts()
    assert "Briefe pro Woche" in headings
    assert "Briefe nach Sektion" in headings
    assert "Briefe nach Versandart" in headings
    screenshot(page, "case-cockpit-de.png")
