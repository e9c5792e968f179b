"""Bad sources and networks: timeouts, 5xx, malformed or oversized JSON, a
UA number that collides, a source that is gone. Each is a clear entry in
the sync log, nothing is half-imported, and the next sync resumes."""

from collective.urgentactions.syndication import client
from collective.urgentactions.syndication import worker
from collective.urgentactions.testing import create_ua
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from syndication_helpers import on

import json
import plone.api
import pytest
import requests
import socket
import threading
import time
import transaction


DEFAULT_TIMEOUT = client.READ_TIMEOUT


class FakeSource:
    """A local HTTP server answering what a test tells it: ``routes`` maps
    a path to ``(status, body)``, ``"hang"`` (3 s) or ``"hold"`` (until
    ``release`` is set)."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                fake.requests.append(path)
                answer = fake.routes.get(path, (404, b"{}"))
                if answer == "hang":
                    time.sleep(3)
                    answer = (200, b"{}")
                if answer == "hold":
                    fake.release.wait(60)
                    answer = (200, b"{}")
                status, body = answer
                if isinstance(body, dict):
                    body = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

            do_PUT = do_GET

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/Plone"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    server = FakeSource()
    yield server
    server.stop()


def listing(*items):
    return {
        "@id": "x",
        "items": list(items),
        "items_total": len(items),
        "server_time": "2026-01-01T00:00:00+00:00",
    }


class TestBadSources:
    @pytest.fixture(autouse=True)
    def _setup(self, sites, fake, monkeypatch):
        self.sites = sites
        self.fake = fake
        self.monkeypatch = monkeypatch
        # Short enough to prove the timeout, long enough for the fake source.
        monkeypatch.setattr(client, "READ_TIMEOUT", 1.0)
        self.uid = sites.make_case(ua_number="065/20")
        sites.add_source(url=fake.url)

    def point_to(self, url):
        with on(self.sites.section):
            self.sites.source_record().url = url

    def errors(self):
        return [text for level, text in self.sites.log() if level == "error"]

    def imported(self):
        return self.sites.copy(self.uid) is not None

    def list_one_case(self, name):
        """The fake source lists one open case, ``name`` (UID ``name-uid``);
        returns its URL and the route that answers it."""
        route = f"/Plone/urgent-actions/2020/04/{name}"
        case_url = self.fake.url + route.removeprefix("/Plone")
        self.fake.routes["/Plone/@urgent-actions"] = (
            200,
            listing(
                {
                    "@id": case_url,
                    "UID": f"{name}-uid",
                    "changed": "2026-01-01T00:00:00+00:00",
                    "status": "open",
                }
            ),
        )
        return case_url, route

    def resumes(self):
        """Pointed back at the real source, the next sync imports."""
        self.monkeypatch.setattr(client, "READ_TIMEOUT", DEFAULT_TIMEOUT)
        self.point_to(self.sites.source_url)
        self.sites.sync()
        assert self.imported(), self.sites.log()

    def test_a_source_answering_500(self):
        self.fake.routes["/Plone/@urgent-actions"] = (500, b"Internal Server Error")
        self.sites.sync()
        assert any("HTTP 500" in text for text in self.errors())
        assert self.sites.source_record().cursor is None
        self.resumes()

    def test_a_source_answering_garbage(self):
        self.fake.routes["/Plone/@urgent-actions"] = (200, b"<html>Welcome!</html>")
        self.sites.sync()
        assert "The source's answer is not valid JSON." in self.errors()
        self.resumes()

    def test_a_source_that_hangs(self):
        self.fake.routes["/Plone/@urgent-actions"] = "hang"
        started = time.monotonic()
        self.sites.sync()
        assert time.monotonic() - started < 3
        assert any("did not answer within 1 seconds" in t for t in self.errors())
        self.resumes()

    def test_an_oversized_answer(self, monkeypatch):
        monkeypatch.setattr(client, "MAX_JSON_BYTES", 1000)
        self.fake.routes["/Plone/@urgent-actions"] = (
            200,
            json.dumps(listing()).encode() + b" " * 2000,
        )
        self.sites.sync()
        assert any("larger than the limit of 1000 bytes" in t for t in self.errors())

    def test_a_source_that_is_gone(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.point_to(f"http://127.0.0.1:{port}/Plone")
        self.sites.sync()
        assert any("cannot be reached" in text for text in self.errors())
        self.resumes()

    def test_a_malformed_case_is_not_half_imported(self):
        case_url, route = self.list_one_case("bad")
        self.fake.routes[route] = (
            200,
            {
                "@id": case_url,
                "UID": "bad-uid",
                "ua_number": "065/20",
                "title": "A case",
                "ai_index": "not an index",
                "country": {"token": "BY"},
                "issue_date": "2020-04-28",
                "@components": {"updates": {"items": []}, "templates": {"items": []}},
            },
        )
        self.sites.sync()
        assert any("its field ai_index" in text for text in self.errors())
        with on(self.sites.section):
            catalog = plone.api.portal.get_tool("portal_catalog")
            assert (
                len(catalog.unrestrictedSearchResults(portal_type="UrgentAction")) == 0
            )
            assert list(self.sites.source_record().failed) == ["bad-uid"]

    def test_a_case_gone_from_the_source_leaves_the_copy_alone(self):
        _case_url, route = self.list_one_case("gone")
        self.fake.routes[route] = (404, b"{}")
        self.sites.sync()
        assert any(
            "is gone from the source; the copy here stays" in text
            for text in self.errors()
        )
        # Not retried for ever: the next sync does not ask for it again.
        assert dict(self.sites.source_record().failed) == {}

    def test_a_colliding_ua_number_waits_for_the_editor(self):
        # The real source answers, slowly on a busy machine.
        self.monkeypatch.setattr(client, "READ_TIMEOUT", DEFAULT_TIMEOUT)
        with on(self.sites.section):
            local = create_ua(
                self.sites.section["urgent-actions"], "published", title="Local case"
            )
            local_uid = local.UID()
        self.point_to(self.sites.source_url)
        self.sites.sync()
        assert any(
            "UA 065/20 from International Secretariat was not imported" in text
            for text in self.errors()
        )
        assert not self.imported()
        with on(self.sites.section):
            plone.api.content.get(UID=local_uid).ua_number = "066/20"
            plone.api.content.get(UID=local_uid).reindexObject()
        self.sites.sync()
        assert self.imported(), self.sites.log()

    def test_a_sync_waiting_for_its_source_blocks_no_page(self):
        self.monkeypatch.setattr(client, "READ_TIMEOUT", DEFAULT_TIMEOUT)
        self.fake.routes["/Plone/@urgent-actions"] = "hold"
        asked = self.sites.ask_section("sync-sources")
        assert asked.status_code == 200, asked.text
        deadline = time.monotonic() + 30
        while "/Plone/@urgent-actions" not in self.fake.requests:
            assert time.monotonic() < deadline, "the sync did not start"
            time.sleep(0.1)
        page = requests.get(self.sites.section_url, timeout=30)
        assert page.status_code == 200
        # The sync was still waiting for the source while the page answered.
        assert not worker.wait_for_workers(timeout=0)
        self.fake.release.set()
        assert worker.wait_for_workers(60)
        transaction.begin()
        assert any("server_time" in text for text in self.errors())
