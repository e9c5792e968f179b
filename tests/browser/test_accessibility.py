"""WCAG 2.1 AA: axe-core (pinned in package.json, installed by ``npm ci``)
checks the pages in Debian Chromium, with Barceloneta's CSS and scripts;
no serious or critical violation may remain. Also the screenshots of the
home page, a case page in German and the counter (``SCREENSHOT_DIR``)."""

from chromium import log_in
from chromium import screenshot
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.portlets.my_urgent_actions import Assignment
from collective.urgentactions.testing import PASSWORD
from datetime import date
from datetime import timedelta
from pathlib import Path
from plone.app.testing import login
from plone.app.testing import logout
from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletManager
from zope.component import getMultiAdapter
from zope.component import getUtility

import http.server
import plone.api
import pytest
import threading
import transaction


pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Plone's own chrome, which the add-on does not render: Barceloneta's
# breadcrumbs, footer links and search button miss the contrast ratio and the
# editing toolbar's collapse button carries a prohibited aria-label. Those
# are Plone's to fix (see docs/accessibility.md); everything else is checked.
PLONE_CHROME = [
    ["#portal-breadcrumbs"],
    ["#portal-footer-wrapper"],
    ["#portal-searchbox"],
    ["#edit-zone"],
]


@pytest.fixture
def site(functional_portal, make_update):
    """An open and a closed case with letters, updates, the portlet, a
    member who counted letters; German offered."""
    portal = functional_portal
    plone.api.portal.set_registry_record(
        "plone.available_languages", ["en", "de", "fr", "it"]
    )
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
    plone.api.portal.set_registry_record("plone.use_cookie_negotiation", True)
    portal.setLayout("urgent-actions-home")
    portal.acl_users.userFolderAddUser("member", PASSWORD, ["Member"], [])
    manager = getUtility(IPortletManager, name="plone.rightcolumn", context=portal)
    mapping = getMultiAdapter((portal, manager), IPortletAssignmentMapping)
    mapping["my-urgent-actions"] = Assignment()
    section = portal["urgent-actions"]
    from collective.urgentactions.testing import create_ua

    open_case = create_ua(
        section,
        ua_number="011/25",
        issue_date=date(2025, 6, 1),
        closing_date=date.today() + timedelta(days=3),
        description="Release the journalist Anton Lisak immediately.",
    )
    for day in (5, 9, 12):
        make_update(
            open_case, f"News of {day} June", date(2025, 6, day), "<p>News.</p>"
        )
    closed = create_ua(
        section,
        state="closed",
        closing_date=date(2020, 6, 8),
        outcome="released",
        description="Release the journalist Anton Lisak immediately.",
    )
    IActionTally(closed).add_offline(8, "admin")
    login(portal, "member")
    count_letters(open_case, 2)
    logout()
    transaction.commit()
    return {
        "portal": portal.absolute_url(),
        "section": section.absolute_url(),
        "open": plone.api.content.get(UID=open_case.UID()).absolute_url(),
        "closed": plone.api.content.get(UID=closed.UID()).absolute_url(),
    }


@pytest.fixture(autouse=True)
def _patient(page):
    """Pages of a loaded test server may take longer than the default."""
    page.set_default_timeout(60000)


def serious_violations(page):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """([tags, exclude]) => axe.run(
            {include: [["html"]], exclude: exclude},
            {runOnly: {type: "tag", values: tags}}
        )""",
        [WCAG_AA, PLONE_CHROME],
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    "name,path",
    [
        ("home", "portal"),
        ("listing", "section"),
        ("open case", "open"),
        ("closed case", "closed"),
    ],
)
def test_no_serious_violation_for_visitors(page, site, name, path):
    page.goto(site[path])
    assert serious_violations(page) == [], name


@pytest.mark.parametrize(
    "path",
    ["portal", "open", "my-letters"],
)
def test_no_serious_violation_for_members(page, site, path):
    log_in(page, site["portal"])
    url = f"{site['portal']}/@@my-letters" if path == "my-letters" else site[path]
    page.goto(url)
    assert serious_violations(page) == [], path


def test_screenshots_and_german_case_page(page, site):
    page.goto(site["portal"])
    screenshot(page, "home.png")
    page.set_extra_http_headers({"Accept-Language": "de"})
    page.goto(site["closed"])
    screenshot(page, "case-de.png")
    assert page.locator(".ua-status-label").inner_text() == (
        "Abgeschlossen am 8. Juni 2020"
    )
    assert page.locator(".ua-status-detail").inner_text() == (
        "Briefe werden nicht mehr gebraucht."
    )
    assert page.locator(".ua-letters-total").inner_text() == "8 Briefe verschickt"
    assert serious_violations(page) == []


def test_letter_form_in_reach_on_a_page_with_updates(page, site):
    """At 1280 × 900 the member's "I sent a letter" button is on the first
    screen although the case has three updates."""
    log_in(page, site["portal"])
    page.goto(site["open"])
    button = page.locator("button", has_text="I sent a letter")
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900
    # The folded updates open with a click (or a key), without scripts.
    page.click("details.ua-update-older summary >> nth=0")
    assert page.locator("details.ua-update-older >> nth=0").get_attribute("open") == ""


@pytest.fixture
def other_site():
    """Another site (its own origin, a real HTTP server) whose page embeds
    what ``other_site(html)`` is given; yields the page's URL maker."""
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get("html", "").encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html):
        pages["html"] = html
        return f"http://127.0.0.1:{server.server_address[1]}/news.html"

    yield serve
    server.shutdown()


def test_counter_widget_framed_by_another_site(page, site, other_site):
    """Embedded in a page of another origin, the counter loads in its
    iframe and shows the count."""
    widget = f"{site['closed']}/@@counter-widget"
    page.goto(
        other_site(
            '<html lang="en"><body><h1>News from another site</h1>'
            f'<iframe src="{widget}" width="320" height="200" '
            'title="Letters" style="border:0"></iframe></body></html>'
        )
    )
    frame = page.frame_locator("iframe")
    assert frame.locator(".ua-widget-count").inner_text() == "8 letters sent"
    screenshot(page, "widget.png")
    page.goto(widget)
    assert serious_violations(page) == []
    assert page.context.cookies() == []


def test_listing_status_fits_at_1280_pixels(page, site):
    """The old table's status column was cut at 1280 px; every card shows
    its state in full."""
    page.goto(site["section"])
    badges = page.locator(".ua-card .ua-status")
    assert badges.count() == 2
    for index in range(badges.count()):
        box = badges.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
