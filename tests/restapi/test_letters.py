"""``@letters`` on an Urgent Action, for every role and way of logging in:
the same rules as the viewlet, JSON errors, CSRF for the login cookie, and
bad input that changes nothing."""

from collective.urgentactions import _
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import storage
from plone.app.testing import login
from plone.app.testing import logout
from plone.protect.authenticator import createToken
from plone.restapi.pas.plugin import JWTAuthenticationPlugin
from restapi_helpers import assert_error
from zope.i18n import translate

import plone.api
import pytest


PATH = "/{path}/@letters"
OFFLINE = "/{path}/@letters/offline"


@pytest.fixture
def ua(make_ua):
    return make_ua()


def total(ua):
    return IActionTally(ua).total()


def mine(userid, ua):
    record = storage.member_records().get(userid)
    return record.count(ua.UID()) if record is not None else 0


class TestRead:
    @pytest.mark.parametrize("user", [None, "member", "other", "editor", "manager"])
    def test_state_per_role(self, api, ua, count_as, openapi, user):
        count_as("member", ua, 3)
        body = openapi.validate(api(user).get(ua, "@letters"), PATH)
        assert body["total"] == 3
        assert body["open"] is True
        assert body["mine"] == (3 if user == "member" else 0)
        assert len(body["entries"]) == (1 if user == "member" else 0)
        assert body["can_count"] is (user is not None)
        assert ("statistics" in body) is (user in ("editor", "manager"))

    def test_statistics_for_editors(self, api, ua, count_as, openapi):
        count_as("member", ua, 3, "email")
        count_as("other", ua, 1, "fax")
        body = openapi.validate(api("editor").get(ua, "@letters"), PATH)
        assert body["statistics"]["by_channel"] == {"letter": 0, "email": 3, "fax": 1}
        assert sum(body["statistics"]["by_day"].values()) == 4


class TestCount:
    @pytest.mark.parametrize("auth", ["basic", "jwt"])
    def test_member_counts(self, api, ua, openapi, auth):
        response = api("member", auth).post(
            ua, "@letters", json={"quantity": 2, "channel": "email"}
        )
        body = openapi.validate(response, PATH, "post")
        assert response.status_code == 201
        assert response.headers["Location"].endswith("/@letters")
        assert body["total"] == 2
        assert body["mine"] == 2
        assert body["entries"][0]["channel"] == "email"
        assert body["duplicate"] is False
        assert body["following"] is True
        assert total(ua) == 2

    def test_quantity_defaults_to_one(self, api, ua):
        response = api("member").post(ua, "@letters", json={})
        assert response.status_code == 201
        assert mine("member", ua) == 1

    @pytest.mark.parametrize("user", ["editor", "manager"])
    def test_editors_count_their_own_letters(self, api, ua, user):
        response = api(user).post(ua, "@letters", json={"quantity": 1})
        assert response.status_code == 201
        assert mine(user, ua) == 1

    def test_totals_add_up_across_members(self, api, ua):
        api("member").post(ua, "@letters", json={"quantity": 2})
        body = api("other").post(ua, "@letters", json={"quantity": 3}).json()
        assert body["total"] == 5
        assert body["mine"] == 3

    def test_repeated_submission_counts_once(self, api, ua, openapi):
        client = api("member")
        data = {"quantity": 2, "submission_id": "press-1"}
        assert client.post(ua, "@letters", json=data).status_code == 201
        again = client.post(ua, "@letters", json=data)
        body = openapi.validate(again, PATH, "post")
        assert again.status_code == 200
        assert body["duplicate"] is True
        assert total(ua) == 2

    def test_anonymous_must_log_in(self, api, ua, openapi):
        response = api().post(ua, "@letters", json={"quantity": 1})
        assert "Log in" in assert_error(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        openapi.validate(response, PATH, "post")
        assert total(ua) == 0

    def test_cap(self, api, ua, openapi):
        client = api("member")
        client.post(ua, "@letters", json={"quantity": 9})
        response = client.post(ua, "@letters", json={"quantity": 2})
        assert "at most 10" in assert_error(response, 409)
        openapi.validate(response, PATH, "post")
        assert total(ua) == 9

    def test_closed_action(self, api, make_ua, openapi):
        closed = make_ua(state="closed")
        response = api("member").post(closed, "@letters", json={"quantity": 1})
        assert "not open" in assert_error(response, 409)
        openapi.validate(response, PATH, "post")
        assert total(closed) == 0

    def test_draft_action(self, api, make_ua):
        draft = make_ua(state="draft")
        assert_error(api("member").post(draft, "@letters", json={}), 401)
        assert total(draft) == 0


class TestUndo:
    @pytest.mark.parametrize("auth", ["basic", "jwt"])
    def test_member_takes_back_own_last_entry(self, api, ua, count_as, openapi, auth):
        count_as("other", ua, 4)
        client = api("member", auth)
        client.post(ua, "@letters", json={"quantity": 1})
        client.post(ua, "@letters", json={"quantity": 2})
        response = client.delete(ua, "@letters")
        body = openapi.validate(response, PATH, "delete")
        assert response.status_code == 200
        assert body["mine"] == 1
        assert body["total"] == 5
        assert mine("other", ua) == 4

    def test_nothing_to_take_back(self, api, ua, count_as, openapi):
        count_as("member", ua, 2)
        response = api("other").delete(ua, "@letters")
        assert_error(response, 409)
        openapi.validate(response, PATH, "delete")
        assert total(ua) == 2

    def test_anonymous(self, api, ua, count_as):
        count_as("member", ua, 2)
        assert_error(api().delete(ua, "@letters"), 401)
        assert total(ua) == 2


class TestFollow:
    def test_follow_and_unfollow(self, api, ua, openapi):
        client = api("member")
        response = client.patch(ua, "@letters", json={"following": True})
        assert openapi.validate(response, PATH, "patch")["following"] is True
        assert storage.member_records().get("member").is_following(ua.UID())
        body = client.patch(ua, "@letters", json={"following": False}).json()
        assert body["following"] is False
        assert not storage.member_records().get("member").is_following(ua.UID())

    def test_seen(self, api, ua):
        assert storage.member_records().get("member").last_seen(ua.UID()) is None
        response = api("member").patch(ua, "@letters", json={"seen": True})
        assert response.status_code == 200
        assert storage.member_records().get("member").last_seen(ua.UID()) is not None

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"following": "yes"},
            {"following": 1},
            {"seen": False},
            {"seen": "true"},
            {"following": True, "mine": 10},
        ],
    )
    def test_bad_input(self, api, ua, openapi, data):
        response = api("member").patch(ua, "@letters", json=data)
        assert_error(response, 400)
        openapi.validate(response, PATH, "patch")
        assert not storage.member_records().get("member").is_following(ua.UID())

    def test_anonymous(self, api, ua, openapi):
        response = api().patch(ua, "@letters", json={"following": True})
        assert_error(response, 401)
        openapi.validate(response, PATH, "patch")


