"""``GET @letter-statistics``: the letter figures of the section's cases (on
the Urgent Actions section) or of one case (on an Urgent Action), as the
statistics pages show them. ``start`` and ``end`` (``YYYY-MM-DD``) limit
them to a period. Aggregates only: never who wrote.
"""

from collective.urgentactions import _
from collective.urgentactions.letters import rules
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import ApiService
from collective.urgentactions.restapi.base import refuse_unknown
from collective.urgentactions.statistics import aggregates
from collective.urgentactions.statistics.browser import parse_period
from collective.urgentactions.statistics.browser import PeriodError
from urllib.parse import urlencode


PARAMETERS = ("start", "end")


def iso(day):
    return day.isoformat() if day else None


def weeks_json(by_week):
    return [
        {"week": monday.isoformat(), "letters": v}
        for monday, v in sorted(by_week.items())
    ]


class StatisticsGet(ApiService):
    def handle(self):
        refuse_unknown(
            self.request.form,
            PARAMETERS,
            lambda names, allowed: _(
                "Unknown parameter: ${names}. Allowed: ${allowed}.",
                mapping={"names": names, "allowed": allowed},
            ),
        )
        try:
            self.period = parse_period(self.request.form)
        except PeriodError as error:
            raise ApiError(400, error.message)
        self.request.response.setHeader("Cache-Control", "private, no-store")
        return {
            "@id": self.own_url(),
            "period": {"start": iso(self.period.start), "end": iso(self.period.end)},
            **self.figures(),
        }

    def own_url(self):
        query = {k: v for k, v in self.request.form.items() if v}
        url = f"{self.context.absolute_url()}/@letter-statistics"
        return f"{url}?{urlencode(query)}" if query else url


def sections_json(by_section):
    """The sections that reported letters, most letters first (totals
    since each case opened; ``cases``: on how many of the cases)."""
    return sorted(by_section.values(), key=lambda entry: -entry["total"])


def case_json(case):
    return {
        "@id": case.url,
        "UID": case.uid,
        "ua_number": case.ua_number,
        "title": case.title,
        "country": case.country,
        "status": case.status,
        "issue_date": iso(case.issue_date),
        "letters": case.letters,
        "offline": case.offline,
        "all_time": case.all_time,
        "goal": case.goal,
        "slowed": case.slowed,
        "last_7_days": case.last_days,
        "previous_7_days": case.days_before,
    }


class SectionStatisticsGet(StatisticsGet):
    """Letters per case, week, way of sending and country, offline, in all."""

    def figures(self):
        statistics = aggregates.across_cases(self.context, self.period)
        return {
            "letters": statistics.letters,
            "offline": statistics.offline,
            "cases": [case_json(case) for case in statistics.cases],
            "by_week": weeks_json(statistics.by_week),
            "by_channel": statistics.by_channel,
            "by_country": statistics.by_country,
            "by_section": sections_json(statistics.by_section),
        }


class CaseStatisticsGet(StatisticsGet):
    """One case: per day, week and way of sending, its offline entries."""

    def figures(self):
        case = aggregates.case_figures(self.context, self.period)
        offline_weeks = aggregates.offline_by_week(self.context, self.period)
        entries = rules.letter_state(self.context).get("statistics", {})
        return {
            **case_json(case),
            "by_day": {day.isoformat(): v for day, v in sorted(case.by_day.items())},
            "by_week": weeks_json(
                aggregates.weekly(case.by_day, offline_weeks, self.period)
            ),
            "by_channel": case.by_channel,
            "by_section": sections_json(case.by_section),
            "offline_entries": [
                entry
                for entry in entries.get("offline_entries", ())
                if self.period.contains(aggregates.local_day(entry["recorded_at"]))
            ],
        }
