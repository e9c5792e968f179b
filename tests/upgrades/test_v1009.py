"""Upgrading from 1008 takes the year and month folders filed before out of
the navigation, and only them."""

from collective.urgentactions.filing import file_now
from collective.urgentactions.upgrades.v1009 import archive_folders_out_of_navigation
from datetime import date

import plone.api


def test_archive_folders_leave_the_navigation(portal, section, make_ua):
    make_ua(issue_date=date(2020, 4, 28))
    # Filing happens at commit; file now, as a site before 1009 had.
    for brain in plone.api.content.find(portal_type="UrgentAction"):
        file_now(brain.getObject())
    for folder in (section["2020"], section["2020"]["04"]):
        folder.exclude_from_nav = False
        folder.reindexObject()

    archive_folders_out_of_navigation()

    assert section["2020"].exclude_from_nav is True
    assert section["2020"]["04"].exclude_from_nav is True
    assert not getattr(section, "exclude_from_nav", False)
    catalog = plone.api.portal.get_tool("portal_catalog")
    shown = catalog(path="/".join(section.getPhysicalPath()), exclude_from_nav=False)
    assert "/plone/urgent-actions/2020" not in [brain.getPath() for brain in shown]
