"""503 Service Unavailable for errors that go away when the client retries.

Zope retries a request that fails with a transient error three times: a
``ConflictError`` (another transaction changed the same objects) or ZEO's
``ClientDisconnected`` (the ZEO server is gone). When the last try fails
too, the error would end as a 500, for ``ClientDisconnected`` a bare one,
because Plone's error page itself needs the database. These exception views
answer 503 with a ``Retry-After`` header instead, for transient errors, for
``psycopg2.OperationalError`` (RelStorage's PostgreSQL is gone or refuses
connections), for ``ReadOnlyError`` (a database opened read-only, e.g.
during maintenance) and for ZEO's ``ServerException`` (a ZEO server that
stops while it votes on a commit answers with the error it stopped on;
nothing was saved), and render without touching the database.
"""

from collective.urgentactions import _
from html import escape
from Products.Five import BrowserView
from ZODB.POSException import ConflictError
from zope.i18n import translate

import json
import logging


RETRY_AFTER_SECONDS = 10
UNAVAILABLE_MARK = "collective.urgentactions.unavailable"
DATABASE_UNREACHABLE = _(
    "The database cannot be reached at the moment. Please try again in a few seconds."
)
logger = logging.getLogger(__name__)


class ServiceUnavailableView(BrowserView):
    """Exception view: 503, try again in a few seconds."""

    def __call__(self):
        request = self.request
        logger.warning(
            "%s %s: %r, answering 503",
            request.get("REQUEST_METHOD"),
            request.get("ACTUAL_URL"),
            self.context,
        )
        if isinstance(self.context, ConflictError):
            message = _(
                "Too many changes at the same moment: nothing was saved. "
                "Please try again."
            )
        else:
            message = DATABASE_UNREACHABLE
            # The site error log is a database object too: with no published
            # object to log against, Products.SiteErrorLog skips this error
            # instead of failing on it again (which would end in a 500).
            request["PUBLISHED"] = None
            request["PARENTS"] = []
        # Zope's publisher loses this answer when the error came from
        # ``transaction.begin()`` (ZEO's server-sync); the WSGI filter
        # (``middleware``) answers 503 then, seeing this mark in the dict it
        # put into the environment (the request has a copy of the environment,
        # but the same dict).
        mark = request.environ.get(UNAVAILABLE_MARK)
        if mark is not None:
            mark["error"] = repr(self.context)
        response = request.response
        # Locked: plone.transformchain resets the status from the exception
        # class after this view has run.
        response.setStatus(503, lock=True)
        content_type, body = unavailable_body(
            message,
            request.getHeader("Accept", ""),
            lambda m: translate(m, context=request),
        )
        for name, value in unavailable_headers(content_type):
            response.setHeader(name, value)
        return body


def unavailable_headers(content_type):
    """The headers of a 503 answer (exception view and WSGI middleware)."""
    return [
        ("Retry-After", str(RETRY_AFTER_SECONDS)),
        ("Cache-Control", "no-store"),
        ("Content-Type", content_type),
    ]


def unavailable_body(message, accept, translate_message):
    """``(content type, body)`` of a 503 answer: JSON unless the client
    asks for HTML."""
    title = translate_message(_("Service unavailable"))
    message = translate_message(message)
    if "text/html" not in accept:
        return "application/json", json.dumps(
            {"type": "ServiceUnavailable", "message": message}
        )
    return "text/html; charset=utf-8", (
        f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head>"
        f"<body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>"
    )
