"""Whether an Urgent Action is open for letters, and since when it is closed.

The workflow state alone is not enough: a published action whose closing date
has come is closed even before the cron job (``close_expired``) has moved it to
the ``closed`` state, so every view asks these functions, never the state.
"""

from collective.urgentactions.letters import storage
from datetime import date
from Products.CMFCore.utils import getToolByName

import plone.api


DRAFT = "draft"
OPEN = "open"
CLOSED = "closed"

# Actions without a closing date are indexed as open until this day, so that
# a single range query on ``ua_open_until`` finds every open action.
NO_CLOSING_DATE = date(2999, 12, 31)


def review_state(ua):
    workflow = getToolByName(ua, "portal_workflow")
    return workflow.getInfoFor(ua, "review_state", None)


def is_expired(ua, today=None):
    closing = getattr(ua, "closing_date", None)
    return closing is not None and (today or date.today()) >= closing


def ua_status(ua, today=None):
    """``draft``, ``open`` or ``closed``."""
    state = review_state(ua)
    if state == "published":
        return CLOSED if is_expired(ua, today) else OPEN
    if state == "closed":
        return CLOSED
    return DRAFT


def brain_status(brain, today=None):
    """``ua_status`` from catalog metadata, without loading the object."""
    if brain.review_state == "published":
        closing = brain.closing_date
        if closing is not None and (today or date.today()) >= closing:
            return CLOSED
        return OPEN
    if brain.review_state == "closed":
        return CLOSED
    return DRAFT


def is_open(ua, today=None):
    return ua_status(ua, today) == OPEN


def closed_on(ua):
    """The day the action closed: its closing date when that has come,
    otherwise the day an editor closed it by hand. ``None`` while open."""
    if ua_status(ua) != CLOSED:
        return None
    closing = getattr(ua, "closing_date", None)
    closed_by_hand = _last_close_date(ua)
    if closing is not None and (closed_by_hand is None or closing <= closed_by_hand):
        return closing
    return closed_by_hand


def _last_close_date(ua):
    history = getattr(ua, "workflow_history", {}).get("urgentaction_workflow", ())
    for entry in reversed(history):
        if entry.get("action") == "close":
            return entry["time"].asdatetime().date()
    return None


def close_expired(portal, today=None):
    """Move every published action whose closing date has come to ``closed``,
    and prepare the day counters of the open ones for the days ahead.

    Returns the closed actions. Meant for cron, daily (``make close-expired``)."""
    today = today or date.today()
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="UrgentAction",
        review_state="published",
        ua_open_until={"query": today, "range": "min"},
    ):
        storage.prepare_days(brain._unrestrictedGetObject(), today)
    brains = catalog.unrestrictedSearchResults(
        portal_type="UrgentAction",
        review_state="published",
        ua_open_until={"query": today, "range": "max"},
    )
    closed = []
    for brain in brains:
        ua = brain._unrestrictedGetObject()
        if not is_expired(ua, today):
            continue
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(
                ua, transition="close", comment="Closing date reached."
            )
        closed.append(ua)
    return closed
