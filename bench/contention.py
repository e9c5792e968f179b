"""Many members counting letters on one Urgent Action at once, over HTTP.

Runs against a running site (``make start-cluster``, ``make start-relstorage``
or ``make start``), through its front door (the load balancer), on loopback
only. Creates (or reuses) N member accounts as the admin, creates and
publishes a fresh Urgent Action for the run (or takes ``--ua``), then

1. every member, in a thread of its own, reads the action's letters
   (``GET <ua>/@letters`` with their JWT from ``@login``: the same service,
   the same members, the read that a press is compared with);
2. every member, in a thread of its own, presses "I sent a letter"
   (``POST <ua>/@letters``, one letter each) until they reach the site's
   cap per member or ``--seconds`` pass.

``--rounds`` alternates which phase goes first (machine noise hits both
alike); each member reads and presses ``--presses`` times in all. Prints
presses per second and their ratio to the members' GET rate, p50/p95
latencies, the status codes seen, ConflictError retries, and the letters
stored (``GET <ua>/@letters``) against the presses acknowledged with 201.
``--server-sync off`` (with ``--cluster zeo``) measures what ZEO's
server-sync round trip costs; ``--server-sync both`` runs the benchmark on a
cluster with it, then on one without, and prints the rates side by side.

ConflictError retries are counted in the instances' event logs: the cluster
instances load etc/cluster/retrylog.py, which logs one line per request that
Zope's publisher retries. Without such logs (``make start``) the count is
reported as unknown.

With ``--cluster zeo`` (or ``relstorage``) it first starts a cluster of its
own with scripts/cluster.py (data in var/bench/<storage>, HAProxy on the port
of ``--url``, the instances on the next ports) and stops it at the end; that
is what ``make bench-contention`` does.

Usage: .venv/bin/python bench/contention.py [--url http://localhost:8080/Plone]
       [--cluster zeo|relstorage] [--members 64] [--seconds 15]
       [--max-requests 20000] [--json FILE]
"""

from pathlib import Path
from urllib.parse import urlsplit

import argparse
import base64
import contextlib
import glob
import http.client
import importlib.util
import ipaddress
import json
import re
import socket
import statistics
import sys
import threading
import time
import uuid


ROOT = Path(__file__).resolve().parent.parent
MEMBER_PASSWORD = "contention-bench-Secret-1"
RETRY_LINE = re.compile(r"Retrying .* after (\w*ConflictError)")
GIVE_UP_LINE = re.compile(r"Giving up on .* after (\w*ConflictError)")


class Http:
    """One keep-alive HTTP/1.1 connection; one per thread.

    A request that fails at the connection level (refused, reset) gets the
    status 0; only a GET is ever sent again, so a POST is not repeated.
    """

    def __init__(self, base, timeout=60):
        parts = urlsplit(base)
        self.host = parts.hostname
        self.port = parts.port or 80
        self.timeout = timeout
        self.connection = None

    def request(self, method, url, body=None, headers=None):
        """Return ``(status, parsed JSON or raw bytes, seconds)``.

        A GET on a kept-alive connection that the server closed meanwhile is
        sent once more on a new connection; nothing else is repeated."""
        path = urlsplit(url)._replace(scheme="", netloc="").geturl()
        headers = dict(headers or {})
        if body is not None:
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        while True:
            reused = self.connection is not None
            try:
                if not reused:
                    self.connection = http.client.HTTPConnection(
                        self.host, self.port, timeout=self.timeout
                    )
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (OSError, http.client.HTTPException):
                self.close()
                if not (reused and method == "GET"):
                    return 0, b"", time.perf_counter() - started
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        seconds = time.perf_counter() - started
        if "json" in (response.getheader("Content-Type") or ""):
            with contextlib.suppress(ValueError):
                data = json.loads(data)
        return response.status, data, seconds

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def basic(credentials):
    return "Basic " + base64.b64encode(credentials.encode()).decode()


def json_headers(authorization=None):
    headers = {"Accept": "application/json"}
    if authorization:
        headers["Authorization"] = authorization
    return headers


def check_loopback(url):
    """Refuse to load anything but this machine."""
    host = urlsplit(url).hostname
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        raise SystemExit(f"{url}: only loopback addresses are benchmarked")


