"""The cross-case letter statistics page against a plain folder listing of
the same cases, measured side by side in one run.

The site gets ``CASES`` published cases, all issued in the same month so
that filing puts them in one ``YYYY/MM`` folder, and ``LETTERS`` letters
spread over the 60 days after each case's issue date, three ways of sending,
and an offline entry on every tenth case. Cases and letters are
written directly (see ``make_cases``): the cases without plone.api's events
and moves, the letters into each case's counters (``ActionTally.add``, what
a press writes besides the member's record), because 100,000 presses through
the rules would take far longer and member records are never read by the
statistics.

Compared, as a Manager (who sees every case): ``urgent-actions/@@letter-
statistics?period=all`` (the whole history: every case in the table, all
charts; without dates the page shows the last 12 weeks) and Plone's
``listing_view`` of the month folder with ``b_size`` = ``CASES`` (every case
listed). Rounds alternate the order; each round takes the median of
``REQUESTS`` requests after warming; the ratio is of the medians of rounds.

Usage: python -m bench.statistics [CASES=1000] [LETTERS=100000] [ROUNDS=3] [REQUESTS=3]
"""

from bench.layers import functional_site
from bench.layers import median_time
from collective.urgentactions.filing import archive_folder
from collective.urgentactions.interfaces import IActionTally
from DateTime import DateTime
from datetime import date
from datetime import timedelta
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.dexterity.utils import createContent
from plone.testing.zope import Browser

import plone.api
import statistics
import sys
import time
import transaction


WORKFLOW = "urgentaction_workflow"
CHANNELS = ("letter", "email", "fax")
COUNTRIES = ("BY", "KG", "PE", "TR", "IR", "MX", "EG", "PH")


def make_cases(section, cases, letters, first_day):
    """Create the published cases in their month folder and write their
    letters into the counters.

    Written directly, because plone.api (events, filing moves, workflow
    transitions, three reindexes a case) takes minutes for 1,000 cases on a
    shared machine: each case is added to the folder without events, gets
    the counters an added case gets (its ``IActionTally``), the published state
    through the workflow tool and one catalog entry, as a published case
    has."""
    folder = archive_folder(section, first_day)
    workflow_tool = plone.api.portal.get_tool("portal_workflow")
    catalog = plone.api.portal.get_tool("portal_catalog")
    workflow = workflow_tool.getWorkflowById(WORKFLOW)
    per_case = letters // cases
    for number in range(cases):
        content = createContent(
            "UrgentAction",
            title=f"Case {number}: detained for peaceful protest",
            ua_number=f"{number % 1000:03d}/{26 + number // 1000}",
            ai_index="EUR 57/2227/2026",
            country=COUNTRIES[number % len(COUNTRIES)],
            issue_date=first_day + timedelta(days=number % 28),
        )
        content_id = f"case-{number}"
        content.id = content_id
        folder._setObject(content_id, content, suppress_events=True)
        ua = folder[content_id]
        workflow_tool.setStatusOf(
            WORKFLOW,
            ua,
            {
                "review_state": "published",
                "action": "publish",
                "actor": "admin",
                "time": DateTime(),
                "comments": "",
            },
        )
        workflow.updateRoleMappingsFor(ua)
        tally = IActionTally(ua)
        remaining = per_case
        for day in range(60):
            quantity = remaining if day == 59 else min(remaining, per_case // 30 + 1)
            if quantity <= 0:
                break
            tally.add(
                quantity,
                CHANNELS[(number + day) % 3],
                ua.issue_date + timedelta(days=day),
            )
            remaining -= quantity
        if number % 10 == 0:
            tally.add_offline(25, "admin", "Street stand", "Site Administrator")
        catalog.catalog_object(ua, "/".join(ua.getPhysicalPath()))
        if number % 100 == 99:
            transaction.commit()
    transaction.commit()
    return folder


def main(cases=1000, letters=100_000, rounds=3, requests=3):
    with functional_site() as (app, portal):
        # A production instance keeps its working set in the ZODB cache
        # (zodb-cache-size); both pages read from the same warm cache.
        app._p_jar.db().setCacheSize(200_000)
        section = portal["urgent-actions"]
        first_day = date.today().replace(day=1) - timedelta(days=62)
        first_day = first_day.replace(day=1)
        began = time.perf_counter()
        with plone.api.env.adopt_roles(["Manager"]):
            folder = make_cases(section, cases, letters, first_day)
        setup = time.perf_counter() - began
        assert len(folder.objectIds()) == cases, len(folder.objectIds())

        browser = Browser(app)
        browser.handleErrors = False
        browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )
        pages = {
            # The whole history: every case and letter, as the listing lists
            # every case (without dates the page shows the last 12 weeks).
            "statistics": f"{section.absolute_url()}/@@letter-statistics?period=all",
            "listing": f"{folder.absolute_url()}/listing_view?b_size={cases}",
        }
        browser.open(pages["statistics"])
        catalog = plone.api.portal.get_tool("portal_catalog")
        indexed = catalog.unrestrictedSearchResults(
            portal_type="UrgentAction", review_state="published"
        )
        assert len(indexed) == cases, len(indexed)
        total = sum(IActionTally(ua).total() for ua in folder.objectValues())
        shown = f"{total:,}"
        assert shown in browser.contents, shown
        browser.open(pages["listing"])
        assert browser.contents.count("Case ") >= cases

        times = {name: [] for name in pages}
        for round_ in range(rounds):
            order = list(pages) if round_ % 2 else list(reversed(pages))
            for name in order:
                median_time(browser, pages[name], 1)  # warm
                times[name].append(median_time(browser, pages[name], requests))
        print(
            f"{cases} cases, {total:,} letters (setup {setup:.0f} s); "
            f"{rounds} rounds x {requests} requests, median of medians"
        )
        print(f"{'page':<12} {'ms':>8}")
        medians = {
            name: statistics.median(values) * 1000 for name, values in times.items()
        }
        for name, value in medians.items():
            print(f"{name:<12} {value:>8.1f}")
        print(
            f"ratio statistics / listing: {medians['statistics'] / medians['listing']:.2f}"
        )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:5]))
