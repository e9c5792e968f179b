"""Statistics across cases and of one case equal the counters they read."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.letters.rules import record_offline_letters
from collective.urgentactions.statistics.aggregates import across_cases
from collective.urgentactions.statistics.aggregates import case_figures
from collective.urgentactions.statistics.aggregates import Period
from collective.urgentactions.statistics.aggregates import week_of
from datetime import date
from datetime import timedelta

import itertools
import pytest


TODAY = date.today()


class TestAcrossCases:
    @pytest.fixture(autouse=True)
    def setup(self, make_ua, section, as_user, letters_on):
        self.section = section
        self.belarus = make_ua(
            ua_number="101/26",
            country="BY",
            issue_date=TODAY - timedelta(days=30),
            letter_goal=50,
        )
        self.peru = make_ua(
            ua_number="102/26", country="PE", issue_date=TODAY - timedelta(days=3)
        )
        self.closed = make_ua(
            ua_number="103/26",
            country="PE",
            issue_date=TODAY - timedelta(days=60),
            state="closed",
        )
        self.draft = make_ua(ua_number="104/26", state="draft")
        as_user("member")
        count_letters(self.belarus, 3, channel="email")
        count_letters(self.peru, 2, channel="fax")
        letters_on(self.belarus, TODAY - timedelta(days=20), 10, "letter")
        letters_on(self.closed, TODAY - timedelta(days=50), 4, "email")
        as_user("editor")
        record_offline_letters(self.peru, 7, "Local group Lima")

    def test_per_case_letters_equal_the_counters(self):
        statistics = across_cases(self.section)
        by_number = {case.ua_number: case for case in statistics.cases}
        assert set(by_number) == {"101/26", "102/26", "103/26"}
        for ua in (self.belarus, self.peru, self.closed):
            assert by_number[ua.ua_number].letters == IActionTally(ua).total()
            assert by_number[ua.ua_number].all_time == IActionTally(ua).total()
        assert by_number["102/26"].offline == 7
        assert statistics.letters == 3 + 10 + 2 + 7 + 4
        assert statistics.offline == 7

    def test_channels_weeks_and_countries_add_up_to_the_total(self):
        statistics = across_cases(self.section)
        assert statistics.by_channel == {"letter": 10, "email": 7, "fax": 2}
        assert sum(statistics.by_channel.values()) + statistics.offline == 26
        assert sum(statistics.by_week.values()) == 26
        assert statistics.by_week[week_of(TODAY)] == 3 + 2 + 7
        assert statistics.by_week[week_of(TODAY - timedelta(days=50))] == 4
        assert statistics.by_country == {"BY": 13, "PE": 13}

    def test_weeks_without_letters_are_shown_as_zero(self):
        weeks = across_cases(self.section).by_week
        mondays = sorted(weeks)
        assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(mondays))
        assert 0 in weeks.values()

    def test_period_limits_letters_to_its_days(self):
        period = Period(TODAY - timedelta(days=25), TODAY - timedelta(days=1))
        statistics = across_cases(self.section, period)
        by_number = {case.ua_number: case for case in statistics.cases}
        # Closed by hand without a closing date: still listed, with no letters.
        assert by_number["103/26"].letters == 0
        assert by_number["101/26"].letters == 10
        assert by_number["102/26"].letters == 0
        assert statistics.letters == 10
        assert sum(statistics.by_week.values()) == 10
        assert week_of(period.start) == min(statistics.by_week)
        assert week_of(period.end) == max(statistics.by_week)

    def test_offline_letters_count_on_the_day_they_were_recorded(self):
        yesterday = Period(end=TODAY - timedelta(days=1))
        assert across_cases(self.section, yesterday).offline == 0
        assert across_cases(self.section, Period(start=TODAY)).offline == 7

    def test_a_case_closed_before_the_period_is_left_out(self, make_ua):
        make_ua(
            ua_number="105/26",
            issue_date=TODAY - timedelta(days=90),
            closing_date=TODAY - timedelta(days=40),
        )
        period = Period(start=TODAY - timedelta(days=30))
        numbers = [case.ua_number for case in across_cases(self.section, period).cases]
        assert "105/26" not in numbers
        assert "105/26" in [case.ua_number for case in across_cases(self.section).cases]

    def test_drafts_are_left_out(self):
        numbers = [case.ua_number for case in across_cases(self.section).cases]
        assert "104/26" not in numbers


class TestSlowingDown:
    @pytest.fixture(autouse=True)
    def setup(self, make_ua, letters_on):
        self.make_ua = make_ua
        self.letters_on = letters_on

    def case(self, number, issued_days_ago, last_week, week_before):
        ua = self.make_ua(
            ua_number=number, issue_date=TODAY - timedelta(days=issued_days_ago)
        )
        if last_week:
            self.letters_on(ua, TODAY - timedelta(days=2), last_week)
        if week_before:
            self.letters_on(ua, TODAY - timedelta(days=9), week_before)
        return case_figures(ua)

    def test_fewer_than_half_of_the_week_before_is_flagged(self):
        figures = self.case("201/26", 20, 4, 10)
        assert figures.slowed
        assert (figures.last_days, figures.days_before) == (4, 10)

    def test_steady_letters_are_not_flagged(self):
        assert not self.case("202/26", 20, 6, 10).slowed

    def test_no_letters_in_a_week_is_flagged(self):
        assert self.case("203/26", 20, 0, 0).slowed

    def test_a_case_in_its_first_week_is_not_flagged(self):
        assert not self.case("204/26", 3, 0, 0).slowed

    def test_closed_cases_are_not_flagged(self, make_ua):
        ua = make_ua(
            ua_number="205/26", issue_date=TODAY - timedelta(days=30), state="closed"
        )
        assert not case_figures(ua).slowed
