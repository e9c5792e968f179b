"""The editors' statistics pages: across the cases of the section, and of
one case (with its offline entries), each with charts, tables and exports.

Both pages read aggregates only (``aggregates.py``); no page, table or
export names a member who wrote.
"""

from babel.dates import format_skeleton
from babel.numbers import format_decimal
from collective.urgentactions import _
from collective.urgentactions.browser.listing import UrgentActionsListing
from collective.urgentactions.formatting import locale_for
from collective.urgentactions.formatting import long_date
from collective.urgentactions.hardening.csrf import session_expired
from collective.urgentactions.interfaces import IStatisticsPage
from collective.urgentactions.letters import rules
from collective.urgentactions.letters.goals import goal_progress
from collective.urgentactions.statistics import aggregates
from collective.urgentactions.statistics import charts
from collective.urgentactions.statistics.export import CSV_TYPE
from collective.urgentactions.statistics.export import Table
from collective.urgentactions.statistics.export import to_csv
from collective.urgentactions.statistics.export import to_xlsx
from collective.urgentactions.statistics.export import XLSX_TYPE
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import OPEN
from collective.urgentactions.vocabularies import CHANNELS
from collective.urgentactions.vocabularies import country_name
from datetime import date
from datetime import timedelta
from plone.app.layout.viewlets.common import ViewletBase
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from zope.i18n import translate
from zope.interface import implementer

import plone.api


# The longest period a filter may span (the weekly chart has a bar a week).
MAX_PERIOD_DAYS = 366 * 10
# The section's page without dates shows the last 12 weeks: the open cases
# and those closed in that time, so it reads the cases of the period, not
# the whole history, which ``?period=all`` asks for.
DEFAULT_WEEKS = 12
WHOLE_HISTORY = "all"
STATUS_TITLES = {OPEN: _("Open"), CLOSED: _("Closed")}


