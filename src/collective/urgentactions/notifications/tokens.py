"""Opaque single-purpose unsubscribe tokens, so mail links work without login.

A token is one base64url string: a random 96-bit nonce and the claims
encrypted and authenticated with AES-256-GCM (``cryptography``). Nothing in
it is readable: not the member, not the case, not the time. The claims are
JSON with the user id (``u``), the purpose (``p``), its target (``t``, the
action's UID for ``unfollow``), the time it was issued in milliseconds
(``i``) and its expiry in seconds since the epoch (``e``). The key is
derived (HMAC-SHA256) from the site's ``_system`` secret of plone.keyring;
every secret still on the ring is tried, so a key rotation does not break
links sent shortly before it. A token changed by one bit, or sealed with
another site's secret, fails authentication and is invalid.

A token works once: using it stores the time in the member's record, and a
token issued before that time for the same purpose and target (or before an
"all emails" unsubscribe) is refused as used. Besides, the site keeps a
digest of every used token until it expires (annotation ``SPENT_KEY`` on the
site root: ``OOBTree`` digest -> expiry), so a used link stays used after the
member erased their record and made a new one. A digest says nothing about
the member; the daily maintenance forgets expired ones.
"""

from BTrees.OOBTree import OOBTree
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from plone.keyring.interfaces import IKeyManager
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtility

import base64
import binascii
import hashlib
import hmac
import json
import os
import plone.api
import time


UNFOLLOW = "unfollow"  # stop following one action
NEW_ACTIONS = "new-actions"  # no more mails about new actions
REMINDERS = "reminders"  # no more "closing soon" reminders
ALL = "all"  # no more mails of any kind
PURPOSES = (UNFOLLOW, NEW_ACTIONS, REMINDERS, ALL)

LIFETIME = 90 * 24 * 3600  # seconds
RING = "_system"
DOMAIN = b"collective.urgentactions.unsubscribe\n"
NONCE_SIZE = 12
TAG_SIZE = 16
SPENT_KEY = "collective.urgentactions.spent-unsubscribe-tokens"


class TokenError(Exception):
    """``reason`` is ``invalid``, ``expired`` or ``used``."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _b64encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(secret):
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    return hmac.new(secret, DOMAIN + b"aes-256-gcm key", hashlib.sha256).digest()


def seal(claims, secret):
    """The token of ``claims`` (bytes) under ``secret``."""
    nonce = os.urandom(NONCE_SIZE)
    return _b64encode(nonce + AESGCM(_key(secret)).encrypt(nonce, claims, DOMAIN))


def _unseal(data, secret):
    nonce, sealed = data[:NONCE_SIZE], data[NONCE_SIZE:]
    try:
        return AESGCM(_key(secret)).decrypt(nonce, sealed, DOMAIN)
    except InvalidTag:
        return None


def _secrets():
    return [secret for secret in getUtility(IKeyManager)[RING] if secret]


def make_token(userid, purpose, target="", issued=None, lifetime=LIFETIME):
    """A token for one member, one purpose and (for ``unfollow``) one action."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    issued = time.time() if issued is None else issued
    payload = json.dumps(
        {
            "u": userid,
            "p": purpose,
            "t": target,
            "i": int(issued * 1000),
            "e": int(issued + lifetime),
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode("utf-8")
    return seal(payload, getUtility(IKeyManager).secret(RING))


def read_token(token, now=None):
    """The token's claims (``userid``, ``purpose``, ``target``, ``issued`` in
    seconds) if it is authentic and has not expired; otherwise
    :class:`TokenError`. Whether it was used is for the caller to check
    against the member's record (:func:`check_unused`)."""
    if not isinstance(token, str) or len(token) > 2000:
        raise TokenError("invalid")
    try:
        data = _b64decode(token)
    except (binascii.Error, ValueError) as error:
        raise TokenError("invalid") from error
    if len(data) <= NONCE_SIZE + TAG_SIZE:
        raise TokenError("invalid")
    payload = next(filter(None, (_unseal(data, secret) for secret in _secrets())), None)
    if payload is None:
        raise TokenError("invalid")
    try:
        claims = json.loads(payload)
        userid, purpose, target = claims["u"], claims["p"], claims["t"]
        issued, expires = int(claims["i"]) / 1000, int(claims["e"])
    except (ValueError, KeyError, TypeError) as error:
        raise TokenError("invalid") from error
    if purpose not in PURPOSES or not isinstance(userid, str):
        raise TokenError("invalid")
    if (time.time() if now is None else now) > expires:
        raise TokenError("expired")
    return {
        "userid": userid,
        "purpose": purpose,
        "target": target,
        "issued": issued,
        "expires": expires,
    }


def scope(claims):
    """The key under which a used token is remembered in the member's record."""
    if claims["purpose"] == UNFOLLOW:
        return f"{UNFOLLOW}:{claims['target']}"
    return claims["purpose"]


def check_unused(claims, record):
    """Refuse a token issued before the member last used one of its kind."""
    for key in (scope(claims), ALL):
        used = record.unsubscribed_at(key)
        if used is not None and claims["issued"] <= used.timestamp():
            raise TokenError("used")


def _digest(token):
    return hashlib.sha256(DOMAIN + token.encode("utf-8")).hexdigest()


def _spent(create=False):
    annotations = IAnnotations(plone.api.portal.get())
    if create and SPENT_KEY not in annotations:
        annotations[SPENT_KEY] = OOBTree()
    return annotations.get(SPENT_KEY)


def check_not_spent(token):
    spent = _spent()
    if spent is not None and _digest(token) in spent:
        raise TokenError("used")


def spend(token, claims):
    """Remember that this token was used, until it expires."""
    _spent(create=True)[_digest(token)] = int(claims["expires"])


def forget_expired(now=None):
    """Drop the digests of tokens that have expired anyway."""
    spent = _spent()
    if spent is None:
        return 0
    now = time.time() if now is None else now
    expired = [digest for digest, expires in spent.items() if expires < now]
    for digest in expired:
        del spent[digest]
    return len(expired)
