"""Signed unsubscribe tokens: only the site can make them, they expire, and
each works once."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import tokens
from plone.keyring.interfaces import IKeyManager
from zope.component import getUtility

import base64
import json
import pytest
import time


def claims(**values):
    return json.dumps(
        {"u": "anna", "p": tokens.ALL, "t": "", "i": 0, "e": 2**40, **values},
        separators=(",", ":"),
    ).encode()


def flipped(token, position):
    """The token with one character changed."""
    char = "A" if token[position] != "A" else "B"
    return token[:position] + char + token[position + 1 :]


def reason(token, **kwargs):
    with pytest.raises(tokens.TokenError) as error:
        tokens.read_token(token, **kwargs)
    return error.value.reason


def test_round_trip(portal):
    token = tokens.make_token("anna", tokens.UNFOLLOW, "uid-1")
    claims = tokens.read_token(token)
    assert (claims["userid"], claims["purpose"], claims["target"]) == (
        "anna",
        tokens.UNFOLLOW,
        "uid-1",
    )


def test_nothing_readable(portal):
    """Neither the member, the case nor the time can be read from a link."""
    token = tokens.make_token("anna-in-minsk", tokens.UNFOLLOW, "3f2a9c0e5b7d4e1f")
    data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    for secret in (b"anna-in-minsk", b"3f2a9c0e5b7d4e1f", b'"u"', b"unfollow"):
        assert secret not in data
    assert "." not in token
    with pytest.raises(ValueError):
        json.loads(data)
    # The same claims make another token every time.
    assert tokens.make_token("anna", tokens.ALL, issued=1) != tokens.make_token(
        "anna", tokens.ALL, issued=1
    )


def test_tampered_token_is_invalid(portal):
    token = tokens.make_token("anna", tokens.UNFOLLOW, "uid-1")
    # Not the last character: in unpadded base64 its low bits may carry no data.
    for position in (0, 5, len(token) // 2, len(token) - 2):
        assert reason(flipped(token, position)) == "invalid"
    assert reason(token[:-4]) == "invalid"
    assert reason(token[:20]) == "invalid"
    assert reason("not a token") == "invalid"
    assert reason("") == "invalid"
    assert reason(None) == "invalid"


def test_foreign_secret_is_invalid(portal):
    """Sealed the same way, but with another site's secret."""
    assert reason(tokens.seal(claims(), b"another site")) == "invalid"
    secret = getUtility(IKeyManager).secret(tokens.RING)
    assert tokens.read_token(tokens.seal(claims(), secret))["userid"] == "anna"


def test_expired(portal):
    token = tokens.make_token("anna", tokens.ALL, issued=time.time() - 100, lifetime=60)
    assert reason(token) == "expired"
    assert tokens.read_token(token, now=time.time() - 50)["userid"] == "anna"


def test_key_rotation_keeps_recent_links_working(portal):
    token = tokens.make_token("anna", tokens.REMINDERS)
    getUtility(IKeyManager).rotate(tokens.RING)
    assert tokens.read_token(token)["purpose"] == tokens.REMINDERS


def test_works_once_per_kind(portal):
    record = storage.member_records().ensure("anna")
    first = tokens.read_token(tokens.make_token("anna", tokens.UNFOLLOW, "uid-1"))
    other_action = tokens.read_token(
        tokens.make_token("anna", tokens.UNFOLLOW, "uid-2")
    )
    tokens.check_unused(first, record)
    record.mark_unsubscribed(tokens.scope(first), storage.now())
    with pytest.raises(tokens.TokenError) as error:
        tokens.check_unused(first, record)
    assert error.value.reason == "used"
    tokens.check_unused(other_action, record)
    # A link issued later (the member followed again) works.
    time.sleep(0.002)
    later = tokens.read_token(tokens.make_token("anna", tokens.UNFOLLOW, "uid-1"))
    tokens.check_unused(later, record)
    # "All emails" used: every older link is used up.
    record.mark_unsubscribed(tokens.ALL, storage.now())
    with pytest.raises(tokens.TokenError):
        tokens.check_unused(other_action, record)