class PeriodError(ValueError):
    """A date filter that cannot be read; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def parse_period(form):
    """The period of the ``start`` and ``end`` parameters (``YYYY-MM-DD``,
    both optional)."""
    days = {}
    for name in ("start", "end"):
        value = form.get(name) or ""
        if not isinstance(value, str):
            raise PeriodError(_("Give each date once, as YYYY-MM-DD."))
        value = value.strip()
        if not value:
            days[name] = None
            continue
        try:
            days[name] = date.fromisoformat(value)
        except ValueError:
            raise PeriodError(
                _(
                    "${value} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-30.",
                    mapping={"value": value[:20]},
                )
            )
    start, end = days["start"], days["end"]
    if start and end and end < start:
        raise PeriodError(_("The end of the period is before its start."))
    if (start and end and (end - start).days > MAX_PERIOD_DAYS) or any(
        day and day.year < 1990 for day in (start, end)
    ):
        raise PeriodError(_("Choose a period of at most ten years, from 1990 on."))
    return aggregates.Period(start, end)


@implementer(IStatisticsPage)
class StatisticsBase(BrowserView):
    """What both pages share: the period filter, numbers and dates in the
    request's language, charts, tables and the export links."""

    filename_stem = "letter-statistics"
    macros = ViewPageTemplateFile("templates/macros.pt")
    goal_macro = ViewPageTemplateFile("../letters/templates/goal.pt")
    # Weeks shown when no dates are chosen; ``None``: the whole history.
    default_weeks = None

    def read_period(self):
        # A cockpit page: the whole width for charts beside their tables.
        self.request.set("disable_plone.leftcolumn", True)
        self.request.set("disable_plone.rightcolumn", True)
        self.period_error = None
        self.is_default_period = False
        try:
            self.period = parse_period(self.request.form)
        except PeriodError as error:
            self.period_error = error.message
            self.period = aggregates.Period()
            self.request.response.setStatus(400)
        if self.period.limited or not self.default_weeks or self.whole_history:
            return
        self.period = aggregates.Period(start=self.weeks_ago(self.default_weeks))
        self.is_default_period = True

    @property
    def whole_history(self):
        """Whether the whole history was asked for (``?period=all``)."""
        return self.default_weeks and self.request.form.get("period") == WHOLE_HISTORY

    def weeks_ago(self, weeks):
        """The first day of the last ``weeks`` weeks (today included)."""
        return date.today() - timedelta(days=weeks * 7 - 1)

    def tr(self, message):
        return translate(message, context=self.request)

    def number(self, value):
        return format_decimal(value, locale=locale_for(self.request))

    def day_label(self, day):
        return format_skeleton("yMMMd", day, locale=locale_for(self.request))

    def short_day(self, day):
        return format_skeleton("MMMd", day, locale=locale_for(self.request))

    def week_label(self, monday):
        return self.tr(_("week of ${date}", mapping={"date": self.day_label(monday)}))

    def channel_title(self, channel):
        return self.tr(CHANNELS[channel]) if channel in CHANNELS else channel

    def quick_periods(self):
        """Links to the last 4 and 12 weeks and to all time."""
        url = f"{self.context.absolute_url()}/@@letter-statistics"
        links = []
        for weeks in (4, 12):
            start = self.weeks_ago(weeks)
            links.append(
                {
                    "title": self.tr(
                        _("Last ${weeks} weeks", mapping={"weeks": weeks})
                    ),
                    "url": f"{url}?{urlencode({'start': start.isoformat()})}",
                }
            )
        if self.default_weeks:
            url = f"{url}?{urlencode({'period': WHOLE_HISTORY})}"
        links.append({"title": self.tr(_("All time")), "url": url})
        return links

    def default_period_text(self):
        """What the page shows without chosen dates, or ``""``."""
        if not self.is_default_period:
            return ""
        return self.tr(
            _(
                "The last ${weeks} weeks: the open cases and those closed since "
                "${date}. Choose dates for another period, or all time for the "
                "whole history (it reads every case and takes longer).",
                mapping={
                    "weeks": self.default_weeks,
                    "date": long_date(self.period.start, self.request),
                },
            )
        )

    @property
    def period_values(self):
        period = self.period
        return {
            "start": period.start.isoformat() if period.start else "",
            "end": period.end.isoformat() if period.end else "",
        }

    def export_url(self, table, file_format="csv"):
        query = {k: v for k, v in self.period_values.items() if v}
        if self.whole_history:
            query["period"] = WHOLE_HISTORY
        query["format"] = file_format
        if table:
            query["table"] = table
        return (
            f"{self.context.absolute_url()}/@@letter-statistics-export?"
            f"{urlencode(query)}"
        )

    # -- blocks: a chart with its table -------------------------------------

    def chart_block(self, name, table, chart):
        return {
            "name": name,
            "title": table.title,
            "headers": table.headers,
            "rows": [[self.display(value) for value in row] for row in table.rows],
            "chart": chart,
            "csv_url": self.export_url(name),
        }

    def display(self, value):
        if isinstance(value, bool):
            return self.tr(_("yes") if value else _("no"))
        if isinstance(value, int):
            return self.number(value)
        if isinstance(value, date):
            return long_date(value, self.request)
        return value

    def week_table(self, by_week):
        return Table(
            "weeks",
            self.tr(_("Letters per week")),
            [self.tr(_("Week starting")), self.tr(_("Letters"))],
            sorted(by_week.items()),
        )

    def week_chart(self, table):
        rows = [(self.short_day(monday), value) for monday, value in table.rows]
        return charts.columns(
            "chart-weeks",
            table.title,
            self.describe(
                table.title, [(self.week_label(m), v) for m, v in table.rows]
            ),
            rows,
            self.number,
        )

    def channel_table(self, by_channel):
        return Table(
            "channels",
            self.tr(_("Letters by way of sending")),
            [self.tr(_("Way of sending")), self.tr(_("Letters"))],
            sorted(
                ((self.channel_title(k), v) for k, v in by_channel.items()),
                key=lambda row: -row[1],
            ),
        )

    def section_table(self, here, by_section):
        """Letters by section: this site's, then each section's that
        reported on these cases (totals since each case opened); ``None``
        when no section reported."""
        if not by_section:
            return None
        sections = sorted(
            ([entry["name"], entry["total"]] for entry in by_section.values()),
            key=lambda row: -row[1],
        )
        return Table(
            "sections",
            self.tr(_("Letters by section")),
            [self.tr(_("Section")), self.tr(_("Letters"))],
            [[self.tr(_("This site")), here], *sections],
        )

    def shows_sections(self):
        return any(table.name == "sections" for table in self.tables())

    def bar_chart(self, name, table):
        rows = [(row[0], row[-1]) for row in table.rows]
        return charts.horizontal_bars(
            f"chart-{name}",
            table.title,
            self.describe(table.title, rows),
            rows,
            self.number,
        )

    def describe(self, title, rows):
        """The chart's summary in words: how many bars, the total, the top."""
        if not rows or not any(value for _, value in rows):
            return self.tr(_("No letters in this period."))
        label, value = max(rows, key=lambda row: row[1])
        return self.tr(
            _(
                "${title}: ${total} letters in all; most: ${label} with ${value}.",
                mapping={
                    "title": title,
                    "total": self.number(sum(v for _, v in rows)),
                    "label": label,
                    "value": self.number(value),
                },
            )
        )

    # -- export ---------------------------------------------------------------

    def export(self):
        """The table asked for as CSV, or every table as XLSX."""
        self.read_period()
        if self.period_error:
            return self.export_error(self.period_error)
        tables = {table.name: table for table in self.tables()}
        file_format = self.request.form.get("format", "csv")
        stem = f"{self.filename_stem}-{date.today().isoformat()}"
        if file_format == "xlsx":
            return self.download(
                to_xlsx(list(tables.values())), XLSX_TYPE, f"{stem}.xlsx"
            )
        if file_format != "csv":
            return self.export_error(_("Choose the format csv or xlsx."))
        name = self.request.form.get("table") or next(iter(tables))
        if name not in tables:
            return self.export_error(
                _(
                    "Unknown table: ${name}. Choose one of: ${names}.",
                    mapping={"name": str(name)[:40], "names": ", ".join(tables)},
                )
            )
        return self.download(to_csv(tables[name]), CSV_TYPE, f"{stem}-{name}.csv")

    def download(self, data, content_type, filename):
        response = self.request.response
        response.setHeader("Content-Type", content_type)
        response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
        response.setHeader("Cache-Control", "private, no-store")
        return data

    def export_error(self, message):
        response = self.request.response
        response.setStatus(400)
        response.setHeader("Content-Type", "text/plain; charset=utf-8")
        return self.tr(message)


