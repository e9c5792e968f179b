"""Upgrading a site from before the listings' sort index (profile 1006)."""

from collective.urgentactions.search import find_urgent_actions
from datetime import date

import plone.api


PROFILE = "collective.urgentactions:default"


def test_adds_and_fills_the_sort_index(portal, make_ua, upgrade_from):
    older = make_ua(state="closed", ua_number="001/19", issue_date=date(2019, 3, 1))
    newer = make_ua(state="closed", ua_number="002/20", issue_date=date(2020, 3, 1))
    catalog = plone.api.portal.get_tool("portal_catalog")
    catalog.delIndex("ua_listing_order")
    setup = upgrade_from("1006")

    assert setup.getLastVersionForProfile(PROFILE) == (
        setup.getVersionForProfile(PROFILE),
    )
    assert "ua_listing_order" in catalog.indexes()
    results = find_urgent_actions(portal)
    assert [newer.UID(), older.UID()] == [results[0].UID, results[1].UID]