class TestOffline:
    @pytest.mark.parametrize("user", ["editor", "manager"])
    def test_editors_record_offline_letters(self, api, ua, count_as, openapi, user):
        count_as("member", ua, 2)
        response = api(user).post(
            ua, "@letters/offline", json={"quantity": 120, "note": "Local group"}
        )
        body = openapi.validate(response, OFFLINE, "post")
        assert response.status_code == 201
        assert body["total"] == 122
        assert body["mine"] == 0
        assert body["statistics"]["offline"] == 120
        entry = body["statistics"]["offline_entries"][0]
        assert entry["note"] == "Local group"
        assert entry["recorded_by"] == user

    @pytest.mark.parametrize(("user", "status"), [(None, 403), ("member", 403)])
    def test_others_may_not(self, api, ua, openapi, user, status):
        response = api(user).post(ua, "@letters/offline", json={"quantity": 5})
        assert_error(response, status)
        openapi.validate(response, OFFLINE, "post")
        assert total(ua) == 0

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"quantity": 0},
            {"quantity": 100001},
            {"quantity": "many"},
            {"quantity": 5, "note": 7},
            {"quantity": 5, "recorded_by": "someone"},
        ],
    )
    def test_bad_input(self, api, ua, openapi, data):
        response = api("editor").post(ua, "@letters/offline", json=data)
        assert_error(response, 400)
        openapi.validate(response, OFFLINE, "post")
        assert total(ua) == 0

    def test_unknown_subresource(self, api, ua):
        response = api("editor").post(ua, "@letters/online", json={"quantity": 5})
        assert_error(response, 404)
        assert total(ua) == 0


BAD_BODIES = [
    {"quantity": 0},
    {"quantity": -1},
    {"quantity": 11},
    {"quantity": 1.5},
    {"quantity": "two"},
    {"quantity": True},
    {"quantity": None},
    {"quantity": [1]},
    {"quantity": {"n": 1}},
    {"channel": "pigeon"},
    {"channel": 3},
    {"channel": ["email"]},
    {"submission_id": 12},
    {"quantity": 1, "userid": "other"},
    {"quantity": 1, "total": 1000},
]