class Site:
    """The admin's view of the site: members, Urgent Actions, letters."""

    def __init__(self, url, admin="admin:admin"):
        self.url = url.rstrip("/")
        self.http = Http(self.url)
        self.admin = basic(admin)

    def call(self, method, url, body=None, authorization=None, expect=(200,)):
        if authorization is None:
            authorization = self.admin
        status, data, _ = self.http.request(
            method, url, body, json_headers(authorization)
        )
        if status not in expect:
            raise RuntimeError(f"{method} {url}: {status} {str(data)[:300]}")
        return data

    def find(self, **query):
        """Catalog search as the admin; returns the items."""
        query.setdefault("fullobjects", 0)
        params = "&".join(f"{key}={value}" for key, value in query.items())
        return self.call("GET", f"{self.url}/++api++/@search?{params}")["items"]

    def open_ua(self):
        """URL of a published Urgent Action that is open for letters."""
        for item in self.find(portal_type="UrgentAction", review_state="published"):
            if self.letters(item["@id"], "")["open"]:
                return item["@id"]
        raise RuntimeError(f"{self.url} has no Urgent Action open for letters")

    def ensure_members(self, count, prefix="bench-member"):
        """Member ids ``prefix-001`` ...; created when missing."""
        userids = [f"{prefix}-{number:03d}" for number in range(1, count + 1)]
        for userid in userids:
            status, _, _ = self.http.request(
                "GET", f"{self.url}/@users/{userid}", headers=json_headers(self.admin)
            )
            if status == 404:
                self.call(
                    "POST",
                    f"{self.url}/@users",
                    {
                        "username": userid,
                        "email": f"{userid}@example.org",
                        "password": MEMBER_PASSWORD,
                    },
                    expect=(201,),
                )
        return userids

    def login(self, userid, password=MEMBER_PASSWORD):
        """A JWT for the member (``POST @login``)."""
        data = self.call(
            "POST",
            f"{self.url}/@login",
            {"login": userid, "password": password},
            authorization="",
        )
        return "Bearer " + data["token"]

    def letters(self, ua_url, authorization=""):
        return self.call("GET", f"{ua_url}/@letters", authorization=authorization)

    def set_cap(self, cap):
        """Letters one member may count per Urgent Action (site setting)."""
        return self.call(
            "PATCH",
            f"{self.url}/@registry",
            {"collective.urgentactions.letters_cap": cap},
            expect=(204,),
        )


