"""What the add-on's services share: JSON errors, request bodies, CSRF.

Errors are plone.restapi's ``{"error": {"type": ..., "message": ...}}`` with
the message translated to the request's language. An error dooms the
transaction, so a request that fails has written nothing.
"""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import has_valid_token
from collective.urgentactions.hardening.csrf import needs_token
from collective.urgentactions.letters.rules import LetterError
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.exceptions import DeserializationError
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse

import plone.api
import transaction


# The largest request body a service reads (bytes).
MAX_BODY_SIZE = 10_000

ERROR_TYPES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    413: "RequestEntityTooLarge",
    429: "TooManyRequests",
}


def iso(value):
    """A date or time as ISO 8601, ``None`` as ``None`` (JSON null)."""
    return value.isoformat() if value is not None else None


def refuse_unknown(given, allowed, message):
    """A 400 naming the keys of ``given`` that are not ``allowed``;
    ``message(names, allowed)`` words it."""
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        names = ", ".join(name[:40] for name in unknown[:5])
        raise ApiError(400, message(names, ", ".join(allowed)))


class ApiError(Exception):
    """A request the service refuses: an HTTP status and a message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class ApiService(Service):
    """A plone.restapi service whose ``handle`` may raise :class:`ApiError`
    or the letter rules' ``LetterError``; both become JSON errors."""

    def reply(self):
        try:
            return self.handle()
        except (ApiError, LetterError) as error:
            return self.error(error.status, error.message)

    def handle(self):
        raise NotImplementedError

    def error(self, status, message):
        transaction.doom()
        response = self.request.response
        response.setStatus(status)
        if status == 401:
            response.setHeader("WWW-Authenticate", 'Bearer realm="Plone"')
        return {
            "error": {
                "type": ERROR_TYPES[status],
                "message": translate(message, context=self.request),
            }
        }

    def read_body(self, allowed, max_size=MAX_BODY_SIZE):
        """The JSON object of the request body (at most ``max_size``
        bytes), with no other keys than ``allowed``."""
        try:
            declared = int(self.request.getHeader("Content-Length") or 0)
        except ValueError:
            declared = 0
        body = self.request.get("BODY") or b""
        if max(declared, len(body)) > max_size:
            raise ApiError(
                413,
                _(
                    "The request body is too large (at most ${size} bytes).",
                    mapping={"size": max_size},
                ),
            )
        try:
            data = json_body(self.request)
        except DeserializationError:
            raise ApiError(400, _("The request body must be a JSON object."))
        refuse_unknown(
            data,
            allowed,
            lambda names, allowed: _(
                "Unknown field: ${names}. Allowed: ${allowed}.",
                mapping={"names": names, "allowed": allowed},
            ),
        )
        return data

    def protect_write(self):
        """Refuse a cookie-authenticated write without a valid CSRF token.

        Browsers send the login cookie with any request, also one a foreign
        page makes them send, so a write that comes with the login cookie
        needs plone.protect's token (the ``X-CSRF-TOKEN`` header or an
        ``_authenticator`` parameter), whatever ``Authorization`` header it
        also has (see :mod:`collective.urgentactions.hardening.csrf`). A
        request with only an ``Authorization`` header (a JWT from
        ``@login``, or Basic) cannot be forged that way and needs none."""
        if (
            not plone.api.user.is_anonymous()
            and needs_token(self.request)
            and not has_valid_token(self.request)
        ):
            raise ApiError(
                403,
                _(
                    "Missing or invalid CSRF token: send the X-CSRF-TOKEN "
                    "header, or authenticate with a token from @login."
                ),
            )
        # Checked here: plone.protect's automatic check need not run again.
        alsoProvides(self.request, IDisableCSRFProtection)


@implementer(IPublishTraverse)
class SubPathService(ApiService):
    """A service with names after it in the URL (``@letters/offline``,
    ``@urgent-actions/065-20``), collected in ``params``."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self
