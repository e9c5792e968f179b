"""``@urgent-actions``: the listing with its filters and batching, and the
lookup by UA number, for every role; bad input is a 400 with a message."""

from datetime import date
from datetime import timedelta
from restapi_helpers import assert_error

import plone.api
import pytest


LISTING = "/@urgent-actions"
LOOKUP = "/@urgent-actions/{number}"
ROLES = (None, "member", "other", "editor", "manager")


@pytest.fixture
def cases(make_ua, count_as):
    """Two open cases, two closed ones (one by hand, one by its closing
    date) and a draft, with letters on two of them."""
    past = date.today() - timedelta(days=1)
    made = {
        "old_open": make_ua(
            ua_number="012/19",
            title="Trade unionist held incommunicado",
            country="TR",
            issue_date=date(2019, 1, 15),
            themes=["human-rights-defenders"],
        ),
        "new_open": make_ua(
            ua_number="065/20",
            title="Journalist detained for reporting on protests",
            country="BY",
            issue_date=date(2020, 4, 28),
            themes=["freedom-of-expression"],
        ),
        "closed_by_hand": make_ua(
            ua_number="030/20",
            title="Student activist released",
            country="BY",
            issue_date=date(2020, 2, 1),
            state="closed",
        ),
        "expired": make_ua(
            ua_number="101/20",
            title="Death sentence commuted",
            country="IR",
            issue_date=date(2020, 9, 1),
            closing_date=past,
            themes=["death-penalty"],
        ),
        "draft": make_ua(
            ua_number="140/20",
            title="Lawyer facing disbarment",
            country="CN",
            issue_date=date(2020, 11, 2),
            state="draft",
        ),
    }
    count_as("member", made["new_open"], 3)
    count_as("other", made["new_open"], 2)
    count_as("member", made["old_open"], 1)
    return made


FILTERS = [
    ({"status": "open"}, ["065/20", "012/19"]),
    ({"status": "closed"}, ["101/20", "030/20"]),
    ({"country": "BY"}, ["065/20", "030/20"]),
    ({"year": "2020"}, ["065/20", "101/20", "030/20"]),
    ({"year": "2019"}, ["012/19"]),
    ({"theme": "death-penalty"}, ["101/20"]),
    ({"q": "journalist"}, ["065/20"]),
    ({"q": "Journal protests"}, ["065/20"]),
    ({"q": "nothing-like-this"}, []),
    ({"country": "BY", "status": "closed"}, ["030/20"]),
    ({"country": "", "status": ""}, ["065/20", "012/19", "101/20", "030/20"]),
]


def numbers(body):
    return [item["ua_number"] for item in body["items"]]


