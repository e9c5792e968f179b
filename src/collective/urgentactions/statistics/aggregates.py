"""Letter figures of one case and across cases, read from the counters.

Everything here reads the ``IActionTally`` of each case (see
``letters/storage.py``): its ``Length`` counters by day and by way of
sending, the offline total and the offline entries. Member records are never
read, so the figures are aggregates only and cost one tally per case, however
many members wrote. Nothing is written.

A period (``start``, ``end``, both inclusive and optional) limits the letters
counted per case, week, country and offline to those days. Letters by way of
sending are kept per channel but not per day, so they are each case's totals
since it opened, whatever the period; so are the letters other sections
report on the cases they import (``syndication.totals``: a total per
section, never who wrote).
"""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters.storage import action_uid
from collective.urgentactions.status import brain_status
from collective.urgentactions.status import OPEN
from collective.urgentactions.status import ua_status
from collective.urgentactions.syndication.totals import section_entries
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta

import plone.api


# An open case is flagged as slowing down when, after its first week, its
# last 7 days brought fewer than half the letters of the 7 days before.
SLOW_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None

    def contains(self, day):
        return (self.start is None or day >= self.start) and (
            self.end is None or day <= self.end
        )

    @property
    def limited(self):
        return self.start is not None or self.end is not None


@dataclass
class CaseFigures:
    """The letters of one case in a period."""

    uid: str
    title: str
    url: str
    ua_number: str
    country: str
    status: str
    issue_date: date | None
    goal: int | None
    all_time: int
    online: int = 0
    offline: int = 0
    withdrawn: int = 0
    by_day: dict = field(default_factory=dict)
    by_channel: dict = field(default_factory=dict)
    # {account: {"name", "url", "total"}} of the sections that reported
    by_section: dict = field(default_factory=dict)
    last_days: int = 0
    days_before: int = 0
    slowed: bool = False

    @property
    def letters(self):
        return self.online + self.offline - self.withdrawn


@dataclass
class Statistics:
    """Letters across cases in a period."""

    period: Period
    cases: list
    by_week: dict
    by_channel: dict
    by_country: dict
    # {account: {"name", "url", "total", "cases"}}, summed over the cases
    by_section: dict = field(default_factory=dict)

    @property
    def letters(self):
        return sum(case.letters for case in self.cases)

    @property
    def all_time(self):
        return sum(case.all_time for case in self.cases)

    @property
    def offline(self):
        return sum(case.offline for case in self.cases)

    @property
    def slowed(self):
        return [case for case in self.cases if case.slowed]


def local_day(timestamp):
    """The local calendar day of an ISO timestamp (as day counters use)."""
    return datetime.fromisoformat(timestamp).astimezone().date()


