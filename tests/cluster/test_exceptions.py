"""While the database cannot be reached, or when a ConflictError outlasts
Zope's retries, the add-on's exception views answer 503 with Retry-After (not
Plone's 500 error page, which needs the database)."""

from collective.urgentactions.exceptions import ServiceUnavailableView
from collective.urgentactions.exceptions import UNAVAILABLE_MARK
from ZEO.Exceptions import ClientDisconnected
from ZEO.Exceptions import ServerException
from ZODB.POSException import ConflictError
from ZODB.POSException import ReadOnlyError
from zope.component import getMultiAdapter

import json
import psycopg2
import pytest


ERRORS = [
    ClientDisconnected("timed out waiting for connection"),
    psycopg2.OperationalError("server closed the connection unexpectedly"),
    ReadOnlyError(),
    ConflictError(),
    # What a ZEO server stopping during the vote answered in the fault loop.
    ServerException(
        "builtins.SystemError",
        (
            "<built-in method read of _io.BufferedRandom object> returned a "
            "result with an exception set",
        ),
    ),
]


def error_view(portal, error, accept):
    request = portal.REQUEST
    request.environ["HTTP_ACCEPT"] = accept
    return getMultiAdapter((error, request), name="index.html")


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_api_clients_get_503_as_json(portal, error):
    view = error_view(portal, error, "application/json")

    body = json.loads(view())

    assert isinstance(view, ServiceUnavailableView)
    response = portal.REQUEST.response
    assert response.getStatus() == 503
    assert response.getHeader("Retry-After") == "10"
    assert body["type"] == "ServiceUnavailable"
    assert "try again" in body["message"]


def test_browsers_get_a_plain_page(portal):
    body = error_view(portal, ClientDisconnected(), "text/html,*/*;q=0.8")()

    assert portal.REQUEST.response.getStatus() == 503
    assert "<h1>Service unavailable</h1>" in body
    assert "The database cannot be reached at the moment." in body


def test_the_status_stays_503_when_the_publisher_resets_it(portal):
    error_view(portal, ClientDisconnected(), "application/json")()

    # plone.transformchain sets the status from the exception class (500)
    # after the exception view has run.
    portal.REQUEST.response.setStatus(ClientDisconnected)

    assert portal.REQUEST.response.getStatus() == 503


def test_a_conflict_says_that_nothing_was_saved(portal):
    body = json.loads(error_view(portal, ConflictError(), "application/json")())

    assert portal.REQUEST.response.getStatus() == 503
    assert body["message"] == (
        "Too many changes at the same moment: nothing was saved. Please try again."
    )


def test_the_view_marks_the_wsgi_environment_for_the_middleware(portal):
    mark = portal.REQUEST.environ[UNAVAILABLE_MARK] = {}

    error_view(portal, ClientDisconnected("gone"), "application/json")()

    assert "ClientDisconnected" in mark["error"]
