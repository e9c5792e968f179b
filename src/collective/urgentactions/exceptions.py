"""503 Service Unavailable for errors that go away when the client retries.

Zope retries a request that fails with a transient error three times: a
``ConflictError`` (another transaction changed the same objects) or ZEO's
``ClientDisconnected`` (the ZEO server is gone). When the last try fails
too, the error would end as a 500, for ``ClientDisconnected`` a bare one,
because Plone's error page itself needs the database. These exception views
answer 503 with a ``Retry-After`` header instead, for transient errors, for
``psycopg2.OperationalError`` (RelStorage's PostgreSQL is gone or refuses
connections) and for ``ReadOnlyError`` (a database opened read-only, e.g.
during maintenance), and render without touching the database.
"""

from collective.urgentactions import _
from html import escape
from Products.Five import BrowserView
from ZODB.POSException import ConflictError
from zope.i18n import translate

import json
import logging


RETRY_AFTER_SECONDS = 10
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
            message = _(
                "The database cannot be reached at the moment. Please try "
                "again in a few seconds."
            )
            # The site error log is a database object too: with no published
            # object to log against, Products.SiteErrorLog skips this error
            # instead of failing on it again (which would end in a 500).
            request["PUBLISHED"] = None
            request["PARENTS"] = []
        response = request.response
        # Locked: plone.transformchain resets the status from the exception
        # class after this view has run.
        response.setStatus(503, lock=True)
        response.setHeader("Retry-After", str(RETRY_AFTER_SECONDS))
        response.setHeader("Cache-Control", "no-store")
        title = translate(_("Service unavailable"), context=request)
        message = translate(message, context=request)
        if "text/html" not in request.getHeader("Accept", ""):
            response.setHeader("Content-Type", "application/json")
            return json.dumps({"type": "ServiceUnavailable", "message": message})
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        return (
            f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head>"
            f"<body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>"
        )
