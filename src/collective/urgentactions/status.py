"""Whether an Urgent Action is open for letters, since when it is closed, and
how every page, mail and REST answer words that.

The workflow state alone is not enough: a published action whose closing date
has come is closed even before the cron job (``close_expired``) has moved it to
the ``closed`` state, so every view asks these functions, never the state.

:func:`status_wording` is the one wording of a case's state; the case page,
the letter counter, the listing, the "My Urgent Actions" portlet, the mails
and the REST API all take their texts from it.
"""

from collective.urgentactions import _
from dataclasses import dataclass
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


def closed_day(status, closing_date, closed_by_hand, today=None):
    """The day a case closed: its closing date when that has come (and came
    before an editor closed it), otherwise the day an editor closed it by
    hand; ``None`` while it is not closed or when the day is unknown."""
    if status != CLOSED:
        return None
    today = today or date.today()
    reached = closing_date is not None and closing_date <= today
    if reached and (closed_by_hand is None or closing_date <= closed_by_hand):
        return closing_date
    return closed_by_hand


def closed_by_hand(ua):
    """The day of the ``close`` transition that put the case in the ``closed``
    state, or ``None`` when it is not in that state (catalog metadata
    ``ua_closed_by_hand``, so listings need not load the case)."""
    if review_state(ua) != "closed":
        return None
    history = getattr(ua, "workflow_history", {}).get("urgentaction_workflow", ())
    for entry in reversed(history):
        if entry.get("action") == "close":
            return entry["time"].asdatetime().date()
    return None


def closed_on(ua, today=None):
    """The day the action closed (see :func:`closed_day`)."""
    return closed_day(
        ua_status(ua, today),
        getattr(ua, "closing_date", None),
        closed_by_hand(ua),
        today,
    )


def brain_closed_on(brain, today=None):
    """:func:`closed_on` from catalog metadata (a brain not yet reindexed
    holds ``Missing.Value``, read as unknown)."""
    by_hand = getattr(brain, "ua_closed_by_hand", None)
    return closed_day(
        brain_status(brain, today),
        brain.closing_date,
        by_hand if isinstance(by_hand, date) else None,
        today,
    )


@dataclass(frozen=True)
class Wording:
    """A case's state in words: ``label`` ("Closed on 8 June 2020") for
    badges, lists and mails, ``detail`` (a sentence or ``None``) for its page
    and the REST API. Both are messages to translate."""

    status: str
    label: object
    detail: object


def status_wording(status, closing_date, closed_on, day):
    """The one wording of a case's state.

    ``status`` is ``draft``, ``open`` or ``closed``; ``closed_on`` the day it
    closed (or ``None``); ``day`` formats a date in the reader's language."""
    if status == OPEN:
        if closing_date is None:
            return Wording(status, _("Open for letters"), None)
        last_day = day(last_day_for_letters(closing_date))
        return Wording(
            status,
            _("Open for letters until ${date}", mapping={"date": last_day}),
            None,
        )
    if status == CLOSED:
        label = (
            _("Closed on ${date}", mapping={"date": day(closed_on)})
            if closed_on
            else _("Closed")
        )
        return Wording(status, label, _("Letters are no longer needed."))
    detail = (
        _("Planned closing date: ${date}.", mapping={"date": day(closing_date)})
        if closing_date
        else _("No closing date yet: it stays open until an editor closes it.")
    )
    return Wording(status, _("Draft: not yet open for letters"), detail)


def ua_wording(ua, day, today=None):
    """:func:`status_wording` of an Urgent Action."""
    return status_wording(
        ua_status(ua, today),
        getattr(ua, "closing_date", None),
        closed_on(ua, today),
        day,
    )


def brain_wording(brain, day, today=None):
    """:func:`status_wording` from catalog metadata."""
    return status_wording(
        brain_status(brain, today),
        brain.closing_date,
        brain_closed_on(brain, today),
        day,
    )


def expired_brains(search, today=None, **query):
    """Catalog brains of the published actions whose closing date has come
    but which are not closed yet, found with ``search`` (the catalog's
    restricted or unrestricted search) and ``query``.

    The catalog finds the published actions, which are few (the open ones
    and those the daily job has not closed yet), and their closing dates
    come from the metadata: a range query on ``ua_open_until`` up to today
    would read every closing date of the section's history."""
    return expired_among(
        search(portal_type="UrgentAction", review_state="published", **query), today
    )


def expired_among(brains, today=None):
    """Those of the published actions' ``brains`` whose closing date has come."""
    return [brain for brain in brains if brain_status(brain, today) == CLOSED]


def close_expired(portal, today=None):
    """Move every published action whose closing date has come to ``closed``.

    Returns the closed actions. Run daily by ``maintenance.daily``."""
    today = today or date.today()
    catalog = plone.api.portal.get_tool("portal_catalog")
    closed = []
    for brain in expired_brains(catalog.unrestrictedSearchResults, today):
        ua = brain._unrestrictedGetObject()
        if ua_status(ua, today) != CLOSED:
            continue
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(
                ua, transition="close", comment="Closing date reached."
            )
        closed.append(ua)
    return closed
