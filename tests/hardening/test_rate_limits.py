"""Counts stay honest: a member, an address or a login name that goes too
fast gets a 429 with ``Retry-After``, and nothing is counted."""

from collective.urgentactions.hardening import ratelimit
from collective.urgentactions.interfaces import IActionTally
from limits import parse

import plone.api
import pytest
import transaction


@pytest.fixture
def tight(monkeypatch):
    """Small limits, so that a test needs few requests."""
    for name, text in {
        "press-member": "4 per minute",
        "press-address": "6 per minute",
        "login-address": "5 per minute",
        "login-name": "3 per minute",
        "register-address": "2 per minute",
    }.items():
        monkeypatch.setitem(ratelimit.LIMITS, name, parse(text))
    plone.api.portal.set_registry_record("collective.urgentactions.letters_cap", 100)
    transaction.commit()


def test_a_member_counting_too_fast(http, ua, tight):
    member = http("member")
    statuses = [
        member.post(ua, "@letters", json={"quantity": 1}).status_code for _ in range(6)
    ]
    assert statuses == [201] * 4 + [429] * 2
    response = member.post(ua, "@letters", json={"quantity": 1})
    assert int(response.headers.get("Retry-After", 0)) or "seconds" in response.text
    assert IActionTally(ua).total() == 4


def test_many_accounts_from_one_address(http, ua, tight):
    statuses = []
    for user in ("member", "other", "contributor", "editor"):
        for _ in range(2):
            statuses.append(
                http(user).post(ua, "@letters", json={"quantity": 1}).status_code
            )
    assert statuses.count(201) == 6
    assert statuses[-2:] == [429, 429]
    assert IActionTally(ua).total() == 6


def test_the_form_says_so(http, ua, tight):
    member = http("member", "cookie")
    token = member.token()
    for _ in range(4):
        member.post(ua, "@@count-letters", data={"_authenticator": token})
    response = member.post(
        ua,
        "@@count-letters",
        data={"_authenticator": token},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 429
    assert "very fast" in response.json()["error"]


def test_wrong_passwords_slow_down(http, tight):
    anonymous = http()
    statuses = [
        anonymous.post(
            "@login", json={"login": "member", "password": "guess"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3] == 429
    # Not even the right password gets through now.
    response = anonymous.post(
        "@login", json={"login": "member", "password": "secret-password-1"}
    )
    assert response.status_code == 429
    assert response.headers["Retry-After"]


def test_logins_per_address(http, tight):
    anonymous = http()
    statuses = [
        anonymous.post("@login", json={"login": name, "password": "x"}).status_code
        for name in ("a", "b", "c", "d", "e", "f")
    ]
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429


def test_login_form_too(http, tight):
    anonymous = http()
    for _ in range(3):
        anonymous.post("login", data={"__ac_name": "member", "__ac_password": "x"})
    response = anonymous.post(
        "login", data={"__ac_name": "member", "__ac_password": "x"}
    )
    assert response.status_code == 429


def test_registrations_per_address(http, everyone, tight):
    plone.api.portal.set_registry_record("plone.enable_self_reg", True)
    transaction.commit()
    statuses = [
        http()
        .post(
            "@users",
            json={
                "username": f"new{i}",
                "email": f"new{i}@example.org",
                "password": "a-long-password-1",
            },
        )
        .status_code
        for i in range(3)
    ]
    assert statuses[2] == 429
    assert statuses[:2] != [429, 429]
