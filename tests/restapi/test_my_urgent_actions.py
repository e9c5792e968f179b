"""``@my-urgent-actions``: the member's own actions, open ones first, with
their count, follow and whether an update came since they last looked."""

from collective.urgentactions.testing import create_update
from datetime import date
from datetime import timedelta
from restapi_helpers import assert_error
from restapi_helpers import fresh

import plone.api
import pytest


PATH = "/@my-urgent-actions"


@pytest.fixture
def cases(make_ua):
    return {
        "open_old": make_ua(ua_number="012/19", issue_date=date(2019, 1, 15)),
        "open_new": make_ua(ua_number="065/20", issue_date=date(2020, 4, 28)),
        "closed": make_ua(
            ua_number="030/20",
            issue_date=date(2020, 2, 1),
            closing_date=date.today() + timedelta(days=10),
        ),
        "untouched": make_ua(ua_number="101/20", issue_date=date(2020, 9, 1)),
    }


def publish_update(ua, title="Trial date set"):
    return create_update(fresh(ua), title, date.today())


def close(ua):
    with plone.api.env.adopt_roles(["Manager"]):
        plone.api.content.transition(fresh(ua), to_state="closed")


def test_member_lists_own_actions(api, cases, count_as, openapi):
    count_as("member", cases["open_old"], 2)
    count_as("member", cases["closed"], 1)
    count_as("other", cases["open_new"], 5)
    close(cases["closed"])
    client = api("member")
    client.patch(cases["open_new"], "@letters", json={"following": True})
    body = openapi.validate(client.get("@my-urgent-actions"), PATH)
    assert [item["ua_number"] for item in body["items"]] == [
        "065/20",
        "012/19",
        "030/20",
    ]
    assert body["items_total"] == 3
    followed, written, closed = body["items"]
    assert followed["mine"] == 0
    assert followed["following"] is True
    assert written["mine"] == 2
    assert written["status"] == "open"
    assert written["closed_on"] is None
    assert closed["status"] == "closed"
    assert closed["closed_on"] == date.today().isoformat()
    assert closed["@id"] == client.url(cases["closed"])


def test_unfollowed_without_letters_drops_out(api, cases, count_as):
    client = api("member")
    client.patch(cases["open_new"], "@letters", json={"following": True})
    client.patch(cases["open_new"], "@letters", json={"following": False})
    assert client.get("@my-urgent-actions").json()["items"] == []
    count_as("member", cases["open_old"], 1)
    client.patch(cases["open_old"], "@letters", json={"following": False})
    items = client.get("@my-urgent-actions").json()["items"]
    assert [(i["ua_number"], i["following"]) for i in items] == [("012/19", False)]


@pytest.mark.parametrize("user", ["other", "editor", "manager"])
def test_others_see_only_their_own(api, cases, count_as, user):
    count_as("member", cases["open_old"], 2)
    assert api(user).get("@my-urgent-actions").json()["items"] == []


def test_anonymous_must_log_in(api, openapi):
    response = api().get("@my-urgent-actions")
    assert_error(response, 401)
    openapi.validate(response, PATH)


def test_no_parameters(api, openapi):
    response = api("member").get("@my-urgent-actions", params={"userid": "other"})
    assert_error(response, 400)
    openapi.validate(response, PATH)


def test_new_update(api, cases, count_as):
    count_as("member", cases["open_old"], 1)
    client = api("member")

    def new_update():
        return client.get("@my-urgent-actions").json()["items"][0]["new_update"]

    assert new_update() is False  # no update yet
    publish_update(cases["open_old"])
    assert new_update() is True  # never seen
    client.patch(cases["open_old"], "@letters", json={"seen": True})
    assert new_update() is False
    create_update(fresh(cases["open_old"]), "Draft update", date.today(), state="draft")
    assert new_update() is False  # drafts do not count
    publish_update(cases["open_old"], "Released")
    assert new_update() is True


def test_draft_actions_drop_out(api, cases, count_as):
    count_as("member", cases["open_old"], 1)
    with plone.api.env.adopt_roles(["Manager"]):
        plone.api.content.transition(fresh(cases["open_old"]), to_state="draft")
    assert api("member").get("@my-urgent-actions").json()["items"] == []
