"""Site-wide: writes to the REST API that a foreign page could forge.

plone.restapi reads a JSON body whatever the ``Content-Type`` says and
leaves CSRF to the client's token (a JWT in the ``Authorization`` header).
Plone's login cookie, though, authenticates the REST API too, and a
browser sends it with a cross-origin ``<form enctype="text/plain">`` whose
body is JSON: a foreign page could make a logged-in Manager's browser post
to ``++api++/@users`` (a new Manager account) or ``@workflow`` (publish
anything). Such a form can send neither a JSON content type nor a header.

So, with the setting ``api_writes_need_csrf`` on (the default), every write
(POST, PUT, PATCH, DELETE) to a REST service, core ones included, that comes
with the login cookie must carry plone.protect's token (``X-CSRF-TOKEN``
header or ``_authenticator`` parameter) and, when it has a body, the
content type ``application/json``; otherwise 403 before the service runs.
Clients with only an ``Authorization`` header (a JWT from ``@login``,
Basic) are not affected; ``@login`` itself stays open to log in again.
"""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import has_valid_token
from collective.urgentactions.hardening.csrf import needs_token
from plone.rest.service import Service
from Products.Five.browser import BrowserView
from zExceptions import Forbidden
from zope.i18n import translate

import json
import plone.api


WRITES = {"POST", "PUT", "PATCH", "DELETE"}
SETTING = "collective.urgentactions.api_writes_need_csrf"
OPEN_SERVICES = {"@login"}

MESSAGE = _(
    "A write to the REST API with the login cookie must be JSON (Content-Type: "
    "application/json) and carry the CSRF token (X-CSRF-TOKEN header); or "
    "authenticate with a token from @login instead of the cookie."
)


class ForgeableWrite(Forbidden):
    """A cookie-authenticated REST write without JSON or CSRF token."""


class ForgeableWriteView(BrowserView):
    """The JSON 403 of :class:`ForgeableWrite`, in the request's language."""

    def __call__(self):
        response = self.request.response
        response.setStatus(403, lock=True)
        response.setHeader("Content-Type", "application/json")
        message = translate(MESSAGE, context=self.request)
        return json.dumps({"error": {"type": "Forbidden", "message": message}})


def is_rest_service(request):
    published = request.get("PUBLISHED")
    return isinstance(getattr(published, "__self__", published), Service)


def service_name(request):
    return request.steps[-1] if request.steps else ""


def is_json(request):
    content_type = (request.getHeader("Content-Type") or "").split(";")[0]
    return content_type.strip().lower() == "application/json"


def has_body(request):
    try:
        return int(request.getHeader("Content-Length") or 0) > 0
    except ValueError:
        return True


def refuse_forgeable_api_writes(event):
    """After traversal (the service and the user are known): refuse a
    cookie-authenticated REST write that is not JSON or has no token."""
    request = event.request
    if request.method not in WRITES or not is_rest_service(request):
        return
    if service_name(request) in OPEN_SERVICES or not needs_token(request):
        return
    if not plone.api.portal.get_registry_record(SETTING, default=True):
        return
    if (has_body(request) and not is_json(request)) or not has_valid_token(request):
        raise ForgeableWrite(translate(MESSAGE, context=request))
