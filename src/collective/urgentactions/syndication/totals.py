"""Letter totals across sections: totals only, never who wrote.

At the source, ``SectionTotals`` (annotation
``collective.urgentactions.sections`` on a case, created by the first
section's report) maps the reporting service account's user id to
``{"name", "url", "total", "by_channel", "reported_at"}``. A section's
report replaces its entry (reporting the same numbers twice, or a first
report of no letters, writes nothing), so the worldwide total is this site's letters plus the latest
report of each section: never counted twice. Reports touch neither the
case nor the catalog, so letter presses and reports never conflict.

At a section, the imported case's ``SyndicatedCase.worldwide`` keeps what
the source last answered; the page shows that worldwide total, moved by
the letters counted here since the report.
"""

from BTrees.OOBTree import OOBTree
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.syndication.cases import get_case
from collective.urgentactions.syndication.changes import now_iso
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations


SECTIONS_KEY = "collective.urgentactions.sections"


class SectionTotals(Persistent):
    def __init__(self):
        self.sections = OOBTree()


def section_entries(ua):
    """The sections' latest reports on a case (empty when none)."""
    totals = IAnnotations(ua).get(SECTIONS_KEY)
    return {} if totals is None else dict(totals.sections.items())


def record_report(ua, account, name, url, total, by_channel):
    """Replace the section's report on a case; ``False`` when unchanged."""
    annotations = IAnnotations(ua)
    totals = annotations.get(SECTIONS_KEY)
    old = totals.sections.get(account) if totals is not None else None
    if old is None and not total:
        return False  # nothing to add: a section with no letters yet
    if old and (old["total"], old["by_channel"], old["name"], old["url"]) == (
        total,
        by_channel,
        name,
        url,
    ):
        return False
    if totals is None:
        totals = annotations[SECTIONS_KEY] = SectionTotals()
    totals.sections[account] = {
        "name": name,
        "url": url,
        "total": total,
        "by_channel": dict(by_channel),
        "reported_at": now_iso(),
    }
    return True


def network_total(ua):
    """This site's letters on a case plus what its sections reported: what
    this site reports upstream, and the source's worldwide total."""
    return IActionTally(ua).total() + sum(
        entry["total"] for entry in section_entries(ua).values()
    )


def channel_totals(ua):
    return IActionTally(ua).channel_totals()


def worldwide(ua):
    """``{"total", "here", ...}`` for a case other sites count letters for,
    or ``None``. At the source: the sections' totals; at a section: the
    worldwide total last received, moved by the letters counted here since."""
    here = IActionTally(ua).total()
    record = get_case(ua)
    if record is not None and record.worldwide:
        received = record.worldwide
        return {
            "total": max(
                received["total"] - received["reported"] + network_total(ua), here
            ),
            "here": here,
            "source": record.source_name,
            "received_at": received["received_at"],
        }
    entries = section_entries(ua)
    if not entries:
        return None
    return {
        "total": network_total(ua),
        "here": here,
        "sections": [
            {
                "name": entry["name"],
                "url": entry["url"],
                "total": entry["total"],
                "reported_at": entry["reported_at"],
            }
            for entry in sorted(entries.values(), key=lambda e: e["name"].casefold())
        ],
    }
