"""The home page (cases as cards) against Plone's plain folder listing of
the same cases, measured side by side in one run.

``CASES`` cases (half open, half closed with an outcome, each with letters)
are filed in one month folder of the section. The home page shows 12 open
and 6 closed cards: two catalog queries over the whole section, and each
card loads its case for the letter count and the outcome. The plain listing
is Plone's ``listing_view`` of the month folder holding the same cases, 18
items a page (as many as the home page's cards), which needs catalog
metadata only. Cases are written directly, as in ``bench/statistics.py``
(no plone.api events or filing moves), so that 1,000 cases take seconds.

Rounds alternate the order of the two pages, for an anonymous visitor and a
logged-in member, so machine noise hits both alike; the ratio of medians is
the cost of the cards. Target: within 1.5x.

Usage: python -m bench.home [CASES=1000] [ROUNDS=5] [REQUESTS=10]
"""

from bench.layers import functional_site
from bench.layers import median_time
from collective.urgentactions.filing import archive_folder
from collective.urgentactions.interfaces import IActionTally
from DateTime import DateTime
from datetime import date
from datetime import timedelta
from plone.dexterity.utils import createContent
from plone.testing.zope import Browser

import plone.api
import statistics
import sys
import transaction


WORKFLOW = "urgentaction_workflow"
SHOWN = 18


def make_cases(section, cases, today):
    """File ``cases`` cases in the month folder of ``today``: even ones open
    for another 30 days, odd ones closed with an outcome."""
    first_day = today.replace(day=1)
    folder = archive_folder(section, first_day)
    workflow_tool = plone.api.portal.get_tool("portal_workflow")
    catalog = plone.api.portal.get_tool("portal_catalog")
    workflow = workflow_tool.getWorkflowById(WORKFLOW)
    for number in range(cases):
        is_open = number % 2 == 0
        issued = first_day + timedelta(days=number % max(today.day, 1))
        content = createContent(
            "UrgentAction",
            title=f"Case {number}: journalist detained for reporting",
            description="Release the journalist immediately and unconditionally.",
            ua_number=f"{number % 1000:03d}/{26 + number // 1000}",
            issue_date=issued,
            closing_date=today + timedelta(days=30) if is_open else issued,
            outcome=None if is_open else "released",
        )
        content.id = f"case-{number}"
        folder._setObject(content.id, content, suppress_events=True)
        ua = folder[content.id]
        state = "published" if is_open else "closed"
        workflow_tool.setStatusOf(
            WORKFLOW,
            ua,
            {
                "review_state": state,
                "action": None,
                "actor": "admin",
                "time": DateTime(),
                "comments": "",
            },
        )
        workflow.updateRoleMappingsFor(ua)
        IActionTally(ua).add(number % 40 + 1, "letter", issued)
        catalog.catalog_object(ua, "/".join(ua.getPhysicalPath()))
        if number % 100 == 99:
            transaction.commit()
    transaction.commit()
    return folder


def main(cases=1000, rounds=5, requests=10):
    with functional_site() as (app, portal):
        app._p_jar.db().setCacheSize(200_000)
        portal.acl_users.userFolderAddUser("member", "secret-1", ["Member"], [])
        with plone.api.env.adopt_roles(["Manager"]):
            folder = make_cases(portal["urgent-actions"], cases, date.today())
            portal.setLayout("urgent-actions-home")
        transaction.commit()
        pages = {
            "home (cards)": portal.absolute_url(),
            "plain listing": f"{folder.absolute_url()}/listing_view?b_size={SHOWN}",
        }
        browsers = {"anonymous": Browser(app), "member": Browser(app)}
        browsers["member"].addHeader("Authorization", "Basic member:secret-1")
        for browser in browsers.values():
            browser.handleErrors = False
            browser.open(pages["home (cards)"])
            shown = browser.contents.count('<article class="ua-card ')
            assert shown == SHOWN, shown
            browser.open(pages["plain listing"])
            assert browser.contents.count("journalist detained") >= SHOWN
        results = {(who, page): [] for who in browsers for page in pages}
        for round_ in range(rounds):
            order = list(pages) if round_ % 2 else list(reversed(pages))
            for page in order:
                for who, browser in browsers.items():
                    median_time(browser, pages[page], 2)  # warm up
                    results[who, page].append(
                        median_time(browser, pages[page], requests)
                    )
        print(
            f"{cases} cases, {rounds} rounds x {requests} requests, median of medians"
        )
        print(f"{'visitor':<10} {'plain listing ms':>16} {'home ms':>8} {'ratio':>6}")
        for who in browsers:
            plain = statistics.median(results[who, "plain listing"]) * 1000
            home = statistics.median(results[who, "home (cards)"]) * 1000
            print(f"{who:<10} {plain:>16.1f} {home:>8.1f} {home / plain:>6.3f}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:4]))
