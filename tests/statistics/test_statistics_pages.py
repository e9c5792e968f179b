"""The statistics pages, their charts, tables and exports, and goals."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters.rules import correct_offline_entry
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.letters.rules import LetterError
from collective.urgentactions.letters.rules import record_offline_letters
from collective.urgentactions.letters.rules import remove_offline_entry
from datetime import date
from datetime import timedelta
from openpyxl import load_workbook
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain

import csv
import io
import pytest


TODAY = date.today()


def view(context, request, name, **form):
    request.form.clear()
    request.form.update(form)
    request.response.setStatus(200)
    return context.restrictedTraverse(f"@@{name}")


def parse_csv(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


class TestSectionPage:
    @pytest.fixture(autouse=True)
    def setup(self, make_ua, section, as_user, request_, letters_on):
        self.section = section
        self.request = request_
        self.first = make_ua(
            ua_number="301/26",
            title="Teacher held for a poem",
            country="BY",
            issue_date=TODAY - timedelta(days=30),
            letter_goal=1000,
        )
        self.second = make_ua(
            ua_number="302/26",
            title="Fishermen =cmd detained",
            country="PE",
            issue_date=TODAY - timedelta(days=2),
        )
        as_user("member")
        count_letters(self.first, 4, channel="email")
        count_letters(self.second, 2)
        letters_on(self.first, TODAY - timedelta(days=10), 808)
        as_user("editor")
        record_offline_letters(self.second, 30, "Local group Cusco")

    def test_page_shows_totals_charts_and_tables(self):
        html = view(self.section, self.request, "letter-statistics")()
        assert "Letter statistics of all Urgent Actions" in html
        assert html.count('role="img"') == 5
        assert '<title id="chart-weeks-title">Letters per week</title>' in html
        assert "844" in html  # 4 + 808 + 2 + 30
        assert "812 of 1,000 letters" in html
        assert "Teacher held for a poem" in html
        assert "Download all tables as a spreadsheet (XLSX)" in html
        assert "member" not in html.split('id="content"')[1]

    def test_slowed_case_is_flagged_first(self):
        html = view(self.section, self.request, "letter-statistics")()
        assert "ua-slowed" in html
        assert "4 letters in the last 7 days, 808 in the 7 days before" in html
        first_row = html.index("Teacher held for a poem")
        assert html.index("Slowing down:") > first_row
        assert first_row < html.index("Fishermen")

    def test_bad_date_is_a_clear_400(self):
        page = view(self.section, self.request, "letter-statistics", start="31.12.")
        html = page()
        assert self.request.response.getStatus() == 400
        assert "is not a date: write it as YYYY-MM-DD" in html

    def test_csv_parses_back_to_the_counters(self):
        export = view(
            self.section, self.request, "letter-statistics-export", table="cases"
        )
        data = export()
        assert self.request.response.getHeader("Content-Type").startswith("text/csv")
        assert "attachment" in self.request.response.getHeader("Content-Disposition")
        rows = parse_csv(data)
        header, body = rows[0], rows[1:]
        assert header[:2] == ["UA number", "Title"]
        letters = {row[0]: int(row[header.index("Letters")]) for row in body}
        assert letters == {
            "301/26": IActionTally(self.first).total(),
            "302/26": IActionTally(self.second).total(),
        }
        titles = [row[1] for row in body]
        assert "'Fishermen =cmd detained" not in titles  # only a leading = is risky
        assert "Fishermen =cmd detained" in titles

    @pytest.mark.parametrize(
        "table,expected",
        [
            ("channels", {"Letter by post": 810, "Email": 4}),
            ("countries", {"Belarus": 812, "Peru": 32}),
            ("offline", {"302/26": 30}),
        ],
    )
    def test_each_table_as_csv(self, table, expected):
        rows = parse_csv(
            view(self.section, self.request, "letter-statistics-export", table=table)()
        )
        got = {row[0]: int(row[-1]) for row in rows[1:] if int(row[-1])}
        assert {k: v for k, v in got.items() if k in expected} == expected

    def test_weeks_csv_sums_to_all_letters(self):
        rows = parse_csv(
            view(
                self.section, self.request, "letter-statistics-export", table="weeks"
            )()
        )
        assert rows[0] == ["Week starting", "Letters"]
        assert sum(int(row[1]) for row in rows[1:]) == 844
        date.fromisoformat(rows[1][0])

    def test_xlsx_has_a_sheet_per_table(self):
        data = view(
            self.section, self.request, "letter-statistics-export", format="xlsx"
        )()
        workbook = load_workbook(io.BytesIO(data))
        assert workbook.sheetnames == [
            "Letters per case",
            "Letters per week",
            "Letters by way of sending",
            "Letters per country",
            "Offline letters per case",
        ]
        cases = list(workbook["Letters per case"].values)
        assert sum(row[5] for row in cases[1:]) == 844

    def test_unknown_table_is_a_400(self):
        message = view(
            self.section, self.request, "letter-statistics-export", table="members"
        )()
        assert self.request.response.getStatus() == 400
        assert message.startswith("Unknown table: members. Choose one of: cases")

    def test_csv_of_a_period(self):
        start = (TODAY - timedelta(days=1)).isoformat()
        rows = parse_csv(
            view(
                self.section,
                self.request,
                "letter-statistics-export",
                table="cases",
                start=start,
            )()
        )
        letters = {row[0]: int(row[5]) for row in rows[1:]}
        assert letters == {"301/26": 4, "302/26": 32}


class TestSectionPageDefaultPeriod:
    """Without dates the page shows the last 12 weeks, so it reads the cases
    of that period, not the section's whole history."""

    @pytest.fixture(autouse=True)
    def setup(self, make_ua, section, as_user, request_, letters_on):
        self.section = section
        self.request = request_
        self.recent = make_ua(
            ua_number="311/26",
            title="Journalist detained at the border",
            issue_date=TODAY - timedelta(days=100),
            closing_date=TODAY - timedelta(days=40),
            state="closed",
        )
        self.old = make_ua(
            ua_number="312/25",
            title="Students sentenced after a march",
            issue_date=TODAY - timedelta(days=400),
            closing_date=TODAY - timedelta(days=340),
            state="closed",
        )
        letters_on(self.recent, TODAY - timedelta(days=60), 5)
        letters_on(self.old, TODAY - timedelta(days=380), 70)
        as_user("editor")

    def test_page_shows_the_last_12_weeks(self):
        html = view(self.section, self.request, "letter-statistics")()
        since = TODAY - timedelta(days=83)
        assert (
            "The last 12 weeks: the open cases and those closed since "
            f"{since.day} {since:%B %Y}." in html
        )
        assert f'value="{since.isoformat()}"' in html
        assert "Journalist detained at the border" in html
        assert "Students sentenced after a march" not in html
        assert "?period=all" in html

    def test_all_time_is_the_whole_history(self):
        html = view(self.section, self.request, "letter-statistics", period="all")()
        assert "Students sentenced after a march" in html
        assert "The last 12 weeks" not in html
        assert "period=all&amp;format=xlsx" in html

    def test_chosen_dates_replace_the_default(self):
        start = (TODAY - timedelta(days=390)).isoformat()
        html = view(self.section, self.request, "letter-statistics", start=start)()
        assert "Students sentenced after a march" in html
        assert "The last 12 weeks" not in html

    @pytest.mark.parametrize(
        "form,expected",
        [({}, {"311/26": 5}), ({"period": "all"}, {"311/26": 5, "312/25": 70})],
    )
    def test_csv_follows_the_period_of_the_page(self, form, expected):
        rows = parse_csv(
            view(
                self.section,
                self.request,
                "letter-statistics-export",
                table="cases",
                **form,
            )()
        )
        assert {row[0]: int(row[5]) for row in rows[1:]} == expected

    def test_only_the_cases_of_the_period_are_read(self, monkeypatch):
        loaded = []
        original = AbstractCatalogBrain._unrestrictedGetObject

        def load(brain):
            loaded.append(brain.getPath())
            return original(brain)

        monkeypatch.setattr(AbstractCatalogBrain, "_unrestrictedGetObject", load)
        view(self.section, self.request, "letter-statistics")()
        assert loaded == ["/".join(self.recent.getPhysicalPath())]


