"""Faults under load: members keep pressing "I sent a letter" while an
instance is killed or the ZEO server restarts. Every press acknowledged with
201 is stored, the cluster recovers, and an outage of the database answers
503, never 500.

``make test-faults-repeat`` runs both tests 30 times in a row
(``--fault-runs 30``) and prints the tally of every run at the end (also
written, run by run, to ``var/fault-tally.jsonl``)."""

import pytest
import time


pytestmark = [pytest.mark.cluster, pytest.mark.slow]


@pytest.fixture(autouse=True, scope="module")
def high_cap(site):
    """Members press for a minute in every run; lift the site's cap per
    member for this module."""
    cap = site.letters(site.open_ua())["cap"]
    site.set_cap(1000)
    yield
    site.http.close()  # an outage may have closed the kept-alive connection
    site.set_cap(cap)


@pytest.fixture
def members(site, request, fault_run):
    """Twelve members of this test's and run's own: a request of another test
    that is still on its way cannot change their counts."""
    prefix = f"faults-{request.function.__name__.split('_')[1]}-{fault_run}"
    userids = site.ensure_members(12, prefix=prefix)
    return {userid: site.login(userid) for userid in userids}


@pytest.fixture
def check_stored(zeo_cluster, site, ua_url, members, fault_tally, database_counts):
    """``check_stored(kind, load, before, others=())``: each member has at
    least their acknowledged presses and at most the presses that reached
    the site, read from the database itself (a ZEO client of the test's own,
    without a cache); and both instances read the same as the database at
    once (server-sync: no stale read). The presses of ``others`` (a probe)
    count in the total only. Adds the run to the tally."""

    def check(kind, load, before, others=()):
        after = database_counts(zeo_cluster, ua_url, [*members, *others])
        lost, over, acknowledged, stored = [], [], 0, 0
        for userid in members:
            mine = after["mine"][userid] - before["mine"][userid]
            acked, sent = load.acknowledged(userid), load.sent(userid)
            acknowledged += acked
            stored += mine
            if mine < acked:
                lost.append(f"{userid}: {acked} acknowledged, {mine} stored")
            if mine > sent:
                over.append(f"{userid}: {sent} sent, {mine} stored")
        stale = []
        for number, port in enumerate(zeo_cluster.instance_ports, 1):
            instance = type(site)(f"http://127.0.0.1:{port}/Plone")
            for userid, token in members.items():
                seen = instance.letters(ua_url, token)["mine"]
                if seen != after["mine"][userid]:
                    stale.append(f"instance{number} {userid}: {seen}")
        fault_tally.append(
            {
                "test": kind,
                "acknowledged": acknowledged,
                "stored": stored,
                "no answer": load.statuses().count(0),
                "lost": len(lost),
                "stale reads": len(stale),
                "statuses": summary(load.statuses()),
            }
        )
        assert lost == [], lost
        assert over == [], over
        assert stale == [], stale
        by_others = sum(after["mine"][u] - before["mine"][u] for u in others)
        assert after["total"] == before["total"] + stored + by_others

    return check


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


def test_instance_killed_during_load(
    zeo_cluster, ua_url, members, load, check_stored, database_counts
):
    before = database_counts(zeo_cluster, ua_url, members)
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
    check_stored("kill -9", running, before)


def test_zeo_restart_during_load(
    bench,
    zeo_cluster,
    site,
    ua_url,
    members,
    load,
    check_stored,
    database_counts,
    fault_run,
):
    # The presses of a member of its own tell when the site is back.
    probe_id = site.ensure_members(1, prefix=f"faults-probe-{fault_run}")[0]
    probe = site.login(probe_id)
    before = database_counts(zeo_cluster, ua_url, [*members, probe_id])
    with load(members) as running:
        time.sleep(4)
        zeo_cluster.stop_server()
        stopped = time.monotonic()
        time.sleep(25)
        zeo_cluster.start_server()
        restarted = time.monotonic()
        recovery = wait_for_press(bench, zeo_cluster, ua_url, probe)
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
    check_stored("ZEO restart", running, before, others=[probe_id])
