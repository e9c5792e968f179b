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
from collective.urgentactions.syndication.sources import get_sources
from collective.urgentactions.translations import counted_case
from collective.urgentactions.translations import translations_of
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations


SECTIONS_KEY = "collective.urgentactions.sections"


class SectionTotals(Persistent):
    def __init__(self):
        self.sections = OOBTree()


def section_entries(ua):
    """The sections' latest reports on a case and its translations, one
    entry per section (empty when none)."""
    entries = {}
    for case in translations_of(ua):
        totals = IAnnotations(case).get(SECTIONS_KEY)
        for account, entry in totals.sections.items() if totals is not None else ():
            entries[account] = (
                merged(entries[account], entry) if account in entries else entry
            )
    return entries


def merged(one, other):
    """One section's reports on two translations of a case, added up."""
    newer = max(one, other, key=lambda entry: entry["reported_at"])
    channels = dict(one["by_channel"])
    for channel, count in other["by_channel"].items():
        channels[channel] = channels.get(channel, 0) + count
    return {**newer, "total": one["total"] + other["total"], "by_channel": channels}


def totals_changed(ua, event=None):
    """Letters were counted or taken back on a case, or a section reported
    on it: when it was imported here, the next sync reports its totals (an
    idle sync reads no case otherwise; see ``sources``)."""
    sources = get_sources()
    counter = getattr(sources, "totals_changed", None)
    if counter is not None and get_case(counted_case(ua)) is not None:
        counter.change(1)


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
    totals_changed(ua)
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
    # Of imported copies sharing a counter, the one that reported it.
    record = max(
        (
            record
            for record in map(get_case, translations_of(counted_case(ua)))
            if record is not None and record.worldwide
        ),
        key=lambda record: record.worldwide["reported"],
        default=None,
    )
    if record is not None:
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
