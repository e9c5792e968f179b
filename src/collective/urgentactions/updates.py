"""The updates of a case: their order, and when they were published.

Updates are shown newest first, by their date, then by creation
(:func:`newest_first`), on the case page, in the REST API and in mails.

"My Urgent Actions" marks a case whose newest update was published after the
member last opened it. The time of publication is the update's last
``publish`` workflow transition (the effective date is not set when an update
is published through plone.api or the REST API). The case carries it as the
catalog column ``ua_last_update``, refreshed whenever one of its updates is
published, retracted or removed, so the portlet needs no query per case.
"""

from Acquisition import aq_parent
from collective.urgentactions.content.urgent_action import IUrgentAction
from datetime import date


WORKFLOW = "urgentaction_update_workflow"


def newest_first(updates):
    """The updates by date, newest first, then the newest created first."""
    return sorted(
        updates, key=lambda u: (u.date or date.min, u.created()), reverse=True
    )


def publication_time(update):
    """When the update was last published (timezone-aware), or ``None``."""
    history = getattr(update, "workflow_history", {}).get(WORKFLOW, ())
    for entry in reversed(history):
        if entry.get("review_state") != "published":
            return None
        if entry.get("action") == "publish":
            return entry["time"].asdatetime()
    return None


def last_update_published(ua):
    """The newest publication time among the case's published updates."""
    times = [
        publication_time(update)
        for update in ua.objectValues()
        if getattr(update, "portal_type", None) == "UrgentActionUpdate"
    ]
    times = [time for time in times if time is not None]
    return max(times) if times else None


def refresh_case(update, event):
    """Reindex the case's ``ua_last_update`` after an update changed state
    or went away (an editor's action)."""
    ua = aq_parent(update)
    if ua is not None and IUrgentAction.providedBy(ua):
        ua.reindexObject(idxs=["ua_last_update"])
