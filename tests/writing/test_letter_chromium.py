"""A member writes their letter in headless Debian Chromium: chooses language
and addressee, downloads the Word file, comes back and counts it."""

from babel.dates import format_date
from chromium import log_in
from datetime import date
from docx import Document
from writing_helpers import FULLNAME
from writing_helpers import MEMBER
from writing_helpers import TOWN

import os
import plone.api
import pytest
import transaction


pytestmark = pytest.mark.browser


@pytest.fixture
def portal(functional_portal):
    return functional_portal


@pytest.fixture
def case_url(case, member, prosecutor_uid):
    transaction.commit()
    return plone.api.content.get(UID=case.UID()).absolute_url()


def test_choose_download_and_count(page, case_url, functional_portal, prosecutor_uid):
    log_in(page, functional_portal.absolute_url(), MEMBER)
    page.goto(case_url)
    letter = page.locator("#ua-your-letter")
    assert letter.locator("#ua-letter-name").input_value() == FULLNAME
    page.select_option("#ua-letter-language", "de")
    page.select_option("#ua-letter-addressee", prosecutor_uid)
    if os.environ.get("SCREENSHOT_DIR"):
        letter.screenshot(
            path=os.path.join(os.environ["SCREENSHOT_DIR"], "your-letter.png")
        )
    with page.expect_download() as download_info:
        page.click("button:has-text('Download Word (.docx)')")
    download = download_info.value
    assert download.suggested_filename == "UA-065-20-de.docx"
    paragraphs = [p.text for p in Document(download.path()).paragraphs]
    assert paragraphs[1].startswith("Prosecutor General Kanat Esenaliev")
    assert paragraphs[2] == f"{TOWN}, {format_date(date.today(), 'long', locale='de')}"
    assert paragraphs[4] == "Sehr geehrter Herr Generalstaatsanwalt,"
    assert paragraphs[-1] == FULLNAME

    assert page.url == case_url  # the download left the page where it was
    page.click("#ua-your-letter button:has-text('Count it')")
    page.wait_for_selector(".ua-letters-mine")
    assert "You sent 1 letter" in page.locator(".ua-letters-mine").inner_text()
    assert "Your letter has been counted" in page.content()