class SectionStatisticsView(StatisticsBase):
    """Letters across the section's cases: per case, week, way of sending,
    country and offline, open cases that slow down flagged."""

    index = ViewPageTemplateFile("templates/section_statistics.pt")
    filename_stem = "letter-statistics"
    default_weeks = DEFAULT_WEEKS

    def __call__(self):
        self.read_period()
        return self.index()

    @memoize
    def statistics(self):
        return aggregates.across_cases(self.context, self.period)

    def summary(self):
        statistics = self.statistics()
        return {
            "letters": self.number(statistics.letters),
            "offline": self.number(statistics.offline),
            "cases": self.number(len(statistics.cases)),
            "slowed": self.number(len(statistics.slowed)),
        }

    def case_rows(self):
        return [
            {
                "title": case.title,
                "url": case.url,
                "stats_url": f"{case.url}/@@letter-statistics",
                "ua_number": case.ua_number,
                "country": country_name(case.country, locale_for(self.request)),
                "status": self.tr(STATUS_TITLES.get(case.status, case.status)),
                "letters": self.number(case.letters),
                "offline": self.number(case.offline),
                "goal": (
                    goal_progress(case.all_time, case.goal, self.request) or {}
                ).get("text", ""),
                "slowed": case.slowed,
                "slowed_text": self.slowed_text(case),
            }
            for case in sorted(
                self.statistics().cases, key=lambda c: (not c.slowed, -c.letters)
            )
        ]

    def slowed_text(self, case):
        if not case.slowed:
            return ""
        if case.last_days == 0:
            return self.tr(_("No letters in the last 7 days"))
        return self.tr(
            _(
                "${recent} letters in the last 7 days, ${before} in the 7 days before",
                mapping={
                    "recent": self.number(case.last_days),
                    "before": self.number(case.days_before),
                },
            )
        )

    @memoize
    def tables(self):
        statistics = self.statistics()
        locale = locale_for(self.request)
        status = {key: self.tr(value) for key, value in STATUS_TITLES.items()}
        cases = Table(
            "cases",
            self.tr(_("Letters per case")),
            [
                self.tr(_("UA number")),
                self.tr(_("Title")),
                self.tr(_("Country")),
                self.tr(_("Status")),
                self.tr(_("Issue date")),
                self.tr(_("Letters")),
                self.tr(_("Of these offline")),
                self.tr(_("All letters so far")),
                self.tr(_("Letter goal")),
                self.tr(_("Slowing down")),
            ],
            [
                [
                    case.ua_number,
                    case.title,
                    country_name(case.country, locale),
                    status.get(case.status, case.status),
                    case.issue_date,
                    case.letters,
                    case.offline,
                    case.all_time,
                    case.goal or "",
                    case.slowed,
                ]
                for case in statistics.cases
            ],
        )
        countries = Table(
            "countries",
            self.tr(_("Letters per country")),
            [self.tr(_("Country")), self.tr(_("Letters"))],
            sorted(
                (
                    (country_name(code, locale), value)
                    for code, value in statistics.by_country.items()
                ),
                key=lambda row: -row[1],
            ),
        )
        offline = Table(
            "offline",
            self.tr(_("Offline letters per case")),
            [self.tr(_("UA number")), self.tr(_("Title")), self.tr(_("Letters"))],
            [
                [case.ua_number, case.title, case.offline]
                for case in sorted(statistics.cases, key=lambda c: -c.offline)
                if case.offline
            ],
        )
        sections = self.section_table(statistics.all_time, statistics.by_section)
        return [
            cases,
            self.week_table(statistics.by_week),
            self.channel_table(statistics.by_channel),
            countries,
            offline,
            *([sections] if sections else []),
        ]

    def blocks(self):
        cases, weeks, channels, countries, offline, *sections = self.tables()
        top_cases = Table(
            "cases",
            self.tr(_("Letters per case")),
            [self.tr(_("UA number")), self.tr(_("Letters"))],
            [
                [f"{row[0]} {row[1]}", row[5]]
                for row in sorted(cases.rows, key=lambda row: -row[5])[:15]
            ],
        )
        return [
            self.chart_block("weeks", weeks, self.week_chart(weeks)),
            self.chart_block("cases", top_cases, self.bar_chart("cases", top_cases)),
            self.chart_block(
                "channels", channels, self.bar_chart("channels", channels)
            ),
            self.chart_block(
                "countries", countries, self.bar_chart("countries", countries)
            ),
            self.chart_block("offline", offline, self.bar_chart("offline", offline)),
            *(
                self.chart_block("sections", table, self.bar_chart("sections", table))
                for table in sections
            ),
        ]


