"""RelStorage on PostgreSQL behind HAProxy: with PostgreSQL stopped, every
request answers 503 with Retry-After, never 500, and the site serves again
once PostgreSQL is back."""

from test_cluster import raw_request

import json
import pytest
import time


pytestmark = pytest.mark.cluster


def test_postgresql_stopped_answers_503_with_retry_after(bench, relstorage_cluster):
    site = bench.Site(f"{relstorage_cluster.url}/Plone")
    ua_url = site.open_ua()
    token = site.login(site.ensure_members(1, prefix="relstorage-member")[0])
    press = dict(bench.json_headers(token), **{"Content-Type": "application/json"})
    page = {"Accept": "text/html"}
    targets = [
        *relstorage_cluster.instance_ports,  # each instance itself
        relstorage_cluster.port,  # and through HAProxy
    ]
    relstorage_cluster.stop_server()
    try:
        answers = []
        for port in targets:
            answers.append(raw_request(port, "GET", ua_url, page))
            answers.append(
                raw_request(
                    port, "POST", f"{ua_url}/@letters", press, b'{"quantity": 1}'
                )
            )
    finally:
        relstorage_cluster.start_server()

    for status, headers, body in answers:
        assert status == 503, (status, body[:300])
        assert headers["Retry-After"] == "10"
    assert json.loads(answers[1][2])["type"] == "ServiceUnavailable"
    assert b"Service unavailable" in answers[0][2]
    deadline = time.monotonic() + 60
    for port in targets:
        while raw_request(port, "GET", ua_url, page)[0] != 200:
            assert time.monotonic() < deadline, f"port {port} did not recover"
            time.sleep(0.5)