class Results:
    """Statuses and latencies of one phase, shared by its threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.latencies = []
        self.acked = {}
        self.started = self.ended = 0.0
        self.before = 0.0  # seconds of earlier rounds

    def add(self, status, seconds, userid=None):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.latencies.append(seconds)
            if status == 201 and userid:
                self.acked[userid] = self.acked.get(userid, 0) + 1

    @property
    def requests(self):
        return len(self.latencies)

    @property
    def elapsed(self):
        return max(self.before + self.ended - self.started, 1e-9)

    def rate(self, status=200):
        return self.statuses.get(status, 0) / self.elapsed

    def percentile(self, share):
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100)[int(share * 100) - 1]

    def summary(self):
        return {
            "requests": self.requests,
            "seconds": round(self.elapsed, 2),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "p50_ms": round(self.percentile(0.50) * 1000, 1),
            "p95_ms": round(self.percentile(0.95) * 1000, 1),
        }


def run_threads(count, work, results):
    """Start ``count`` threads of ``work(index)`` together and join them."""
    barrier = threading.Barrier(count + 1)

    def runner(index):
        barrier.wait()
        work(index)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    barrier.wait()
    results.before += results.ended - results.started
    results.started = time.perf_counter()
    for thread in threads:
        thread.join()
    results.ended = time.perf_counter()


def members_at_once(base, tokens, times, seconds, max_requests, send, results=None):
    """Every member, in a thread of its own with a connection of its own,
    makes ``times[userid]`` requests ``send(client, userid)`` (``(status,
    data, seconds)``), until ``seconds`` pass or ``max_requests`` were made
    in all; returns Results."""
    results = results or Results()
    budget = threading.Semaphore(max_requests)
    deadline = time.monotonic() + seconds
    userids = sorted(tokens)

    def member(index):
        userid = userids[index]
        client = Http(base)
        for _request in range(times[userid]):
            if time.monotonic() >= deadline or not budget.acquire(blocking=False):
                break
            status, _, took = send(client, userid)
            results.add(status, took, userid)
        client.close()

    run_threads(len(userids), member, results)
    return results


def member_gets(base, ua_url, tokens, gets, seconds, max_requests, results=None):
    """Every member GETs ``@letters`` ``gets`` times; returns Results."""

    def get(client, userid):
        headers = json_headers(tokens[userid])
        return client.request("GET", f"{ua_url}/@letters", None, headers)

    times = dict.fromkeys(tokens, gets)
    return members_at_once(base, tokens, times, seconds, max_requests, get, results)


def press(client, ua_url, token, quantity=1, submission_id=None):
    """One press of "I sent a letter": ``(status, data, seconds)``."""
    body = {"quantity": quantity, "channel": "letter"}
    if submission_id:
        body["submission_id"] = submission_id
    return client.request("POST", f"{ua_url}/@letters", body, json_headers(token))


def member_presses(base, ua_url, tokens, presses, seconds, max_requests, results=None):
    """Every member presses up to ``presses[userid]`` times, each press with
    a submission id of its own; returns Results."""

    def send(client, userid):
        return press(client, ua_url, tokens[userid], 1, uuid.uuid4().hex)

    return members_at_once(base, tokens, presses, seconds, max_requests, send, results)


class RetryCounter:
    """Counts ConflictError retry lines that instances log from now on."""

    def __init__(self, patterns):
        self.files = sorted({f for pattern in patterns for f in glob.glob(pattern)})
        self.offsets = {f: self._size(f) for f in self.files}

    @staticmethod
    def _size(path):
        with open(path, "rb") as log:
            return log.seek(0, 2)

    def count(self):
        """``(retries, gave_up)`` since creation, or ``(None, None)``."""
        if not self.files:
            return None, None
        retries = gave_up = 0
        for path, offset in self.offsets.items():
            with open(path, errors="replace") as log:
                log.seek(offset)
                for line in log:
                    retries += bool(RETRY_LINE.search(line))
                    gave_up += bool(GIVE_UP_LINE.search(line))
        return retries, gave_up


def load_cluster_module():
    """scripts/cluster.py (not a package) as a module."""
    spec = importlib.util.spec_from_file_location(
        "cluster", ROOT / "scripts" / "cluster.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8080/Plone", help="site URL")
    parser.add_argument("--admin", default="admin:admin")
    parser.add_argument("--members", type=int, default=64)
    parser.add_argument(
        "--member-prefix",
        default="bench-member",
        help="member ids are PREFIX-001 ... (a new prefix gives members with no letters yet)",
    )
    parser.add_argument("--presses", type=int, default=10, help="per member, at most")
    parser.add_argument(
        "--seconds", type=float, default=15.0, help="per phase, at most"
    )
    parser.add_argument("--max-requests", type=int, default=20000, help="per phase")
    parser.add_argument(
        "--ua", help="URL of an open Urgent Action (default: a new one)"
    )
    parser.add_argument(
        "--event-log",
        action="append",
        help="instance event log glob (repeatable; default var/cluster/*/instance*/event.log)",
    )
    parser.add_argument(
        "--cluster",
        choices=["zeo", "relstorage"],
        help="start a cluster of this kind for the run (var/bench/<kind>)",
    )
    parser.add_argument("--threads", type=int, default=4, help="with --cluster")
    parser.add_argument(
        "--server-sync",
        choices=["on", "off", "both"],
        default="on",
        help="with --cluster zeo: ZEO's server-sync (off only to measure its "
        "cost; both: a cluster with it, then one without, and the cost)",
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds alternating GETs and presses"
    )
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    check_loopback(args.url)
    if not args.cluster:
        reports = [benchmark(args)]
    else:
        syncs = ["on", "off"] if args.server_sync == "both" else [args.server_sync]
        reports = [benchmark_cluster(args, sync) for sync in syncs]
    if len(reports) == 2:
        print_server_sync_cost(*reports)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(reports if len(reports) > 1 else reports[0], out, indent=2)
    return 0 if all(report["no_letter_lost"] for report in reports) else 1


def benchmark_cluster(args, server_sync):
    """Start a cluster of ``args.cluster``, run the benchmark, stop it."""
    port = urlsplit(args.url).port or 80
    cluster = load_cluster_module().Cluster(
        args.cluster,
        var=ROOT / "var" / "bench" / args.cluster,
        port=port,
        instance_ports=(port + 1, port + 2),
        zeo_port=port + 20,
        pg_port=port + 21,
        threads=args.threads,
        admin=args.admin,
        server_sync=server_sync == "on",
    )
    print(f"Starting a {args.cluster} cluster in {cluster.base} ...", flush=True)
    cluster.start()
    try:
        args.event_log = [str(path) for path in cluster.event_logs()]
        return benchmark(args, server_sync if args.cluster == "zeo" else None)
    finally:
        cluster.stop()


def benchmark(args, server_sync=None):
    """Run both phases against a running site, print and return the report."""
    base = "{0.scheme}://{0.netloc}".format(urlsplit(args.url))

    site = Site(args.url, args.admin)
    print(f"Creating or reusing {args.members} members ...", flush=True)
    userids = site.ensure_members(args.members, args.member_prefix)
    ua_url = args.ua or site.open_ua()
    print(f"Urgent Action: {ua_url}", flush=True)
    tokens = {userid: site.login(userid) for userid in userids}
    before = site.letters(ua_url)
    mine = {userid: site.letters(ua_url, tokens[userid])["mine"] for userid in userids}
    # The site caps the letters one member counts for one action; lift the
    # cap for the run when earlier runs used it up, and restore it after.
    cap = before["cap"]
    needed = max(mine.values()) + args.presses
    if needed > cap:
        site.set_cap(needed)
    try:
        member_gets(base, ua_url, tokens, 1, 30, 10 * len(tokens))  # warm caches
        retries = RetryCounter(args.event_log or ["var/cluster/*/instance*/event.log"])
        gets, posts = Results(), Results()
        rounds = max(1, min(args.rounds, args.presses))
        for round_ in range(rounds):
            share = args.presses // rounds + (round_ < args.presses % rounds)
            phases = [
                (
                    "GET @letters",
                    lambda n=share: member_gets(
                        base, ua_url, tokens, n, args.seconds, args.max_requests, gets
                    ),
                ),
                (
                    "POST @letters",
                    lambda n=share: member_presses(
                        base,
                        ua_url,
                        tokens,
                        dict.fromkeys(userids, n),
                        args.seconds,
                        args.max_requests,
                        posts,
                    ),
                ),
            ]
            for name, phase in phases if round_ % 2 == 0 else reversed(phases):
                print(
                    f"round {round_ + 1}: {args.members} members, {name} x {share}",
                    flush=True,
                )
                phase()
        conflict_retries, gave_up = retries.count()
    finally:
        if needed > cap:
            site.set_cap(cap)
    time.sleep(1)  # ZEO delivers invalidations to the other instances asynchronously
    after = site.letters(ua_url)

    acked = posts.statuses.get(201, 0)
    stored = after["total"] - before["total"]
    mine_ok = all(
        site.letters(ua_url, tokens[userid])["mine"] >= posts.acked.get(userid, 0)
        for userid in userids
    )
    press_rate = posts.rate(201)
    get_rate = gets.rate(200)
    report = {
        "url": args.url,
        "ua": ua_url,
        "members": args.members,
        "server_sync": server_sync,
        "member_get": dict(gets.summary(), per_second=round(get_rate, 1)),
        "press": dict(posts.summary(), per_second=round(press_rate, 1)),
        "press_to_get_ratio": round(press_rate / get_rate, 3) if get_rate else None,
        "conflict_retries": conflict_retries,
        "conflict_gave_up": gave_up,
        "acknowledged": acked,
        "stored": stored,
        "every_member_has_their_acknowledged_letters": mine_ok,
        "no_letter_lost": stored >= acked and mine_ok,
    }
    print_report(report)
    return report


def print_server_sync_cost(on, off):
    """What server-sync's round trip costs: rates with it against without."""
    lines = ["server-sync on : off (the same benchmark on each cluster, in turn)"]
    for name, key in (("members' GETs/s", "member_get"), ("presses/s", "press")):
        rate_on, rate_off = on[key]["per_second"], off[key]["per_second"]
        ratio = round(rate_on / rate_off, 3) if rate_off else None
        lines.append(f"  {name}: {rate_on} : {rate_off} = {ratio}")
    print("\n".join(lines), flush=True)