class SectionStatisticsExport(SectionStatisticsView):
    def __call__(self):
        return self.export()


class CaseStatisticsView(StatisticsBase):
    """One case's letters per week, per day and way of sending, its goal, and
    its offline entries, which editors add, correct and remove here."""

    index = ViewPageTemplateFile("templates/case_statistics.pt")

    @property
    def filename_stem(self):
        number = (getattr(self.context, "ua_number", "") or "").replace("/", "-")
        return f"letter-statistics-ua-{number}"

    def __call__(self):
        self.errors = None
        self.read_period()
        if self.request.method == "POST":
            return self.handle_post()
        return self.index()

    def handle_post(self):
        expired = session_expired(self.request)
        if expired:
            self.request.response.setStatus(403)
            self.errors = expired
            return self.index()
        form = self.request.form
        try:
            if "form.remove" in form:
                rules.remove_offline_entry(self.context, form.get("entry", ""))
                message = _("The offline entry has been removed.")
            elif "form.correct" in form:
                rules.correct_offline_entry(
                    self.context, form.get("entry", ""), form.get("quantity", "")
                )
                message = _("The offline entry has been corrected.")
            else:
                rules.record_offline_letters(
                    self.context, form.get("quantity", ""), form.get("note", "")
                )
                message = _("The offline letters have been added.")
        except rules.LetterError as error:
            self.request.response.setStatus(error.status)
            self.errors = error.message
            return self.index()
        plone.api.portal.show_message(message, self.request)
        self.request.response.redirect(
            f"{self.context.absolute_url()}/@@letter-statistics", status=303
        )
        return ""

    @memoize
    def figures(self):
        return aggregates.case_figures(self.context, self.period)

    @property
    def can_record_offline(self):
        return plone.api.user.has_permission(rules.OFFLINE_PERMISSION, obj=self.context)

    def summary(self):
        figures = self.figures()
        return {
            "letters": self.number(figures.letters),
            "offline": self.number(figures.offline),
            "all_time": self.number(figures.all_time),
            "withdrawn": figures.withdrawn and self.number(figures.withdrawn),
            "goal": goal_progress(figures.all_time, figures.goal, self.request),
        }

    @memoize
    def tables(self):
        figures = self.figures()
        days = Table(
            "days",
            self.tr(_("Letters per day")),
            [self.tr(_("Day")), self.tr(_("Letters"))],
            sorted(figures.by_day.items(), reverse=True),
        )
        offline = Table(
            "offline",
            self.tr(_("Letters counted offline")),
            [
                self.tr(_("Letters")),
                self.tr(_("Note")),
                self.tr(_("Recorded by")),
                self.tr(_("Recorded at")),
                self.tr(_("Changes")),
            ],
            [
                [
                    entry["quantity"],
                    entry.get("note", ""),
                    entry.get("recorded_by_name") or entry["recorded_by"],
                    entry["recorded_at"][:16].replace("T", " "),
                    "; ".join(self.change_text(c) for c in entry.get("changes", ())),
                ]
                for entry in self.offline_entries_in_period()
            ],
        )
        by_week = aggregates.weekly(
            figures.by_day,
            aggregates.offline_by_week(self.context, self.period),
            self.period,
        )
        sections = self.section_table(figures.all_time, figures.by_section)
        return [
            self.week_table(by_week),
            days,
            self.channel_table(figures.by_channel),
            offline,
            *([sections] if sections else []),
        ]

    def offline_entries_in_period(self):
        tally_entries = rules.letter_state(self.context).get("statistics", {})
        return [
            entry
            for entry in tally_entries.get("offline_entries", ())
            if self.period.contains(aggregates.local_day(entry["recorded_at"]))
        ]

    def change_text(self, change):
        mapping = {
            "by": change.get("by_name") or change["by"],
            "date": long_date(aggregates.local_day(change["at"]), self.request),
            "before": self.number(change["from"]),
            "after": self.number(change["to"]),
        }
        if change["action"] == "removed":
            message = _("removed by ${by} on ${date} (was ${before})", mapping=mapping)
        else:
            message = _(
                "corrected by ${by} on ${date} from ${before} to ${after}",
                mapping=mapping,
            )
        return self.tr(message)

    def offline_rows(self):
        return [
            {
                "index": entry["index"],
                "quantity": self.number(entry["quantity"]),
                "value": entry["quantity"],
                "note": entry.get("note", ""),
                "recorded_by": entry.get("recorded_by_name") or entry["recorded_by"],
                "recorded_at": long_date(
                    aggregates.local_day(entry["recorded_at"]), self.request
                ),
                "removed": entry.get("removed", False),
                "changes": [self.change_text(c) for c in entry.get("changes", ())],
            }
            for entry in self.offline_entries_in_period()
        ]

    def blocks(self):
        weeks, _days, channels, _offline, *sections = self.tables()
        return [
            self.chart_block("weeks", weeks, self.week_chart(weeks)),
            self.chart_block(
                "channels", channels, self.bar_chart("channels", channels)
            ),
            *(
                self.chart_block("sections", table, self.bar_chart("sections", table))
                for table in sections
            ),
        ]

    def days_block(self):
        days = self.tables()[1]
        return self.chart_block("days", days, None)


class CaseStatisticsExport(CaseStatisticsView):
    def __call__(self):
        return self.export()


class EditorToolsViewlet(ViewletBase):
    """Links above the section's listing: the letter statistics of all cases
    (editors) and the import of an International Secretariat document
    (whoever may add Urgent Actions)."""

    index = ViewPageTemplateFile("templates/editor_tools.pt")

    def update(self):
        super().update()
        self.section_url = self.context.absolute_url()
        self.can_see_statistics = plone.api.user.has_permission(
            rules.STATISTICS_PERMISSION, obj=self.context
        )
        self.can_import = plone.api.user.has_permission(
            "collective.urgentactions: Add Urgent Action", obj=self.context
        )

    def render(self):
        on_listing = isinstance(self.view, UrgentActionsListing)
        if not on_listing or not (self.can_see_statistics or self.can_import):
            return ""
        return self.index()
