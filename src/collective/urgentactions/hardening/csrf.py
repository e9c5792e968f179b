"""Which requests a foreign page can make a browser send with its login.

A browser adds the login cookie to any request to the site, also to one a
foreign page starts, so every cookie-authenticated write needs plone.protect's
CSRF token. An ``Authorization`` header cannot be forged that way, but it
proves nothing while a login cookie rides along: PAS tries the header, and
when its credentials are wrong (or made up) it falls back to the cookie. So
only a request with *no* login cookie is exempt.
"""

from collective.urgentactions import _
from plone.protect import CheckAuthenticator
from plone.protect.authenticator import check as check_token
from zExceptions import Forbidden


SESSION_EXPIRED = _("Your session has expired. Reload the page and try again.")


def session_expired(request):
    """The message for a form post without a valid CSRF token (the page was
    opened before the login expired, or the post is forged); ``None`` when
    the token is good. Every form of the add-on answers it with a 403."""
    try:
        CheckAuthenticator(request)
    except Forbidden:
        return SESSION_EXPIRED
    return None


def form_post_refusal(request):
    """Why a form's action cannot run: ``(message, status)`` for anything but
    a POST (405, with ``Allow``) or a POST without a valid token (403);
    ``None`` when it may."""
    if request.method != "POST":
        request.response.setHeader("Allow", "POST")
        return _("Use the form on the page."), 405
    expired = session_expired(request)
    if expired:
        return expired, 403
    return None


def unconfirmed(request, unticked):
    """Why a form that erases something may not go ahead: ``(message,
    status)`` for a stale token (403) or the confirmation box not ticked
    (400, ``unticked``); ``None`` when it may."""
    expired = session_expired(request)
    if expired:
        return expired, 403
    if not request.form.get("confirm"):
        return unticked, 400
    return None


# plone.session's ticket and plone.restapi's JWT cookie.
DEFAULT_COOKIES = ("__ac", "auth_token")


def login_cookies(request):
    """The names of the login cookies this site reads."""
    names = set(DEFAULT_COOKIES)
    acl_users = getattr(request.get("PARENTS", [None])[0], "acl_users", None)
    for plugin_id in ("session", "jwt_auth"):
        plugin = getattr(acl_users, plugin_id, None) if acl_users else None
        name = getattr(plugin, "cookie_name", None)
        if name:
            names.add(name)
    return names


def sends_login_cookie(request):
    cookies = getattr(request, "cookies", {}) or {}
    # API clients with a token send no cookie: no need to ask the plugins.
    return bool(cookies) and any(cookies.get(name) for name in login_cookies(request))


def has_valid_token(request):
    try:
        check_token(request)
    except Forbidden:
        return False
    return True


def needs_token(request):
    """A write by this request needs a CSRF token unless no login cookie
    came with it (cron's Basic auth, a JWT client)."""
    return sends_login_cookie(request)