def week_of(day):
    """The Monday of the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())


def _day_counts(tally, period, today):
    """``{date: letters}`` of the days in the period that have letters. The
    counters prepared for days after today are not read: they are empty."""
    keys = {"max": min(filter(None, (period.end, today))).isoformat()}
    if period.start is not None:
        keys["min"] = period.start.isoformat()
    counts = {}
    for key, counter in tally.by_day.items(**keys):
        value = counter()
        if value:
            counts[date.fromisoformat(key)] = value
    return counts


def _offline_in(tally, period):
    if not period.limited:
        return tally.offline()
    return sum(
        entry["quantity"]
        for entry in tally.offline_entries
        if period.contains(local_day(entry["recorded_at"]))
    )


def _flag_slowdown(figures, tally, status, today):
    if status != OPEN or figures.issue_date is None:
        return
    if (today - figures.issue_date).days < SLOW_WINDOW_DAYS:
        return
    last_start = today - timedelta(days=SLOW_WINDOW_DAYS - 1)
    before_start = last_start - timedelta(days=SLOW_WINDOW_DAYS)
    recent = _day_counts(tally, Period(before_start, today), today)
    figures.last_days = sum(v for day, v in recent.items() if day >= last_start)
    figures.days_before = sum(v for day, v in recent.items() if day < last_start)
    figures.slowed = figures.last_days * 2 < figures.days_before or (
        figures.last_days == 0
    )


def case_figures(ua, period=Period(), today=None, status=None):
    """The figures of one case (``status`` saves its computation when the
    caller knows it from the catalog)."""
    today = today or date.today()
    status = status or ua_status(ua)
    tally = IActionTally(ua)
    figures = CaseFigures(
        uid=ua.UID(),
        title=ua.Title(),
        url=ua.absolute_url(),
        ua_number=getattr(ua, "ua_number", "") or "",
        country=getattr(ua, "country", "") or "",
        status=status,
        issue_date=getattr(ua, "issue_date", None),
        goal=getattr(ua, "letter_goal", None) or None,
        all_time=tally.total(),
    )
    figures.by_day = _day_counts(tally, period, today)
    figures.online = sum(figures.by_day.values())
    figures.offline = _offline_in(tally, period)
    # Letters taken back after retention reduced them have no day left:
    # they leave only the whole history's figure, as they left the total.
    figures.withdrawn = 0 if period.limited else tally.withdrawn_total()
    figures.by_channel = tally.channel_totals()
    figures.by_section = section_letters(ua)
    _flag_slowdown(figures, tally, status, today)
    return figures


def section_letters(ua):
    """``{account: {"name", "url", "total"}}``: the letters each section
    that imports the case last reported (its total since the case opened)."""
    return {
        account: {"name": entry["name"], "url": entry["url"], "total": entry["total"]}
        for account, entry in section_entries(ua).items()
        if entry["total"]
    }


def weekly(day_counts, offline_by_week=None, period=Period()):
    """``{monday: letters}`` for every week from the first with letters (or
    the period's start) to the last (or the period's end), empty weeks
    included so a chart shows the gaps."""
    weeks = {}
    for day, value in day_counts.items():
        weeks[week_of(day)] = weeks.get(week_of(day), 0) + value
    for monday, value in (offline_by_week or {}).items():
        weeks[monday] = weeks.get(monday, 0) + value
    if not weeks and not period.limited:
        return {}
    first = week_of(period.start or (min(weeks) if weeks else period.end))
    last = week_of(period.end or (max(weeks) if weeks else period.start))
    result = {}
    monday = first
    while monday <= last:
        result[monday] = weeks.get(monday, 0)
        monday += timedelta(days=7)
    return result


def offline_by_week(ua, period=Period()):
    """``{monday: letters}`` of the offline entries recorded in the period."""
    weeks = {}
    for entry in IActionTally(ua).offline_entries:
        day = local_day(entry["recorded_at"])
        if entry["quantity"] and period.contains(day):
            weeks[week_of(day)] = weeks.get(week_of(day), 0) + entry["quantity"]
    return weeks


def case_brains(section, period=Period()):
    """Catalog brains of the published and closed cases in the section that
    were open at some time in the period, newest first."""
    query = {
        "portal_type": "UrgentAction",
        "path": "/".join(section.getPhysicalPath()),
        "review_state": ["published", "closed"],
        "sort_on": "issue_date",
        "sort_order": "descending",
    }
    if period.end is not None:
        query["issue_date"] = {"query": period.end, "range": "max"}
    if period.start is not None:
        query["ua_open_until"] = {"query": period.start, "range": "min"}
    return plone.api.portal.get_tool("portal_catalog")(**query)


def across_cases(section, period=Period(), today=None):
    """The letters of every case in the section in the period."""
    today = today or date.today()
    cases = []
    day_counts = {}
    offline_weeks = {}
    by_channel = {}
    by_country = {}
    by_section = {}
    counted = set()  # translations of a case share its letters: count once
    for brain in case_brains(section, period):
        ua = brain._unrestrictedGetObject()
        uid = action_uid(ua)
        if uid in counted:
            continue
        counted.add(uid)
        figures = case_figures(ua, period, today, status=brain_status(brain, today))
        cases.append(figures)
        for day, value in figures.by_day.items():
            day_counts[day] = day_counts.get(day, 0) + value
        if figures.offline:
            for monday, value in offline_by_week(ua, period).items():
                offline_weeks[monday] = offline_weeks.get(monday, 0) + value
        for channel, value in figures.by_channel.items():
            by_channel[channel] = by_channel.get(channel, 0) + value
        if figures.letters:
            by_country[figures.country] = (
                by_country.get(figures.country, 0) + figures.letters
            )
        for account, entry in figures.by_section.items():
            summed = by_section.setdefault(account, {**entry, "total": 0, "cases": 0})
            summed["total"] += entry["total"]
            summed["cases"] += 1
    return Statistics(
        period=period,
        cases=cases,
        by_week=weekly(day_counts, offline_weeks, period),
        by_channel=by_channel,
        by_country=by_country,
        by_section=by_section,
    )