class TestBadInput:
    def test_wrong_values_and_types(self, api, ua, openapi):
        client = api("member")
        for data in BAD_BODIES:
            response = client.post(ua, "@letters", json=data)
            assert response.status_code == 400, (data, response.text)
            assert_error(response, 400)
            openapi.validate(response, PATH, "post")
        assert total(ua) == 0
        assert mine("member", ua) == 0

    @pytest.mark.parametrize(
        "body", [b"not json", b"[1, 2]", b'"text"', b"1", b"{", b"\xff\xfe"]
    )
    def test_not_a_json_object(self, api, ua, body):
        response = api("member").post(
            ua,
            "@letters",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        assert_error(response, 400)
        assert total(ua) == 0

    def test_oversized_body(self, api, ua, openapi):
        data = {"quantity": 1, "submission_id": "x" * 20_000}
        response = api("member").post(ua, "@letters", json=data)
        assert "too large" in assert_error(response, 413)
        openapi.validate(response, PATH, "post")
        assert total(ua) == 0

    def test_large_body_under_the_limit(self, api, ua):
        response = api("member").post(
            ua, "@letters", json={"quantity": 1, "submission_id": "x" * 5000}
        )
        assert response.status_code == 201
        assert mine("member", ua) == 1

    def test_wrong_password(self, api, ua):
        client = api()
        client.session.auth = ("member", "wrong")
        assert_error(client.post(ua, "@letters", json={}), 401)
        assert total(ua) == 0

    def test_expired_jwt(self, api, ua, portal):
        plugin = next(
            plugin
            for plugin in portal.acl_users.objectValues()
            if isinstance(plugin, JWTAuthenticationPlugin)
        )
        token = plugin.create_token("member", timeout=-60)
        client = api()
        client.session.headers["Authorization"] = f"Bearer {token}"
        assert_error(client.post(ua, "@letters", json={}), 401)
        assert_error(client.get("@my-urgent-actions"), 401)
        assert total(ua) == 0

    def test_forged_jwt(self, api, ua):
        client = api()
        client.session.headers["Authorization"] = "Bearer eyJhbGciOiJub25lIn0.e30."
        assert_error(client.post(ua, "@letters", json={}), 401)
        assert total(ua) == 0

    def test_no_service_for_other_methods(self, api, ua):
        response = api("member").request("PUT", ua, "@letters", json={})
        assert 400 <= response.status_code < 500
        assert total(ua) == 0


class TestCSRF:
    """The login cookie is sent with any request, also one a foreign page
    makes; a write authenticated by the cookie needs the CSRF token."""

    def token(self, portal, userid):
        login(portal, userid)
        try:
            return createToken()
        finally:
            logout()

    def test_cookie_write_without_token_is_refused(self, api, ua, openapi):
        client = api("member", "cookie")
        for method, data in (("post", {}), ("delete", None), ("patch", {"seen": True})):
            response = getattr(client, method)(ua, "@letters", json=data)
            assert "CSRF" in assert_error(response, 403)
            openapi.validate(response, PATH, method)
        assert total(ua) == 0
        assert storage.member_records().get("member").last_seen(ua.UID()) is None

    def test_cookie_write_with_wrong_token_is_refused(self, api, ua):
        client = api("member", "cookie")
        response = client.post(
            ua, "@letters", json={}, headers={"X-CSRF-TOKEN": "0" * 40}
        )
        assert_error(response, 403)
        assert total(ua) == 0

    def test_another_members_token_is_refused(self, api, ua, portal):
        client = api("member", "cookie")
        response = client.post(
            ua,
            "@letters",
            json={},
            headers={"X-CSRF-TOKEN": self.token(portal, "other")},
        )
        assert_error(response, 403)
        assert total(ua) == 0

    def test_cookie_write_with_token(self, api, ua, portal):
        client = api("member", "cookie")
        token = self.token(portal, "member")
        response = client.post(
            ua, "@letters", json={"quantity": 2}, headers={"X-CSRF-TOKEN": token}
        )
        assert response.status_code == 201
        response = client.delete(ua, "@letters", headers={"X-CSRF-TOKEN": token})
        assert response.status_code == 200
        assert total(ua) == 0
        response = client.post(ua, "@letters", params={"_authenticator": token})
        assert response.status_code == 201
        assert total(ua) == 1

    def test_cookie_reads_need_no_token(self, api, ua, count_as):
        count_as("member", ua, 2)
        client = api("member", "cookie")
        assert client.get(ua, "@letters").json()["mine"] == 2
        assert client.get("@my-urgent-actions").json()["items_total"] == 1

    def test_token_auth_needs_no_csrf_token(self, api, ua):
        assert api("member", "jwt").post(ua, "@letters", json={}).status_code == 201
        assert api("other", "basic").post(ua, "@letters", json={}).status_code == 201
        assert total(ua) == 2


def test_messages_in_the_request_language(api, ua, portal):
    """The error message is translated to the language Plone negotiates for
    the request (here from Accept-Language)."""
    plone.api.portal.set_registry_record("plone.available_languages", ["en", "de"])
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
    english = assert_error(api().post(ua, "@letters", json={}), 401)
    client = api()
    client.session.headers["Accept-Language"] = "de"
    german = assert_error(client.post(ua, "@letters", json={}), 401)
    expected = translate(_("Log in to have your letter counted."), target_language="de")
    assert german == expected
    if expected == english:
        pytest.skip("no German catalog for this message yet")
    assert german != english
