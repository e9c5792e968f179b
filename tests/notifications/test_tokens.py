"""Signed unsubscribe tokens: only the site can make them, they expire, and
each works once."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import tokens
from plone.keyring.interfaces import IKeyManager
from zope.component import getUtility

import base64
import hashlib
import hmac
import json
import pytest
import time


def claims_of(token):
    payload = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


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


def test_tampered_payload_is_invalid(portal):
    token = tokens.make_token("anna", tokens.UNFOLLOW, "uid-1")
    payload, signature = token.split(".")
    forged = dict(claims_of(token), u="ben")
    forged_payload = encode(json.dumps(forged, separators=(",", ":")).encode())
    assert reason(f"{forged_payload}.{signature}") == "invalid"
    assert reason(f"{payload}.{signature[:-2]}") == "invalid"
    assert reason(f"{payload}") == "invalid"
    assert reason("not a token") == "invalid"
    assert reason(None) == "invalid"


def test_foreign_secret_is_invalid(portal):
    """Signed the same way, but with another site's secret."""
    token = tokens.make_token("anna", tokens.ALL)
    payload = token.split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    signature = hmac.new(b"another site", tokens.DOMAIN + data, hashlib.sha256)
    assert reason(f"{payload}.{encode(signature.digest())}") == "invalid"


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
