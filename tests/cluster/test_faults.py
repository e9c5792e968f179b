"""Faults under load: members keep pressing "I sent a letter" while an
instance is killed or the ZEO server restarts. Every press acknowledged with
201 is stored, the cluster recovers, and an outage of the database answers
503, never 500."""

import pytest
import time


pytestmark = [pytest.mark.cluster, pytest.mark.slow]


@pytest.fixture(autouse=True)
def high_cap(site):
    """Members press for a minute; lift the site's cap per member."""
    cap = site.letters(site.open_ua())["cap"]
    site.set_cap(1000)
    yield
    site.set_cap(cap)


@pytest.fixture
def members(site, request):
    """Twelve members of this test's own: a request of another test that is
    still on its way cannot change their counts."""
    prefix = "faults-" + request.function.__name__.split("_")[1]
    userids = site.ensure_members(12, prefix=prefix)
    return {userid: site.login(userid) for userid in userids}


def assert_acknowledged_presses_stored(
    site, ua_url, members, load, before, mine_before
):
    """Each member has at least their acknowledged presses and at most the
    presses that reached the site; the total adds up the members' counts."""
    time.sleep(1)  # ZEO delivers invalidations to the other instance asynchronously
    added = 0
    for userid, token in members.items():
        mine = site.letters(ua_url, token)["mine"] - mine_before[userid]
        acknowledged, sent = load.acknowledged(userid), load.sent(userid)
        assert acknowledged <= mine <= sent, (
            f"{userid}: {acknowledged} acknowledged, {sent} sent, {mine} stored"
        )
        added += mine
    assert site.letters(ua_url)["total"] == before + added


def wait_for_press(bench, zeo_cluster, ua_url, token, timeout=90):
    """Seconds until a press is acknowledged again."""
    client = bench.Http(zeo_cluster.url, timeout=60)
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if bench.press(client, ua_url, token)[0] == 201:
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"no press acknowledged within {timeout} s")


def summary(statuses):
    return {status: statuses.count(status) for status in sorted(set(statuses))}


def snapshot(site, ua_url, members):
    total = site.letters(ua_url)["total"]
    return total, {u: site.letters(ua_url, t)["mine"] for u, t in members.items()}


def test_instance_killed_during_load(bench, zeo_cluster, site, ua_url, members, load):
    before, mine_before = snapshot(site, ua_url, members)
    with load(members) as running:
        time.sleep(4)
        zeo_cluster.instances[0].kill()  # SIGKILL, in the middle of requests
        killed = time.monotonic()
        time.sleep(6)
        zeo_cluster.start_instance(1)
        restarted = time.monotonic()
        time.sleep(4)

    statuses = running.statuses()
    print(f"kill -9: {summary(statuses)}")
    assert 500 not in statuses
    assert statuses.count(201) > 100
    # The other instance went on counting while the first one was down.
    assert 201 in running.statuses(killed + 4, restarted)
    assert set(running.statuses(restarted + 2)) == {201}
    assert_acknowledged_presses_stored(
        site, ua_url, members, running, before, mine_before
    )


def test_zeo_restart_during_load(bench, zeo_cluster, site, ua_url, members, load):
    before, mine_before = snapshot(site, ua_url, members)
    with load(members) as running:
        time.sleep(4)
        zeo_cluster.stop_server()
        stopped = time.monotonic()
        time.sleep(25)
        zeo_cluster.start_server()
        restarted = time.monotonic()
        recovery = wait_for_press(
            bench, zeo_cluster, ua_url, next(iter(members.values()))
        )
        time.sleep(4)

    during = running.statuses(stopped, restarted)
    print(
        f"ZEO restart: during the outage {summary(during)}, in all "
        f"{summary(running.statuses())}, a press acknowledged {recovery:.1f} s "
        "after the restart"
    )
    assert 500 not in running.statuses()
    assert 503 in during
    assert set(during) <= {201, 503}
    outage_answers = [
        data
        for _, status, data, when in running.answers
        if status == 503 and when < restarted
    ]
    assert any(
        isinstance(data, dict) and data.get("type") == "ServiceUnavailable"
        for data in outage_answers
    )
    assert recovery < 30
    assert set(running.statuses(restarted + recovery + 2)) == {201}
    assert_acknowledged_presses_stored(
        site, ua_url, members, running, before, mine_before
    )