class TestCasePage:
    @pytest.fixture(autouse=True)
    def setup(self, make_ua, as_user, request_):
        self.ua = make_ua(ua_number="401/26", letter_goal=1000)
        self.request = request_
        self.as_user = as_user
        as_user("member")
        count_letters(self.ua, 2, channel="fax")
        as_user("editor")
        record_offline_letters(self.ua, 120, "Local group Bern")

    def test_page_has_charts_goal_and_no_letter_form(self):
        html = view(self.ua, self.request, "letter-statistics")()
        assert 'role="img"' in html
        assert "122 of 1,000 letters" in html
        assert 'role="progressbar"' in html
        assert 'aria-valuenow="122"' in html and 'aria-valuemax="1000"' in html
        assert "I sent a letter" not in html
        assert "Local group Bern" in html
        assert "Erika Editor" in html

    def test_editor_corrects_a_typo(self):
        state = correct_offline_entry(self.ua, "0", "12")
        assert state["total"] == 14
        assert state["statistics"]["offline"] == 12
        entry = state["statistics"]["offline_entries"][0]
        assert entry["quantity"] == 12
        assert entry["recorded_by_name"] == "Erika Editor"
        (change,) = entry["changes"]
        assert (change["action"], change["from"], change["to"]) == (
            "corrected",
            120,
            12,
        )
        assert change["by_name"] == "Erika Editor"
        html = view(self.ua, self.request, "letter-statistics")()
        assert "corrected by Erika Editor on" in html
        assert "from 120 to 12" in html

    def test_correcting_to_the_same_number_records_nothing(self):
        state = correct_offline_entry(self.ua, 0, 120)
        assert state["statistics"]["offline_entries"][0]["changes"] == []

    def test_editor_removes_an_entry_which_stays_on_record(self):
        self.as_user("nameless")
        state = remove_offline_entry(self.ua, 0)
        assert state["total"] == 2
        entry = state["statistics"]["offline_entries"][0]
        assert entry["removed"] and entry["quantity"] == 0
        assert entry["changes"][0]["by_name"] == "nameless"
        html = view(self.ua, self.request, "letter-statistics")()
        assert "removed by nameless on" in html
        assert "(was 120)" in html
        with pytest.raises(LetterError) as error:
            remove_offline_entry(self.ua, 0)
        assert error.value.status == 409

    @pytest.mark.parametrize("index", ["5", "-1", "x", None, True])
    def test_unknown_entry(self, index):
        with pytest.raises(LetterError) as error:
            correct_offline_entry(self.ua, index, 3)
        assert error.value.status == 404
        assert IActionTally(self.ua).total() == 122

    def test_bad_correction_changes_nothing(self):
        with pytest.raises(LetterError):
            correct_offline_entry(self.ua, 0, "0")
        assert IActionTally(self.ua).total() == 122

    def test_members_cannot_change_entries(self):
        self.as_user("member")
        with pytest.raises(LetterError) as error:
            remove_offline_entry(self.ua, 0)
        assert error.value.status == 403
        assert IActionTally(self.ua).total() == 122

    def test_csv_of_the_case(self):
        rows = parse_csv(view(self.ua, self.request, "letter-statistics-export")())
        assert rows[0] == ["Week starting", "Letters"]
        assert sum(int(row[1]) for row in rows[1:]) == 122
        offline = parse_csv(
            view(self.ua, self.request, "letter-statistics-export", table="offline")()
        )
        assert offline[1][:3] == ["120", "Local group Bern", "Erika Editor"]
        filename = self.request.response.getHeader("Content-Disposition")
        assert "letter-statistics-ua-401-26-" in filename


