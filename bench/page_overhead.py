"""UA page time with and without the letter viewlet and the "My Urgent
Actions" portlet, measured side by side in one run.

A logged-in member who has counted letters on several actions opens an
action's page (the worst case: the viewlet shows the form, the portlet lists
the member's actions and looks for new updates), and so does an anonymous
visitor. Rounds alternate the two configurations (viewlet hidden through
Plone's viewlet settings and portlet unassigned, or both present), so machine
noise hits both alike; the ratio of medians is the overhead, by wall-clock
time and by the CPU time of the process (which other jobs on a loaded
machine disturb far less).

Usage: python bench/page_overhead.py [ROUNDS=10] [REQUESTS=20]
"""

from bench.layers import CLOCKS
from bench.layers import functional_site
from bench.layers import median_time
from bench.layers import median_times
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.portlets.my_urgent_actions import Assignment
from collective.urgentactions.testing import create_ua
from datetime import date
from datetime import timedelta
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.viewletmanager.interfaces import IViewletSettingsStorage
from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletAssignmentSettings
from plone.portlets.interfaces import IPortletManager
from plone.testing.zope import Browser
from zope.component import getMultiAdapter
from zope.component import getUtility

import plone.api
import statistics
import sys
import transaction


VIEWLET = "collective.urgentactions.letters"
MANAGER = "plone.belowcontenttitle"


def configure(portal, enabled):
    transaction.begin()  # see what the requests committed
    storage = getUtility(IViewletSettingsStorage)
    skin = portal.portal_skins.getDefaultSkin()
    hidden = [name for name in storage.getHidden(MANAGER, skin) if name != VIEWLET]
    storage.setHidden(MANAGER, skin, hidden if enabled else [*hidden, VIEWLET])
    manager = getUtility(IPortletManager, name="plone.rightcolumn", context=portal)
    mapping = getMultiAdapter((portal, manager), IPortletAssignmentMapping)
    if "my-urgent-actions" not in mapping:
        mapping["my-urgent-actions"] = Assignment()
    IPortletAssignmentSettings(mapping["my-urgent-actions"])["visible"] = enabled
    transaction.commit()


def main(rounds=10, requests=20):
    with functional_site() as (app, portal):
        portal.acl_users.userFolderAddUser("member", "secret-1", ["Member"], [])
        section = portal["urgent-actions"]
        uids = []
        for i in range(8):
            uids.append(
                create_ua(
                    section,
                    ua_number=f"{i + 10:03d}/26",
                    title=f"Case {i}",
                    issue_date=date.today() - timedelta(days=i),
                ).UID()
            )
        transaction.commit()
        login(portal, "member")
        for uid in uids:
            count_letters(plone.api.content.get(UID=uid), 2)
        logout()
        transaction.commit()
        url = plone.api.content.get(UID=uids[0]).absolute_url()

        browsers = {"member": Browser(app), "anonymous": Browser(app)}
        browsers["member"].addHeader("Authorization", "Basic member:secret-1")
        results = {
            (clock, who, on): []
            for clock in CLOCKS
            for who in browsers
            for on in (True, False)
        }
        for round_ in range(rounds):
            order = (True, False) if round_ % 2 else (False, True)
            for enabled in order:
                configure(portal, enabled)
                for who, browser in browsers.items():
                    median_time(browser, url, 3)  # warm caches for this configuration
                    assert ('id="ua-letters"' in browser.contents) is enabled
                    if who == "member":
                        assert ("portletMyUrgentActions" in browser.contents) is enabled
                    for clock, taken in median_times(browser, url, requests).items():
                        results[clock, who, enabled].append(taken)
        configure(portal, True)

        print(f"UA page, {rounds} rounds x {requests} requests, median of medians")
        for clock, label in CLOCKS.items():
            print(label)
            print(f"{'visitor':<10} {'without ms':>10} {'with ms':>8} {'ratio':>6}")
            for who in browsers:
                without = statistics.median(results[clock, who, False]) * 1000
                with_ = statistics.median(results[clock, who, True]) * 1000
                print(
                    f"{who:<10} {without:>10.1f} {with_:>8.1f} {with_ / without:>6.3f}"
                )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
