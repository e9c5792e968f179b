"""When a case last changed, for ``@urgent-actions?changed_since=``.

A section keeps its copy of a case in step by asking the source which cases
changed since its last sync. A case changes when it is edited or moves in
its workflow, and when one of its updates or letter templates is added,
edited, published, retracted or removed. Each of these stamps the case's
attribute ``ua_changed_at`` (an ISO 8601 UTC time with microseconds) and
reindexes the catalog's ``ua_changed`` field index, whose values sort in
time order. Letter presses and the sections' reported totals do not
change a case: they touch neither the case nor this index.
"""

from Acquisition import aq_parent
from collective.urgentactions.content.urgent_action import IUrgentAction
from datetime import datetime
from datetime import UTC
from plone.indexer import indexer


def utc_iso(value):
    """An aware datetime as the index's text: UTC, microseconds."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def now_iso():
    return utc_iso(datetime.now(UTC))


def mark_changed(ua):
    ua.ua_changed_at = now_iso()
    ua.reindexObject(idxs=["ua_changed"])


def case_changed(ua, event):
    """The case itself was edited, added or moved in its workflow."""
    if IUrgentAction.providedBy(ua):
        mark_changed(ua)


def item_changed(item, event):
    """An update or letter template of the case changed or went away (not
    when the event comes from the case itself being copied or removed)."""
    if getattr(event, "object", item) is not item:
        return
    ua = getattr(event, "oldParent", None) or aq_parent(item)
    if ua is not None and IUrgentAction.providedBy(ua):
        mark_changed(ua)


def changed_at(ua):
    """When the case last changed (index text); its modification date for a
    case not stamped yet."""
    stamp = getattr(ua, "ua_changed_at", None)
    return stamp or utc_iso(ua.modified().asdatetime())


@indexer(IUrgentAction)
def ua_changed(obj):
    return changed_at(obj)
