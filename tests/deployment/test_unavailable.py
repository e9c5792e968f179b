"""The WSGI filter of every instance answers 503 with Retry-After when the
database is out of reach before Zope can publish (ZEO's server-sync at the
start of the transaction, RelStorage polling PostgreSQL on opening the
connection), and lets everything else through."""

from collective.urgentactions.exceptions import UNAVAILABLE_MARK
from paste.deploy import loadfilter
from pathlib import Path
from ZEO.Exceptions import ClientDisconnected

import json
import psycopg2
import pytest


ROOT = Path(__file__).parents[2]
TEMPLATES = [ROOT / "etc" / "zope.ini.in", ROOT / "etc" / "cluster" / "zope.ini.in"]


def environ(accept="application/json", language=""):
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/Plone/urgent-actions/2020/04/case/@letters",
        "HTTP_ACCEPT": accept,
        "HTTP_ACCEPT_LANGUAGE": language,
    }


def failing_like_zope(error):
    """An app failing as Zope 6's publisher does when ``transaction.begin()``
    raised on the last try: the exception view has rendered (and marked the
    environment), then the publisher raises a RuntimeError of its own."""

    def app(environ, start_response):
        environ[UNAVAILABLE_MARK]["error"] = repr(error)
        raise RuntimeError("generator didn't yield")

    return app


def failing_before_publishing(error):
    """An app failing where no exception view applies (RelStorage polling
    PostgreSQL when Zope opens the connection)."""

    def app(environ, start_response):
        raise error

    return app


def call(filtered, env):
    answer = {}

    def start_response(status, headers):
        answer["status"] = status
        answer["headers"] = dict(headers)

    body = b"".join(filtered(env, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture(params=TEMPLATES, ids=lambda path: path.parent.name + "/zope.ini")
def wrap(request, tmp_path):
    """``wrap(app)``: the app behind the ``unavailable`` filter of the ini."""
    ini = tmp_path / "zope.ini"
    ini.write_text(
        request.param.read_text()
        .replace("@VAR@", str(tmp_path))
        .replace("@INSTANCE@", str(tmp_path))
        .replace("@PORT@", "0")
        .replace("@THREADS@", "1")
    )
    assert "    unavailable\n    zope" in ini.read_text()
    factory = loadfilter(f"config:{ini}", name="unavailable")
    return factory


@pytest.mark.parametrize(
    "error",
    [
        ClientDisconnected("timed out waiting for connection"),
        psycopg2.OperationalError("server closed the connection unexpectedly"),
        psycopg2.InterfaceError("connection already closed"),
    ],
    ids=lambda error: type(error).__name__,
)
@pytest.mark.parametrize("failing", [failing_like_zope, failing_before_publishing])
def test_database_out_of_reach_answers_503_with_retry_after(wrap, error, failing):
    status, headers, body = call(wrap(failing(error)), environ())

    assert status == "503 Service Unavailable"
    assert headers["Retry-After"] == "10"
    assert headers["Cache-Control"] == "no-store"
    data = json.loads(body)
    assert data["type"] == "ServiceUnavailable"
    assert "try again" in data["message"]


def test_an_error_caused_by_an_unreachable_database_is_caught(wrap):
    def app(environ, start_response):
        try:
            raise psycopg2.OperationalError("could not connect to server")
        except psycopg2.OperationalError as error:
            raise KeyError("while opening the connection") from error

    status, _headers, _ = call(wrap(app), environ())

    assert status.startswith("503")


def test_browsers_get_a_page(wrap):
    app = failing_like_zope(ClientDisconnected())

    status, headers, body = call(wrap(app), environ("text/html,*/*;q=0.8"))

    assert status.startswith("503")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"<h1>Service unavailable</h1>" in body


def test_other_errors_pass_through(wrap):
    with pytest.raises(KeyError):
        call(wrap(failing_before_publishing(KeyError("bug"))), environ())


def test_a_publisher_error_without_the_mark_passes_through(wrap):
    def app(environ, start_response):
        raise RuntimeError("generator didn't yield")

    with pytest.raises(RuntimeError):
        call(wrap(app), environ())


def test_answers_pass_through(wrap):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"fine"]

    assert call(wrap(app), environ()) == (
        "200 OK",
        {"Content-Type": "text/plain"},
        b"fine",
    )


def test_the_message_is_in_the_visitors_language(portal):
    from collective.urgentactions.middleware import Unavailable

    app = Unavailable(failing_like_zope(ClientDisconnected()))

    _, _, body = call(app, environ(language="fr-CH;q=0.5, de;q=0.9, en;q=0.1"))

    assert json.loads(body)["message"].startswith("Die Datenbank ist im Moment")
