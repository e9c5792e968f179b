"""``@letter-statistics`` on the section and on a case, and correcting or
removing offline entries through ``@letters/offline/<n>``: aggregates for
editors, equal to the counters, never who wrote."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.syndication.totals import record_report
from restapi_helpers import assert_error
from restapi_helpers import fresh

import pytest
import transaction


SECTION = "/urgent-actions/@letter-statistics"
CASE = "/{path}/@letter-statistics"
ENTRY = "/{path}/@letters/offline/{index}"


@pytest.fixture
def cases(make_ua, count_as):
    first = make_ua(ua_number="601/26", country="BY", letter_goal=100)
    second = make_ua(ua_number="602/26", country="PE")
    count_as("member", first, 3, "email")
    count_as("other", second, 2)
    return first, second


class TestSection:
    @pytest.mark.parametrize("user", ["editor", "manager"])
    def test_figures_equal_the_counters(self, api, cases, openapi, user):
        first, second = cases
        body = openapi.validate(
            api(user).get("urgent-actions/@letter-statistics"), SECTION
        )
        by_number = {case["ua_number"]: case for case in body["cases"]}
        assert by_number["601/26"]["letters"] == IActionTally(fresh(first)).total() == 3
        assert (
            by_number["602/26"]["letters"] == IActionTally(fresh(second)).total() == 2
        )
        assert by_number["601/26"]["goal"] == 100
        assert body["letters"] == 5
        assert body["by_channel"] == {"letter": 2, "email": 3, "fax": 0}
        assert body["by_country"] == {"BY": 3, "PE": 2}
        assert sum(week["letters"] for week in body["by_week"]) == 5
        assert body["by_section"] == []
        assert "member" not in str(body) and "other" not in str(body)

    def test_letters_by_section(self, api, cases, openapi):
        first, second = cases
        for ua, account, name, total in (
            (first, "section-de", "Sektion Deutschland", 5),
            (second, "section-de", "Sektion Deutschland", 1),
            (second, "section-fr", "Section française", 8),
        ):
            record_report(fresh(ua), account, name, f"http://{account}", total, {})
        transaction.commit()
        body = openapi.validate(
            api("editor").get("urgent-actions/@letter-statistics"), SECTION
        )
        assert body["by_section"] == [
            {
                "name": "Section française",
                "url": "http://section-fr",
                "total": 8,
                "cases": 1,
            },
            {
                "name": "Sektion Deutschland",
                "url": "http://section-de",
                "total": 6,
                "cases": 2,
            },
        ]
        case = openapi.validate(api("editor").get(second, "@letter-statistics"), CASE)
        assert [entry["total"] for entry in case["by_section"]] == [8, 1]

    @pytest.mark.parametrize("user", [None, "member"])
    def test_others_may_not(self, api, cases, user):
        response = api(user).get("urgent-actions/@letter-statistics")
        assert response.status_code == 401
        assert "letters" not in response.json()

    @pytest.mark.parametrize(
        "query,message",
        [
            ("start=yesterday", "yesterday is not a date"),
            ("start=2026-05-01&end=2026-04-01", "before its start"),
            ("start=1900-01-01", "at most ten years"),
            ("who=member", "Unknown parameter: who"),
        ],
    )
    def test_bad_parameters(self, api, cases, openapi, query, message):
        response = api("editor").get(f"urgent-actions/@letter-statistics?{query}")
        assert message in assert_error(response, 400)
        openapi.validate(response, SECTION)


class TestCase:
    def test_case_figures(self, api, cases, openapi):
        first, _ = cases
        api("editor").post(first, "@letters/offline", json={"quantity": 9})
        body = openapi.validate(api("editor").get(first, "@letter-statistics"), CASE)
        assert (
            body["letters"]
            == body["all_time"]
            == IActionTally(fresh(first)).total()
            == 12
        )
        assert body["offline"] == 9
        assert sum(body["by_day"].values()) == 3
        assert body["by_channel"]["email"] == 3
        assert body["offline_entries"][0]["quantity"] == 9


class TestOfflineEntries:
    @pytest.fixture(autouse=True)
    def setup(self, cases, api):
        self.ua = cases[0]
        self.api = api
        response = api("editor").post(
            self.ua, "@letters/offline", json={"quantity": 120}
        )
        assert response.status_code == 201

    def test_correct(self, openapi):
        response = self.api("editor").patch(
            self.ua, "@letters/offline/0", json={"quantity": 12}
        )
        body = openapi.validate(response, ENTRY, "patch")
        assert body["total"] == 15
        (change,) = body["statistics"]["offline_entries"][0]["changes"]
        assert (change["from"], change["to"], change["by"]) == (120, 12, "editor")

    def test_remove(self, openapi):
        response = self.api("editor").delete(self.ua, "@letters/offline/0")
        body = openapi.validate(response, ENTRY, "delete")
        assert body["total"] == 3
        assert body["statistics"]["offline_entries"][0]["removed"] is True
        again = self.api("editor").delete(self.ua, "@letters/offline/0")
        assert_error(again, 409)
        openapi.validate(again, ENTRY, "delete")

    @pytest.mark.parametrize(
        "path,data,status",
        [
            ("@letters/offline/7", {"quantity": 3}, 404),
            ("@letters/offline/zero", {"quantity": 3}, 404),
            ("@letters/offline/0", {"quantity": 0}, 400),
            ("@letters/offline/0", {}, 400),
            ("@letters/offline/0", {"quantity": 3, "by": "x"}, 400),
        ],
    )
    def test_bad_corrections_change_nothing(self, openapi, path, data, status):
        response = self.api("editor").patch(self.ua, path, json=data)
        assert_error(response, status)
        openapi.validate(response, ENTRY, "patch")
        assert IActionTally(fresh(self.ua)).total() == 123

    def test_members_may_not(self):
        response = self.api("member").delete(self.ua, "@letters/offline/0")
        assert_error(response, 403)
        assert IActionTally(fresh(self.ua)).total() == 123
