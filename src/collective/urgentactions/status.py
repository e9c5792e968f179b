"""Whether an Urgent Action is open for letters, and since when it is closed.

The workflow state alone is not enough: a published action whose closing date
has come is closed even before the cron job (``close_expired``) has moved it to
the ``closed`` state, so every view asks these functions, never the state.
"""

from datetime import date
from datetime import timedelta
from Products.CMFCore.utils import getToolByName

import plone.api


DRAFT = "draft"
OPEN = "open"
CLOSED = "closed"

# Actions without a closing date are indexed as open until this day, so that
# a single range query on ``ua_open_until`` finds every open action.
NO_CLOSING_DATE = date(2999, 12, 31)


def last_day_for_letters(closing_date):
    """The last day letters count: the day before the closing date (the
    closing date is the first day the action is closed), or ``None``."""
    return closing_date - timedelta(days=1) if closing_date is not None else None


def review_state(ua):
    workflow = getToolByName(ua, "portal_workflow")
    return workflow.getInfoFor(ua, "review_state", None)


def status_of(state, closing_date, today=None):
    """The rule: ``draft``, ``open`` or ``closed`` from the workflow state
    and the closing date."""
    if state == "published":
        expired = closing_date is not None and (today or date.today()) >= closing_date
        return CLOSED if expired else OPEN
    return CLOSED if state == "closed" else DRAFT


def ua_status(ua, today=None):
    return status_of(review_state(ua), getattr(ua, "closing_date", None), today)


def brain_status(brain, today=None):
    """``ua_status`` from catalog metadata, without loading the object."""
    return status_of(brain.review_state, brain.closing_date, today)


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
    """Move every published action whose closing date has come to ``closed``.

    Returns the closed actions. Run daily by ``maintenance.daily``."""
    today = today or date.today()
    catalog = plone.api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="UrgentAction",
        review_state="published",
        ua_open_until={"query": today, "range": "max"},
    )
    closed = []
    for brain in brains:
        ua = brain._unrestrictedGetObject()
        if ua_status(ua, today) != CLOSED:
            continue
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(
                ua, transition="close", comment="Closing date reached."
            )
        closed.append(ua)
    return closed
