"""An editor's whole day and a contributor's draft, in headless Chromium,
through the Classic UI only, with users who hold nothing but membership of
the groups the add-on creates (see README, "Roles")."""

from chromium import log_in as log_in_to
from chromium import screenshot
from collective.urgentactions.setuphandlers import CONTRIBUTORS_GROUP
from collective.urgentactions.setuphandlers import EDITORS_GROUP
from datetime import date
from datetime import timedelta

import plone.api
import pytest
import transaction


pytestmark = pytest.mark.browser

TODAY = date.today()
PASSWORD = "day-of-letters-1"


def english(day):
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def people(functional_portal):
    """An editor and a contributor: Members, each only in their group."""
    for userid, fullname, group in (
        ("edna", "Edna Editor", EDITORS_GROUP),
        ("carl", "Carl Contributor", CONTRIBUTORS_GROUP),
    ):
        plone.api.user.create(
            username=userid,
            email=f"{userid}@example.org",
            password=PASSWORD,
            properties={"fullname": fullname},
        )
        plone.api.group.add_user(groupname=group, username=userid)
        assert plone.api.user.get_roles(username=userid) == ["Member", "Authenticated"]
    transaction.commit()
    return functional_portal


@pytest.fixture
def log_in(page, people):
    page.set_default_timeout(60000)  # a loaded machine: pages may take long

    def log_in_as(userid):
        log_in_to(page, people.absolute_url(), userid, PASSWORD)

    return log_in_as


def fill_case(page, number, title, closing):
    page.fill("#form-widgets-IBasic-title", title)
    page.fill("#form-widgets-IBasic-description", "Release him now.")
    page.fill("#form-widgets-ua_number", number)
    page.fill("#form-widgets-ai_index", "EUR 49/1234/2026")
    choose_country(page, "kyrg", "Kyrgyzstan")
    page.fill("#form-widgets-issue_date", TODAY.isoformat())
    page.fill("#form-widgets-closing_date", closing.isoformat())


def choose_country(page, typed, name):
    """Open the country box, type part of the name, pick the match."""
    page.click("#formfield-form-widgets-country .select2-choice")
    page.keyboard.type(typed)
    match = page.locator(".select2-drop-active .select2-highlighted")
    assert match.inner_text() == name
    page.keyboard.press("Enter")
    chosen = page.locator("#formfield-form-widgets-country .select2-chosen")
    assert chosen.inner_text() == name


def do_transition(page, transition):
    """The state menu of the toolbar, as an editor uses it."""
    page.click("#plone-contentmenu-workflow > a")
    page.click(f"#workflow-transition-{transition}")
    page.wait_for_load_state()


def status(page):
    return page.locator(".ua-status-label").inner_text().strip()


def test_editors_day(page, log_in, people):
    log_in("edna")
    section = people["urgent-actions"].absolute_url()
    page.goto(f"{section}/++add++UrgentAction")
    assert (
        "Choose a country…"
        in page.locator("#formfield-form-widgets-country").inner_text()
    )
    screenshot(page, "add-form.png")
    closing = TODAY + timedelta(days=21)
    fill_case(page, "120/26", "Blogger held incommunicado", closing)
    page.click("#form-buttons-save")
    page.wait_for_selector(".ua-status")

    # Created: a draft that says when it would close.
    assert status(page) == "Draft: not yet open for letters"
    assert page.locator(".ua-status-detail").inner_text() == (
        f"Planned closing date: {english(closing)}."
    )
    assert page.locator(".ua-closing-date").inner_text() == english(closing)
    assert page.locator(".ua-country").inner_text() == "Kyrgyzstan"
    screenshot(page, "case-draft.png")

    # Published by the editor herself.
    do_transition(page, "publish")
    assert status(page) == f"Open for letters until {english(closing - timedelta(1))}"
    case_url = page.url.removesuffix("/view")

    # An update, added and published.
    page.goto(f"{case_url}/++add++UrgentActionUpdate")
    page.fill("#form-widgets-IBasic-title", "Moved to a prison far from home")
    page.fill("#form-widgets-date", TODAY.isoformat())
    page.click("#form-buttons-save")
    page.wait_for_load_state()
    do_transition(page, "publish")
    page.goto(case_url)
    heading = page.locator(".ua-update h2").first.inner_text()
    assert heading == f"{english(TODAY)}: Moved to a prison far from home"
    assert page.locator(".ua-update .badge").count() == 0  # not a draft

    # Closed: letters are no longer needed, the action parts fold away.
    do_transition(page, "close")
    assert status(page) == f"Closed on {english(TODAY)}"
    assert page.locator(".ua-status-detail").inner_text() == (
        "Letters are no longer needed."
    )
    assert page.locator("details.ua-action-parts").count() == 1
    screenshot(page, "case-closed.png")
    page.goto(section)
    card = page.locator(".ua-card", has_text="120/26")
    assert card.locator(".ua-status").inner_text() == f"Closed on {english(TODAY)}"

    # Reopened: open for letters again.
    page.goto(case_url)
    do_transition(page, "reopen")
    assert status(page).startswith("Open for letters until")
    assert page.locator("details.ua-action-parts").count() == 0


def test_contributor_submits_a_draft_the_editor_publishes(page, log_in, people):
    log_in("carl")
    section = people["urgent-actions"].absolute_url()
    page.goto(f"{section}/++add++UrgentAction")
    fill_case(page, "121/26", "Lawyer disbarred", TODAY + timedelta(days=14))
    page.click("#form-buttons-save")
    page.wait_for_selector(".ua-status")
    assert status(page) == "Draft: not yet open for letters"

    page.click("#plone-contentmenu-workflow > a")
    transitions = page.locator("#plone-contentmenu-workflow .dropdown-menu a")
    offered = [text.strip() for text in transitions.all_inner_texts()]
    assert "Submit for review" in offered
    assert "Publish" not in offered
    page.click("#workflow-transition-submit")
    page.wait_for_load_state()
    assert "Pending review" in page.locator("#plone-contentmenu-workflow").inner_text()
    assert status(page) == "Draft: not yet open for letters"
    case_url = page.url.removesuffix("/view")

    page.goto(f"{people.absolute_url()}/logout")
    log_in("edna")
    page.goto(case_url)
    do_transition(page, "publish")
    assert status(page).startswith("Open for letters until")
