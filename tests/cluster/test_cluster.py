"""Two Zope instances on one ZEO server behind HAProxy serve one site:
requests are balanced, and members counting letters at the same moment on
different instances lose no press."""

from urllib.parse import urlsplit

import http.client
import json
import pytest
import time
import uuid


pytestmark = pytest.mark.cluster


def test_pages_are_served_by_both_instances(bench, zeo_cluster, ua_url):
    client = bench.Http(zeo_cluster.url)
    statuses = [client.request("GET", ua_url)[0] for _ in range(12)]
    client.close()

    assert statuses == [200] * 12
    path = urlsplit(ua_url).path
    for number in (1, 2):
        access_log = zeo_cluster.instance_dir(number) / "access.log"
        assert f"GET {path} " in access_log.read_text()


def test_concurrent_presses_on_both_instances_are_all_stored(
    bench, site, ua_url, members
):
    before = site.letters(ua_url)["total"]
    mine_before = {u: site.letters(ua_url, t)["mine"] for u, t in members.items()}

    results = bench.member_presses(
        site.url.rsplit("/", 1)[0],
        ua_url,
        members,
        dict.fromkeys(members, 3),
        seconds=60,
        max_requests=1000,
    )

    assert results.statuses == {201: 3 * len(members)}
    # ZEO delivers the other instance's invalidations asynchronously.
    time.sleep(1)
    assert site.letters(ua_url)["total"] == before + 3 * len(members)
    for userid, token in members.items():
        assert site.letters(ua_url, token)["mine"] == mine_before[userid] + 3


def test_anonymous_visitors_see_the_total_from_either_instance(
    bench, zeo_cluster, site, ua_url
):
    time.sleep(1)  # invalidations of the last presses have arrived
    client = bench.Http(zeo_cluster.url)
    totals = {
        client.request(
            "GET", f"{ua_url}/@letters", headers={"Accept": "application/json"}
        )[1]["total"]
        for _ in range(6)
    }
    client.close()

    assert totals == {site.letters(ua_url)["total"]}


def instance_client(bench, zeo_cluster, number):
    return bench.Http(f"http://127.0.0.1:{zeo_cluster.instance_ports[number - 1]}")


def test_a_member_registered_through_one_instance_logs_in_through_the_other(
    bench, zeo_cluster, site
):
    """server-sync: the login through the second instance sees the account
    the first one committed a moment before (without it, 5 of 30 failed on a
    busy machine)."""
    first, second = (instance_client(bench, zeo_cluster, n) for n in (1, 2))
    admin = bench.json_headers(site.admin)
    failed = []
    for number in range(30):
        userid = f"ryw-{uuid.uuid4().hex[:8]}-{number}"
        status, _, _ = first.request(
            "POST",
            f"{site.url}/@users",
            {
                "username": userid,
                "email": f"{userid}@example.org",
                "password": bench.MEMBER_PASSWORD,
            },
            admin,
        )
        assert status == 201
        status, data, _ = second.request(
            "POST",
            f"{site.url}/@login",
            {"login": userid, "password": bench.MEMBER_PASSWORD},
            bench.json_headers(),
        )
        if status != 200:
            failed.append((userid, status, data))
    first.close()
    second.close()

    assert failed == []


def test_a_press_is_seen_at_once_through_the_other_instance(
    bench, zeo_cluster, site, ua_url, members
):
    first, second = (instance_client(bench, zeo_cluster, n) for n in (1, 2))
    token = next(iter(members.values()))
    cap = site.letters(ua_url)["cap"]
    site.set_cap(1000)
    try:
        stale = []
        for _ in range(20):
            status, pressed, _ = bench.press(first, ua_url, token, 1, uuid.uuid4().hex)
            assert status == 201
            status, seen, _ = second.request(
                "GET", f"{ua_url}/@letters", headers=bench.json_headers(token)
            )
            assert status == 200
            if (seen["mine"], seen["total"]) < (pressed["mine"], pressed["total"]):
                stale.append((pressed["mine"], seen["mine"]))
    finally:
        site.set_cap(cap)
        first.close()
        second.close()

    assert stale == []


def raw_request(port, method, url, headers, body=None):
    """``(status, headers, body)`` straight from one instance."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    path = urlsplit(url)._replace(scheme="", netloc="").geturl()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    answer = response.status, response.headers, response.read()
    connection.close()
    return answer


def test_zeo_server_gone_answers_503_with_retry_after_then_recovers(
    bench, zeo_cluster, ua_url, members
):
    """With server-sync, even a page every instance has cached needs the ZEO
    server; while it is gone, the WSGI filter answers 503 with Retry-After,
    never 500. (Last in this module: it stops the server.)"""
    port = zeo_cluster.instance_ports[0]
    token = next(iter(members.values()))
    page = {"Accept": "text/html"}
    press = dict(bench.json_headers(token), **{"Content-Type": "application/json"})
    body = json.dumps({"quantity": 1, "submission_id": uuid.uuid4().hex})
    assert raw_request(port, "GET", ua_url, page)[0] == 200
    zeo_cluster.stop_server()
    try:
        answers = [
            raw_request(port, "GET", ua_url, page),
            raw_request(port, "POST", f"{ua_url}/@letters", press, body),
        ]
    finally:
        zeo_cluster.start_server()

    for status, headers, data in answers:
        assert status == 503, (status, data[:300])
        assert headers["Retry-After"] == "10"
    assert b"<h1>Service unavailable</h1>" in answers[0][2]
    assert json.loads(answers[1][2])["type"] == "ServiceUnavailable"
    deadline = time.monotonic() + 60
    while raw_request(port, "GET", ua_url, page)[0] != 200:
        assert time.monotonic() < deadline, "the instance did not recover in 60 s"
        time.sleep(0.5)