class TestGoalOnTheCasePage:
    @pytest.fixture(autouse=True)
    def setup(self, make_ua, as_user, request_):
        self.ua = make_ua(ua_number="501/26", letter_goal=1000)
        self.request = request_
        as_user("member")
        count_letters(self.ua, 3)

    def test_progress_bar_beside_the_counter(self):
        html = self.ua.restrictedTraverse("@@view")()
        assert "3 letters sent" in html
        assert "3 of 1,000 letters" in html
        assert 'aria-valuetext="3 of 1,000 letters"' in html

    def test_no_bar_without_a_goal(self, make_ua):
        ua = make_ua(ua_number="502/26")
        assert 'role="progressbar"' not in ua.restrictedTraverse("@@view")()


class TestLettersBySection:
    """Sections that import a case report its letters (totals, never who
    wrote); the statistics count them per section beside this site's."""

    @pytest.fixture(autouse=True)
    def setup(self, make_ua, section, as_user, request_):
        from collective.urgentactions.syndication.totals import record_report

        self.section = section
        self.request = request_
        self.first = make_ua(ua_number="501/26", title="Poet held")
        self.second = make_ua(ua_number="502/26", title="Miners detained")
        as_user("member")
        count_letters(self.first, 3)
        as_user("editor")
        record_report(
            self.first, "section-de", "Sektion Deutschland", "http://de.example", 40, {}
        )
        record_report(
            self.second, "section-de", "Sektion Deutschland", "http://de.example", 2, {}
        )
        record_report(
            self.second, "section-fr", "Section française", "http://fr.example", 7, {}
        )

    def test_section_page_has_a_chart_and_table_by_section(self):
        html = view(self.section, self.request, "letter-statistics")()
        assert "Letters by section" in html
        block = html[html.index('id="chart-sections-title"') :]
        assert "This site" in block
        assert block.index("Sektion Deutschland") < block.index("Section française")

    def test_sections_csv_sums_the_reports(self):
        rows = parse_csv(
            view(
                self.section, self.request, "letter-statistics-export", table="sections"
            )()
        )
        assert rows == [
            ["Section", "Letters"],
            ["This site", "3"],
            ["Sektion Deutschland", "42"],
            ["Section française", "7"],
        ]

    def test_case_page_has_the_sections_of_its_case(self):
        rows = parse_csv(
            view(
                self.second, self.request, "letter-statistics-export", table="sections"
            )()
        )
        assert rows[1:] == [
            ["This site", "0"],
            ["Section française", "7"],
            ["Sektion Deutschland", "2"],
        ]

    def test_no_section_table_where_no_section_reported(self, make_ua):
        alone = make_ua(ua_number="503/26")
        html = view(alone, self.request, "letter-statistics")()
        assert "Letters by section" not in html
