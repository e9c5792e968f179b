"""Two Zope instances on one ZEO server behind HAProxy serve one site:
requests are balanced, and members counting letters at the same moment on
different instances lose no press."""

from urllib.parse import urlsplit

import pytest
import time


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