class TestListing:
    def test_open_first_then_closed_each_newest_first(self, api, cases, openapi):
        for user in ROLES:
            response = api(user).get("@urgent-actions")
            body = openapi.validate(response, LISTING)
            assert numbers(body) == ["065/20", "012/19", "101/20", "030/20"], user
            assert body["items_total"] == 4
            assert "batching" not in body

    def test_item_fields(self, api, cases, openapi):
        body = openapi.validate(api().get("@urgent-actions"), LISTING)
        first, expired = body["items"][0], body["items"][2]
        assert first == {
            "@id": first["@id"],
            "UID": cases["new_open"].UID(),
            "changed": first["changed"],
            "ua_number": "065/20",
            "title": "Journalist detained for reporting on protests",
            "description": "",
            "country": {"token": "BY", "title": "Belarus"},
            "issue_date": "2020-04-28",
            "closing_date": None,
            "status": "open",
            "closed_on": None,
            "status_text": "Open for letters",
            "status_detail": None,
            "letters_total": 5,
            "letters_shown": True,
        }
        assert first["@id"].endswith("/urgent-actions/2020/04/" + cases["new_open"].id)
        assert expired["status"] == "closed"
        assert expired["closing_date"] == (date.today() - timedelta(days=1)).isoformat()

    def test_status_worded_as_on_the_case_page(self, api, cases):
        today = date.today()
        items = {
            item["ua_number"]: item
            for item in api("editor").get("@urgent-actions").json()["items"]
        }
        assert items["030/20"]["status_text"] == (
            f"Closed on {today.day} {today:%B %Y}"  # closed by hand today
        )
        assert items["030/20"]["status_detail"] == "Letters are no longer needed."
        assert items["030/20"]["closed_on"] == today.isoformat()
        drafts = api("editor").get("@urgent-actions", params={"status": "draft"})
        (draft,) = drafts.json()["items"]
        assert draft["status_text"] == "Draft: not yet open for letters"

    def test_counts_are_current(self, api, cases, count_as):
        client = api()
        assert client.get("@urgent-actions").json()["items"][1]["letters_total"] == 1
        count_as("editor", cases["old_open"], 4)
        assert client.get("@urgent-actions").json()["items"][1]["letters_total"] == 5

    def test_display_threshold(self, api, cases):
        plone.api.portal.set_registry_record(
            "collective.urgentactions.display_threshold", 2
        )
        items = api().get("@urgent-actions").json()["items"]
        shown = {item["ua_number"]: item["letters_shown"] for item in items}
        assert shown == {
            "065/20": True,
            "012/19": False,
            "101/20": False,
            "030/20": False,
        }

    def test_filters(self, api, cases, openapi):
        client = api()
        for query, expected in FILTERS:
            response = client.get("@urgent-actions", params=query)
            assert numbers(openapi.validate(response, LISTING)) == expected, query

    def test_drafts_hidden_from_visitors_and_members(self, api, cases):
        for user in (None, "member", "other"):
            response = api(user).get("@urgent-actions", params={"status": "draft"})
            assert numbers(response.json()) == [], user

    @pytest.mark.parametrize("user", ["editor", "manager"])
    def test_editors_list_drafts_on_request(self, api, cases, user):
        client = api(user)
        assert numbers(client.get("@urgent-actions").json()) == [
            "065/20",
            "012/19",
            "101/20",
            "030/20",
        ]
        drafts = client.get("@urgent-actions", params={"status": "draft"}).json()
        assert drafts["items"][0]["status"] == "draft"
        assert numbers(drafts) == ["140/20"]

    def test_batching(self, api, cases, openapi):
        client = api()
        first = openapi.validate(client.get("@urgent-actions?b_size=3"), LISTING)
        assert numbers(first) == ["065/20", "012/19", "101/20"]
        assert first["items_total"] == 4
        assert first["batching"]["next"].endswith("@urgent-actions?b_start=3&b_size=3")
        second = openapi.validate(client.get(first["batching"]["next"]), LISTING)
        assert numbers(second) == ["030/20"]
        assert "next" not in second["batching"]

    def test_batching_keeps_filters(self, api, cases):
        body = api().get("@urgent-actions?status=open&b_size=1").json()
        assert "status=open" in body["batching"]["next"]
        assert body["@id"].endswith("@urgent-actions?status=open")

    @pytest.mark.parametrize(
        "query",
        [
            "sort_on=title",
            "portal_type=Document",
            "status=bogus",
            "status=Open",
            "status=open&status=closed",
            "status:list=open",
            "country=XX",
            "country=by",
            "country=Belarus",
            "year=20",
            "year=twenty",
            "year=0001",
            "theme=bogus",
            "q=" + "x" * 201,
            "q=()",
            "b_size=0",
            "b_size=101",
            "b_size=ten",
            "b_start=-1",
            "b_start=1.5",
        ],
    )
    def test_bad_input_is_a_400(self, api, openapi, query):
        response = api().get(f"@urgent-actions?{query}")
        assert_error(response, 400)
        openapi.validate(response, LISTING)

    def test_unknown_parameter_is_named(self, api):
        message = assert_error(api().get("@urgent-actions?sort_on=title"), 400)
        assert "sort_on" in message
        assert "status" in message


class TestLookup:
    def test_full_serialization_by_number(self, api, cases, openapi):
        url = api().url(cases["new_open"])
        for user in ROLES:
            response = api(user).get("@urgent-actions/065-20")
            body = openapi.validate(response, LOOKUP)
            assert body["@id"] == url
            assert body["ua_number"] == "065/20"
            assert body["status"] == "open"
            assert body["@components"]["letters"] == {"@id": f"{url}/@letters"}

    def test_expansions_on_lookup(self, api, cases, openapi):
        response = api("member").get(
            "@urgent-actions/065-20", params={"expand": "letters,updates"}
        )
        letters = openapi.validate(response, LOOKUP)["@components"]["letters"]
        assert letters["total"] == 5
        assert letters["mine"] == 3

    def test_follow_up(self, api, cases, make_ua, openapi):
        make_ua(ua_number="065/20-1", title="Journalist still detained")
        body = openapi.validate(api().get("@urgent-actions/065-20-1"), LOOKUP)
        assert body["ua_number"] == "065/20-1"
        assert body["title"] == "Journalist still detained"

    def test_closed_on(self, api, cases):
        body = api().get("@urgent-actions/101-20").json()
        assert body["status"] == "closed"
        assert body["closed_on"] == (date.today() - timedelta(days=1)).isoformat()

    def test_drafts_are_found_by_editors_only(self, api, cases, openapi):
        for user in (None, "member", "other"):
            response = api(user).get("@urgent-actions/140-20")
            assert "140/20" in assert_error(response, 404)
            openapi.validate(response, LOOKUP)
        for user in ("editor", "manager"):
            body = api(user).get("@urgent-actions/140-20").json()
            assert body["status"] == "draft"

    def test_unknown_number(self, api, cases, openapi):
        response = api().get("@urgent-actions/999-99")
        assert "999/99" in assert_error(response, 404)
        openapi.validate(response, LOOKUP)

    @pytest.mark.parametrize(
        "number", ["65-20", "065_20", "UA065-20", "065-2020", "065-20-123", "x"]
    )
    def test_malformed_numbers(self, api, openapi, number):
        response = api().get(f"@urgent-actions/{number}")
        assert "065-20" in assert_error(response, 400)
        openapi.validate(response, LOOKUP)

    def test_slash_form_is_malformed(self, api):
        assert_error(api().get("@urgent-actions/065/20"), 400)

    def test_unknown_parameter(self, api, cases):
        assert_error(api().get("@urgent-actions/065-20?fullobjects=1"), 400)
