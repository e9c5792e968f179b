"""The cross-case letter statistics page against a plain folder listing of
the same cases, measured side by side in one run.

The site gets ``CASES`` published cases, all issued in the same month so
that filing puts them in one ``YYYY/MM`` folder, and ``LETTERS`` letters
spread over the 60 days after each case's issue date, three ways of sending,
and an offline entry on every tenth case. Cases are created through
plone.api (catalog, filing, day counters as in production); the letters are
written directly into each case's counters (``ActionTally.add``, what a press
writes besides the member's record), because 100,000 presses through the
rules would take far longer and member records are never read by the
statistics.

Compared, as a Manager (who sees every case): ``urgent-actions/@@letter-
statistics`` (every case in the table, all charts) and Plone's
``listing_view`` of the month folder with ``b_size`` = ``CASES`` (every case
listed). Rounds alternate the order; each round takes the median of
``REQUESTS`` requests after warming; the ratio is of the medians of rounds.

Usage: python -m bench.statistics [CASES=1000] [LETTERS=100000] [ROUNDS=5] [REQUESTS=5]
"""

from bench.layers import functional_site
from bench.layers import median_time
from collective.urgentactions.letters import storage
from collective.urgentactions.testing import create_ua
from datetime import date
from datetime import timedelta
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import plone.api
import statistics
import sys
import time
import transaction


CHANNELS = ("letter", "email", "fax")
COUNTRIES = ("BY", "KG", "PE", "TR", "IR", "MX", "EG", "PH")


def make_cases(section, cases, letters, first_day):
    """Create the cases and write their letters into the counters."""
    per_case = letters // cases
    uids = []
    for number in range(cases):
        ua = create_ua(
            section,
            ua_number=f"{number % 1000:03d}/{26 + number // 1000}",
            title=f"Case {number}: detained for peaceful protest",
            country=COUNTRIES[number % len(COUNTRIES)],
            issue_date=first_day + timedelta(days=number % 28),
        )
        tally = storage.get_tally(ua)
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
        uids.append(ua.UID())
        if number % 100 == 99:
            transaction.commit()
    transaction.commit()
    return uids


def main(cases=1000, letters=100_000, rounds=5, requests=5):
    with functional_site() as (app, portal):
        # A production instance keeps its working set in the ZODB cache
        # (zodb-cache-size); both pages read from the same warm cache.
        app._p_jar.db().setCacheSize(200_000)
        section = portal["urgent-actions"]
        first_day = date.today().replace(day=1) - timedelta(days=62)
        first_day = first_day.replace(day=1)
        began = time.perf_counter()
        uids = make_cases(section, cases, letters, first_day)
        setup = time.perf_counter() - began
        folder = plone.api.content.get(UID=uids[0]).aq_parent
        assert len(folder.objectIds()) == cases, len(folder.objectIds())

        browser = Browser(app)
        browser.handleErrors = False
        browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )
        pages = {
            "statistics": f"{section.absolute_url()}/@@letter-statistics",
            "listing": f"{folder.absolute_url()}/listing_view?b_size={cases}",
        }
        browser.open(pages["statistics"])
        total = sum(storage.total(plone.api.content.get(UID=uid)) for uid in uids)
        shown = f"{total:,}"
        assert shown in browser.contents, shown
        browser.open(pages["listing"])
        assert browser.contents.count("Case ") >= cases

        times = {name: [] for name in pages}
        for round_ in range(rounds):
            order = list(pages) if round_ % 2 else list(reversed(pages))
            for name in order:
                median_time(browser, pages[name], 2)  # warm
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