def print_report(report):
    gets, posts = report["member_get"], report["press"]
    if report["conflict_retries"] is None:
        conflicts = "unknown (no retry log)"
    else:
        per_press = report["conflict_retries"] / max(posts["requests"], 1)
        conflicts = (
            f"{report['conflict_retries']} ({per_press:.3f} per press), "
            f"{report['conflict_gave_up']} gave up"
        )
    lines = [
        f"Urgent Action {report['ua']}, {report['members']} members, "
        f"server-sync {report['server_sync'] or 'as configured'}",
        f"  GET @letters by the same members: {gets['per_second']}/s "
        f"({gets['requests']} requests in {gets['seconds']} s), "
        f"p50 {gets['p50_ms']} ms, p95 {gets['p95_ms']} ms, statuses {gets['statuses']}",
        f"  POST @letters, all members at once: {posts['per_second']} presses/s "
        f"({posts['requests']} requests in {posts['seconds']} s), "
        f"p50 {posts['p50_ms']} ms, p95 {posts['p95_ms']} ms, statuses {posts['statuses']}",
        f"  presses/s : members' GETs/s = {report['press_to_get_ratio']}",
        f"  ConflictError retries: {conflicts}",
        f"  letters stored {report['stored']}, presses acknowledged (201) "
        f"{report['acknowledged']}; every member's own count covers their "
        f"acknowledged presses: {report['every_member_has_their_acknowledged_letters']}",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
