"""WSGI middleware: 503 with Retry-After when the database is out of reach
before Zope can publish anything.

The add-on's exception views (``exceptions``) answer 503 for errors raised
while a request is published. Some errors come earlier, where no exception
view applies and Zope's publisher ends in a 500:

* ZEO with ``server-sync on`` asks the server at the start of every
  transaction (so that every read sees every write committed before it);
  while the server is gone, ``transaction.begin()`` fails with
  ``ClientDisconnected``. After Zope's retries the exception view renders
  its 503, but the publisher, whose transaction never began, drops it and
  raises ``RuntimeError: generator didn't yield``; the view left a mark in
  a dict this filter put into the WSGI environment
  (``exceptions.UNAVAILABLE_MARK``);
* RelStorage polls PostgreSQL when Zope opens the ZODB connection, before
  the request is published; with PostgreSQL stopped that fails with
  ``psycopg2.OperationalError`` (or ``InterfaceError``).

This filter catches those where they surface, at the WSGI call, and answers
the same 503 as the exception views. Any other error passes through
unchanged. Use it in the ``[pipeline:main]`` of ``zope.ini``, right before
``zope``::

    [filter:unavailable]
    use = egg:collective.urgentactions#unavailable
"""

from collective.urgentactions.exceptions import DATABASE_UNREACHABLE
from collective.urgentactions.exceptions import unavailable_body
from collective.urgentactions.exceptions import unavailable_headers
from collective.urgentactions.exceptions import UNAVAILABLE_MARK
from transaction.interfaces import TransientError
from ZODB.POSException import ReadOnlyError
from zope.i18n import translate

import logging


logger = logging.getLogger(__name__)
LANGUAGES = ("en", "de", "fr", "it")


def _unreachable_errors():
    errors = [TransientError, ReadOnlyError]
    try:
        import psycopg2
    except ImportError:  # pragma: no cover - RelStorage's PostgreSQL driver
        pass
    else:
        errors += [psycopg2.OperationalError, psycopg2.InterfaceError]
    return tuple(errors)


UNREACHABLE = _unreachable_errors()


def database_error(error):
    """The database error behind ``error`` (itself or its causes), or None."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNREACHABLE):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def preferred_language(accept_language):
    """The first of the add-on's languages in an Accept-Language header."""
    ranked = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip()[:2].lower()))
    for _quality, _position, language in sorted(ranked):
        if language in LANGUAGES:
            return language
    return "en"


class Unavailable:
    """Wraps the Zope WSGI application (see the module docstring)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        mark = environ[UNAVAILABLE_MARK] = {}
        try:
            return self.app(environ, start_response)
        except Exception as error:
            cause = database_error(error) or mark.get("error")
            if cause is None:
                raise
            logger.warning(
                "%s %s: %r before publishing, answering 503",
                environ.get("REQUEST_METHOD"),
                environ.get("PATH_INFO"),
                cause,
            )
            language = preferred_language(environ.get("HTTP_ACCEPT_LANGUAGE", ""))
            content_type, body = unavailable_body(
                DATABASE_UNREACHABLE,
                environ.get("HTTP_ACCEPT", ""),
                lambda message: translate(message, target_language=language),
            )
            body = body.encode("utf-8")
            headers = [
                *unavailable_headers(content_type),
                ("Content-Length", str(len(body))),
            ]
            start_response("503 Service Unavailable", headers)
            return [body]


def filter_app_factory(app, global_conf, **local_conf):
    """PasteDeploy entry point ``egg:collective.urgentactions#unavailable``."""
    return Unavailable(app)
