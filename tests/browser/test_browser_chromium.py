"""The Urgent Action page in headless Debian Chromium with Barceloneta's real
JavaScript: the status notice closes, a suggested post selects in one click."""

from chromium import screenshot
from datetime import date

import plone.api
import pytest
import transaction


pytestmark = pytest.mark.browser


@pytest.fixture
def ua_url(make_ua, make_update):
    ua = make_ua(
        state="closed",
        closing_date=date(2020, 6, 8),
        description="Release the journalist Anton Lisak immediately.",
        suggested_posts=["@ProsecutorGeneral Release Anton Lisak now! #FreeAnton"],
    )
    make_update(ua, "Media reaction", date(2020, 6, 23))
    transaction.commit()
    return plone.api.content.get(UID=ua.UID()).absolute_url()


def test_status_notice_can_be_dismissed(page, ua_url):
    page.goto(ua_url)
    screenshot(page, "urgent-action.png")
    notice = page.locator(".ua-status")
    assert notice.locator(".ua-status-label").inner_text() == "Closed on 8 June 2020"
    page.click(".ua-status .btn-close")
    notice.wait_for(state="detached")
    assert page.locator("h1.documentFirstHeading").is_visible()


def test_suggested_post_selects_in_one_click(page, ua_url):
    page.goto(ua_url)
    assert not page.locator(".ua-post").is_visible()  # closed: folded away
    page.click("details.ua-action-parts summary")
    page.click(".ua-post")
    selected = page.evaluate("window.getSelection().toString()")
    assert selected.strip() == "@ProsecutorGeneral Release Anton Lisak now! #FreeAnton"


def test_listing(page, ua_url, section):
    page.goto(section.absolute_url())
    screenshot(page, "urgent-actions-listing.png")
    page.select_option("#ua-filter-status", "open")
    page.click(".ua-filters button[type=submit]")
    page.wait_for_url("**status=open**")
    assert page.locator(".ua-no-results").is_visible()
    page.select_option("#ua-filter-status", "closed")
    page.click(".ua-filters button[type=submit]")
    page.wait_for_url("**status=closed**")
    assert page.locator(".ua-card .ua-number").all_inner_texts() == ["UA 065/20"]
