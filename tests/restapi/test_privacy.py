"""Privacy: no response of any endpoint, expansion or search tells anybody
but the member which members wrote letters.

Two activists count letters (and follow, and mark updates seen); then every
endpoint is called as anonymous visitor, another member, editor and manager,
and each response body is searched for the activists' ids, full names and
email addresses.
"""

from collective.urgentactions.testing import create_update
from datetime import date

import plone.api
import pytest
import transaction


WRITERS = {
    "activist-ana": ("Ana Writer-Quill", "ana.quill@example.org"),
    "activist-ben": ("Ben Penholder", "ben.penholder@example.org"),
}
SECRETS = [
    secret
    for userid, (fullname, email) in WRITERS.items()
    for secret in (userid, fullname, email)
]
VIEWERS = [None, "other", "editor", "manager"]


@pytest.fixture
def scene(users, make_ua, count_as, api):
    portal = users
    for userid, (fullname, email) in WRITERS.items():
        portal.acl_users.userFolderAddUser(userid, "secret-password-1", ["Member"], [])
        plone.api.user.get(userid).setMemberProperties(
            {"fullname": fullname, "email": email}
        )
    ua = make_ua(description="Release the journalist.")
    closed = make_ua(ua_number="030/20", title="Student released", state="closed")
    create_update(ua, "Trial date set", date(2020, 6, 23))
    count_as("activist-ana", ua, 3)
    count_as("activist-ben", ua, 1, "email")
    transaction.commit()
    for userid in WRITERS:
        client = api()
        client.session.auth = (userid, "secret-password-1")
        assert client.post(ua, "@letters", json={"quantity": 1}).status_code == 201
        client.patch(ua, "@letters", json={"seen": True})
        client.patch(closed, "@letters", json={"following": True})
    editor = api("editor")
    editor.post(ua, "@letters/offline", json={"quantity": 40, "note": "Stand"})
    return {"ua": ua, "closed": closed}


def requests_for(client, scene):
    """Every read of the add-on and of plone.restapi that touches the
    actions, plus writes and errors of the viewer themselves."""
    ua, closed = scene["ua"], scene["closed"]
    plain = client.get(ua).json()
    everything = ",".join(sorted(plain["@components"]))
    assert {"letters", "updates", "templates"} <= set(plain["@components"])
    yield client.get(ua, params={"expand": everything})
    yield client.get(closed, params={"expand": everything})
    yield client.get(ua, "@letters")
    yield client.get(closed, "@letters")
    yield client.get("@urgent-actions")
    yield client.get("@urgent-actions", params={"status": "closed"})
    yield client.get("@urgent-actions", params={"q": "activist"})
    yield client.get("@urgent-actions/065-20", params={"expand": everything})
    yield client.get("@urgent-actions/999-99")
    yield client.get("@my-urgent-actions")
    yield client.get("@urgent-actions-openapi")
    yield client.get(
        "@search",
        params={
            "portal_type": "UrgentAction",
            "fullobjects": "1",
            "expand": "letters,updates,templates",
        },
    )
    yield client.get("@search", params={"metadata_fields": "_all"})
    yield client.get("urgent-actions", params={"fullobjects": "1"})
    yield client.get("")
    yield client.get(ua, "@history")
    yield client.get(ua, "@workflow")
    yield client.get(ua, "@sharing")
    yield client.get(ua, "@local-roles")
    yield client.post(ua, "@letters", json={"quantity": 1})
    yield client.post(ua, "@letters", json={"quantity": 50})
    yield client.patch(ua, "@letters", json={"following": True})
    yield client.delete(ua, "@letters")
    yield client.post(closed, "@letters", json={"quantity": 1})


@pytest.mark.parametrize("viewer", VIEWERS)
def test_nobody_learns_who_wrote(api, scene, viewer):
    client = api(viewer)
    checked = 0
    for response in requests_for(client, scene):
        assert response.status_code < 500, response.url
        for secret in SECRETS:
            assert secret not in response.text, (viewer, response.url, secret)
        checked += 1
    assert checked == 24


def test_search_finds_no_writer(api, scene):
    for viewer in VIEWERS:
        for userid in WRITERS:
            body = api(viewer).get("@search", params={"SearchableText": userid}).json()
            assert body["items_total"] == 0


def test_the_member_sees_their_own(api, scene):
    client = api()
    client.session.auth = ("activist-ana", "secret-password-1")
    state = client.get(scene["ua"], "@letters").json()
    assert state["mine"] == 4
    assert [entry["quantity"] for entry in state["entries"]] == [3, 1]
    mine = client.get("@my-urgent-actions").json()["items"]
    assert {item["ua_number"] for item in mine} == {"065/20", "030/20"}
    assert "activist-ben" not in client.get(scene["ua"], "@letters").text


def test_annotations_are_not_serialized(api, scene):
    """plone.restapi serializes schema fields, not annotations: the action's
    counters and the site's member records stay out of every expansion."""
    body = api("manager").get(scene["ua"], params={"expand": "letters"}).text
    assert '"statistics"' in body
    for marker in (
        "collective.urgentactions.letters",
        "submissions",
        "last_seen",
        "preferences",
    ):
        assert marker not in body
    site = api("manager").get("").text
    assert "collective.urgentactions.members" not in site
