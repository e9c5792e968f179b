"""Rate limits that keep counts honest: letters counted per member and per
client address, logins and registrations per client address (and logins
per login name).

Built on ``limits`` (moving windows). The limiter's storage is the memory
of each Zope process and holds, per key, only the times of the hits inside
the window; a key is a salted SHA-256 of the member id, address or login
name (the salt is random per process and never stored), so no address is
kept anywhere, nor beyond the window. With several instances each counts
on its own: behind a load balancer the effective limit is the number of
instances times the limit (see ``docs/security.md``). Requests without a
client address (scripts, tests calling the rules directly) are not
limited. Behind a proxy, Zope must be told to trust it (``trusted-proxy``
in ``zope.conf``), or every visitor has the proxy's address. Load tests
and benchmarks switch the limits off with the environment variable
``COLLECTIVE_URGENTACTIONS_RATE_LIMITS=off`` (``make bench-contention``,
``make test-cluster``, ``make test-faults`` do: they register and press
far faster than people, all from one address).
"""

from collective.urgentactions.hardening.errors import error_answer
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from Products.Five.browser import BrowserView
from zope.globalrequest import getRequest

import hashlib
import json
import math
import os
import plone.api
import time


LIMITS = {
    "press-member": parse("20 per minute"),
    "press-address": parse("120 per minute"),
    "login-address": parse("30 per 5 minutes"),
    "login-name": parse("10 per 5 minutes"),
    "register-address": parse("5 per hour"),
}
SWITCH = "COLLECTIVE_URGENTACTIONS_RATE_LIMITS"
_SALT = os.urandom(16)
_storage = MemoryStorage()
_limiter = MovingWindowRateLimiter(_storage)

LOGIN_VIEWS = {"login", "@login", "login_form", "mail_password", "@reset-password"}
REGISTER_VIEWS = {"register", "@users"}


class TooManyRequests(Exception):
    """Answered with 429 and ``Retry-After``."""

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


def _key(value):
    return hashlib.sha256(_SALT + str(value).encode("utf-8")).hexdigest()


def client_address(request=None):
    request = request if request is not None else getRequest()
    if request is None:
        return ""
    return request.getClientAddr() or ""


def hit(name, value):
    """Count one hit; the seconds to wait when over the limit, else 0."""
    if os.environ.get(SWITCH) == "off":
        return 0
    limit = LIMITS[name]
    key = _key(value)
    if _limiter.hit(limit, name, key):
        return 0
    reset = _limiter.get_window_stats(limit, name, key).reset_time
    return max(1, math.ceil(reset - time.time()))


def reset():
    """Forget every hit (tests)."""
    _storage.reset()


def check_press(userid, request=None):
    """Seconds to wait before this member (or address) may count again."""
    address = client_address(request)
    if not address:
        return 0
    return max(hit("press-member", userid), hit("press-address", address))


def _login_name(request):
    name = request.form.get("__ac_name") or request.form.get("login")
    if not name and request.get("BODY"):
        try:
            name = json.loads(request.get("BODY")).get("login")
        except (ValueError, AttributeError):
            name = None
    return name if isinstance(name, str) else None


def limit_logins_and_registrations(event):
    """``IPubAfterTraversal``: POSTs to the login and registration pages and
    services count against their limits before the login is tried."""
    request = event.request
    if request.get("REQUEST_METHOD") != "POST":
        return
    address = client_address(request)
    step = (request.steps[-1] if request.steps else "").removeprefix("@@")
    wait = 0
    if step in LOGIN_VIEWS and address:
        wait = hit("login-address", address)
        name = _login_name(request)
        if name:
            wait = max(wait, hit("login-name", name))
    elif step in REGISTER_VIEWS and address and plone.api.user.is_anonymous():
        wait = hit("register-address", address)
    if wait:
        raise TooManyRequests(
            f"Too many attempts. Try again in {wait} seconds.", retry_after=wait
        )


class TooManyRequestsView(BrowserView):
    """429 with ``Retry-After``, as JSON or a short page."""

    def __call__(self):
        self.request.response.setHeader("Retry-After", str(self.context.retry_after))
        return error_answer(
            self.request,
            429,
            "TooManyRequests",
            "Too many requests",
            str(self.context),
        )
