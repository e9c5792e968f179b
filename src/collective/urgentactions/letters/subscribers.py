"""Create letter structures off the hot path; erase a deleted member's data."""

from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import erase_member
from datetime import date

import plone.api


def prepare_days(ua, event):
    """Adding, publishing or a new closing date may need the action's
    counters and its day counters (an editor's write, never a member's
    press), and its follower index."""
    storage.prepare_days(ua)
    followers.ensure_followers(ua)


def prepare_days_ahead(today=None):
    """Day counters of every open action for the days ahead (daily, from
    ``maintenance.daily``)."""
    today = today or date.today()
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="UrgentAction",
        review_state="published",
        ua_open_until={"query": today, "range": "min"},
    ):
        storage.prepare_days(brain._unrestrictedGetObject(), today)


def create_member_record(event):
    storage.member_records().ensure(event.principal.getId())


def erase_member_record(event):
    erase_member(event.principal)
