"""Retention: the details of letters on long-closed cases go.

While a case is open a member's record keeps each letter entry with its
time and way of sending: the member can take the last one back, and the
statistics need the channel and the day of every press. Those already sit
in the case's counters (``IActionTally``), which name nobody. Once a case
has been closed for longer than the setting ``retention_days``, the daily
``make retention`` (``@@urgentactions-maintenance?task=retention``) reduces
every member's data for it to the number of letters, the follow and
whether the newest update had been seen (``MemberRecord.reduce_action``):
no time, no way of sending, no submission ids, no visit times. The totals
are untouched, and "My Urgent Actions" still shows the member's count.
The old revisions go at the next ``make pack``.
"""

from collective.urgentactions.letters import storage
from collective.urgentactions.privacy.packing import schedule_pack
from collective.urgentactions.settings import get_settings
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import closed_on
from collective.urgentactions.status import ua_status
from collective.urgentactions.updates import last_update_published
from datetime import date
from datetime import timedelta
from plone.uuid.interfaces import IUUID

import plone.api


def cases_past_retention(portal, today=None):
    """``{uid: newest update time}`` of the cases closed on or before
    ``retention_days`` days ago."""
    today = today or date.today()
    limit = today - timedelta(days=get_settings().retention_days)
    catalog = plone.api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="UrgentAction", review_state=["published", "closed"]
    )
    due = {}
    for brain in brains:
        if brain.review_state == "published" and (
            brain.closing_date is None or brain.closing_date > limit
        ):
            continue
        ua = brain._unrestrictedGetObject()
        if ua_status(ua, today) != CLOSED:
            continue
        ended = closed_on(ua)
        if ended is not None and ended <= limit:
            due[IUUID(ua)] = last_update_published(ua)
    return due


def reduce_closed_cases(portal, today=None):
    """Reduce the members' data of the cases past retention. Returns how
    many members' data for a case were reduced."""
    due = cases_past_retention(portal, today)
    reduced = 0
    if not due:
        return reduced
    for record in storage.member_records(portal):
        for uid in set(record.actions) & set(due):
            reduced += record.reduce_action(uid, due[uid])
    if reduced:
        schedule_pack(portal)
    return reduced
