"""HTTP caching: anonymous GETs of counts may be cached for
``collective.urgentactions.count_max_age`` seconds, nothing else is; no
server-side cache ever serves an old count."""

from plone.app.testing import applyProfile

import plone.api
import pytest
import transaction


COUNT_RULE = "collective.urgentactions.letters"


@pytest.fixture
def ua(make_ua):
    return make_ua()


def assert_public(response, max_age):
    assert response.status_code == 200
    assert response.headers["X-Cache-Rule"] == COUNT_RULE
    assert response.headers["Cache-Control"] == (
        f"max-age={max_age}, proxy-revalidate, public"
    )
    assert response.headers["Vary"] == "Accept, Accept-Language"
    assert "ETag" not in response.headers
    assert "Last-Modified" not in response.headers


def assert_private(response):
    cache_control = response.headers.get("Cache-Control", "")
    assert "public" not in cache_control
    assert "ETag" not in response.headers


def test_profile_settings(portal):
    assert (
        plone.api.portal.get_registry_record("collective.urgentactions.count_max_age")
        == 60
    )
    assert plone.api.portal.get_registry_record(
        "plone.caching.interfaces.ICacheSettings.enabled"
    )
    mapping = plone.api.portal.get_registry_record(
        "plone.caching.interfaces.ICacheSettings.operationMapping"
    )
    assert mapping[COUNT_RULE] == "collective.urgentactions.countCaching"


def test_anonymous_reads_are_public(api, ua):
    client = api()
    for target, path in (
        ("@urgent-actions", ""),
        ("@urgent-actions/065-20", ""),
        (ua, ""),
        (ua, "@letters"),
    ):
        assert_public(client.get(target, path), 60)


def test_max_age_follows_the_setting(api, ua):
    plone.api.portal.set_registry_record("collective.urgentactions.count_max_age", 5)
    assert_public(api().get("@urgent-actions"), 5)
    plone.api.portal.set_registry_record("collective.urgentactions.count_max_age", 0)
    assert_private(api().get("@urgent-actions"))


@pytest.mark.parametrize("user", ["member", "editor"])
def test_member_reads_are_private(api, ua, user):
    client = api(user)
    for target, path in (("@urgent-actions", ""), (ua, "@letters"), (ua, "")):
        response = client.get(target, path)
        assert response.headers["X-Cache-Rule"] == COUNT_RULE
        assert (
            response.headers["Cache-Control"] == "max-age=0, must-revalidate, private"
        )
    assert_private(client.get("@my-urgent-actions"))


def test_errors_and_writes_are_not_cached(api, ua):
    assert_private(api().get("@urgent-actions?status=bogus"))
    assert_private(api().get("@urgent-actions/999-99"))
    assert_private(api("member").post(ua, "@letters", json={}))
    assert_private(api("member").delete(ua, "@letters"))


@pytest.mark.parametrize("auth", ["basic", "jwt"])
def test_a_members_writes_answer_counts_by_the_counts_ruleset(api, ua, auth):
    """A press, a follow change and taking a press back answer the new
    counts, never to be cached, as the counts ruleset says."""
    client = api("member", auth)
    answers = [
        client.post(ua, "@letters", json={"quantity": 1}),
        client.patch(ua, "@letters", json={"following": False}),
        client.delete(ua, "@letters"),
    ]

    assert [response.status_code for response in answers] == [201, 200, 200]
    for response in answers:
        assert response.headers["X-Cache-Rule"] == COUNT_RULE
        assert "private" in response.headers["Cache-Control"]
        assert_private(response)


def test_counts_are_fresh_under_plone_caching_presets(api, ua, portal, count_as):
    """With plone.app.caching's "without caching proxy" preset, generic
    services cache in RAM; a response that expands ``letters`` switches to
    the counts ruleset, so no RAM cache serves an old total."""
    applyProfile(portal, "plone.app.caching:without-caching-proxy")
    transaction.commit()
    client = api()
    search = {
        "portal_type": "UrgentAction",
        "fullobjects": "1",
        "expand": "letters",
    }

    def search_total():
        response = client.get("@search", params=search)
        assert_public(response, 60)
        return response.json()["items"][0]["@components"]["letters"]["total"]

    def ua_total():
        response = client.get(ua, params={"expand": "letters"})
        assert_public(response, 60)
        return response.json()["@components"]["letters"]["total"]

    assert (search_total(), ua_total()) == (0, 0)
    count_as("member", ua, 2)
    assert (search_total(), ua_total()) == (2, 2)
    # Without counts, @search keeps its preset (terse caching).
    plain = client.get("@search", params={"portal_type": "UrgentAction"})
    assert plain.headers["X-Cache-Rule"] == "plone.content.dynamic"
