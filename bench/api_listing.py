"""``@urgent-actions`` against plone.restapi's plain ``@search``, side by side.

A page of 25 Urgent Actions from ``@urgent-actions`` (open ones first, then
closed ones, each with its letter total) is compared with a page of 25 from
``@search`` with the same metadata (``fullobjects`` off, ``metadata_fields``
ua_number, country, issue_date and closing_date; title, description and
review state come with every summary), newest first. Both are requested by
an anonymous visitor through the full publisher (in-process WSGI), on a site
with ACTIONS actions (a quarter of them closed) that all have letters.

Rounds alternate which of the two goes first, so machine noise hits both
alike; each round takes the median of REQUESTS requests per page, the result
is the median over the rounds, by wall-clock time and by the CPU time of
the process (steadier on a loaded machine). The first page and a deep page (in the closed
group, where the listing merges two catalog queries) are measured. Target:
``@urgent-actions`` at most 1.5 times ``@search``.

Usage: .venv/bin/python -m bench.api_listing [ROUNDS=10] [REQUESTS=20] [ACTIONS=400]
"""

from bench.layers import CLOCKS
from bench.layers import functional_site
from bench.layers import median_time
from bench.layers import median_times
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.testing import create_ua
from datetime import date
from datetime import timedelta
from plone.app.testing import login
from plone.app.testing import logout
from plone.testing.zope import Browser

import json
import platform
import statistics
import sys
import transaction


SEARCH = (
    "@search?portal_type=UrgentAction&sort_on=issue_date&sort_order=descending"
    "&metadata_fields=ua_number&metadata_fields=country"
    "&metadata_fields=issue_date&metadata_fields=closing_date"
)


def make_site(portal, actions):
    section = portal["urgent-actions"]
    for userid in ("member", "other"):
        portal.acl_users.userFolderAddUser(userid, "secret-1", ["Member"], [])
    first = date.today() - timedelta(days=actions)
    open_uids = []
    for i in range(actions):
        closed = i % 4 == 0
        issued = first + timedelta(days=i)
        ua = create_ua(
            section,
            state="closed" if closed else "published",
            ua_number=f"{i % 1000:03d}/{issued:%y}",
            title=f"Case {i}: detained for peaceful protest",
            description="Release the prisoner of conscience.",
            country=("BY", "TR", "IR", "CN")[i % 4],
            issue_date=issued,
        )
        if not closed:
            open_uids.append(ua.UID())
        if i % 50 == 49:
            transaction.commit()  # files the new actions into YYYY/MM
    transaction.commit()
    catalog = portal.portal_catalog
    for userid in ("member", "other"):
        login(portal, userid)
        for uid in open_uids:
            count_letters(catalog(UID=uid)[0].getObject(), 2)
        logout()
        transaction.commit()


def first_item(browser, url):
    """The first of the 25 items the page lists."""
    browser.open(url)
    body = json.loads(browser.contents)
    assert len(body["items"]) == 25, url
    return body["items"][0]


def main(rounds=10, requests=20, actions=400):
    with functional_site() as (app, portal):
        make_site(portal, actions)
        site = portal.absolute_url()
        browser = Browser(app)
        browser.addHeader("Accept", "application/json")
        deep = actions - 50
        pages = {
            ("listing", "first"): f"{site}/@urgent-actions?b_size=25",
            ("search", "first"): f"{site}/{SEARCH}&b_size=25",
            ("listing", "deep"): f"{site}/@urgent-actions?b_size=25&b_start={deep}",
            ("search", "deep"): f"{site}/{SEARCH}&b_size=25&b_start={deep}",
        }
        assert first_item(browser, pages["listing", "first"])["letters_total"] == 4
        for url in pages.values():
            first_item(browser, url)
            median_time(browser, url, 3)  # warm up
        results = {(clock, *key): [] for clock in CLOCKS for key in pages}
        for round_ in range(rounds):
            order = ("listing", "search") if round_ % 2 else ("search", "listing")
            for page in ("first", "deep"):
                for service in order:
                    url = pages[service, page]
                    for clock, taken in median_times(browser, url, requests).items():
                        results[clock, service, page].append(taken)

        print(
            f"{actions} actions, anonymous, page of 25; {rounds} rounds x "
            f"{requests} requests, median of medians "
            f"(Python {platform.python_version()}, {platform.machine()})"
        )
        for clock, label in CLOCKS.items():
            print(label)
            print("| page | @search ms | @urgent-actions ms | ratio |")
            print("| --- | ---: | ---: | ---: |")
            for page in ("first", "deep"):
                search = statistics.median(results[clock, "search", page]) * 1000
                listing = statistics.median(results[clock, "listing", page]) * 1000
                name = (
                    "first (b_start=0)" if page == "first" else f"deep (b_start={deep})"
                )
                print(
                    f"| {name} | {search:.1f} | {listing:.1f} "
                    f"| {listing / search:.2f} |"
                )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:4]))
