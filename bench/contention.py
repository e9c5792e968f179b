"""Many members counting letters on one Urgent Action at once, over HTTP.

Runs against a running site (``make start-cluster``, ``make start-relstorage``
or ``make start``), through its front door (the load balancer), on loopback
only. Creates (or reuses) N member accounts as the admin, creates and
publishes a new Urgent Action for the run (or takes ``--ua``), then

1. every member, in a thread of its own, reads the action's letters
   (``GET <ua>/@letters`` with their JWT from ``@login``: the same service,
   the same members, the read that a press is compared with);
2. every member, in a thread of its own, presses "I sent a letter"
   (``POST <ua>/@letters``, one letter each);
3. with ``--floor`` (and ``--cluster``), every member sends
   ``POST <ua>/@letters-floor``: the GET's answer and one conflict-resolving
   counter written, nothing else (``etc/cluster/floor.py``, loaded by the
   benchmark's cluster only), the cheapest write a press could be.

``--rounds`` rotates which phase goes first (machine noise hits every phase
alike); each member sends ``--presses`` requests of each phase in all.
Prints the rates and their ratios to the members' GET rate, overall and per
round (the spread), p50/p95 latencies, the status codes seen, ConflictError
retries of presses, and the letters stored (``GET <ua>/@letters``) against
the presses acknowledged with 201. With ``--cluster`` also what each request
cost: the CPU of the instances, the database server, HAProxy and the
benchmark's own client (from /proc), and for ZEO the objects the server
loaded and stored and the conflicts it resolved (its ``server_status``).
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
       [--cluster zeo|relstorage] [--floor] [--members 64] [--presses 10]
       [--rounds 2] [--server-sync on|off|both] [--json FILE]
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
import os
import random
import re
import socket
import statistics
import sys
import threading
import time
import uuid


ROOT = Path(__file__).resolve().parent.parent
MEMBER_PASSWORD = "contention-bench-Secret-1"
RETRY_LINE = re.compile(r"Retrying \S+ (\S+) after (\w*ConflictError)")
GIVE_UP_LINE = re.compile(r"Giving up on \S+ (\S+) after (\w*ConflictError)")


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

    def create_ua(self, attempts=20):
        """URL of a new published Urgent Action, open for letters (each
        run starts on a case without letters and without history)."""
        today = time.gmtime()
        for _attempt in range(attempts):
            serial = random.randrange(1, 1000)
            status, data, _ = self.http.request(
                "POST",
                f"{self.url}/urgent-actions",
                {
                    "@type": "UrgentAction",
                    "title": f"Contention benchmark {serial:03d}",
                    "ua_number": f"{serial:03d}/{today.tm_year % 100:02d}",
                    "ai_index": f"EUR 57/{serial:04d}/{today.tm_year}",
                    "country": "BY",
                    "issue_date": time.strftime("%Y-%m-%d", today),
                },
                json_headers(self.admin),
            )
            if status == 201:
                # Filed into YYYY/MM on commit: the new URL is the catalog's.
                (item,) = self.find(UID=data["UID"])
                self.call("POST", f"{item['@id']}/@workflow/publish")
                return item["@id"]
            if status != 400:  # 400: the UA number is taken
                break
        raise RuntimeError(f"could not create an Urgent Action: {status} {data}")

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

    def count(self, path_end="/@letters"):
        """``(retries, gave_up)`` of requests to paths ending in
        ``path_end`` since creation, or ``(None, None)``."""
        if not self.files:
            return None, None
        retries = gave_up = 0
        for path, offset in self.offsets.items():
            with open(path, errors="replace") as log:
                log.seek(offset)
                for line in log:
                    for pattern in (RETRY_LINE, GIVE_UP_LINE):
                        match = pattern.search(line)
                        if match and match.group(1).endswith(path_end):
                            if pattern is RETRY_LINE:
                                retries += 1
                            else:
                                gave_up += 1
        return retries, gave_up


def cpu_seconds(pid):
    """User and system CPU seconds of a process and its children
    (PostgreSQL's backends), from /proc."""
    total = 0.0
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError), open(stat) as file:
            fields = file.read().rsplit(")", 1)[1].split()
            this = stat.split("/")[2]
            if this == str(pid) or fields[1] == str(pid):
                total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


# ``conflicts``: those the server could not resolve (it resolves the
# counters' inside FileStorage's store, which its counts do not show).
ZEO_COUNTS = ("loads", "stores", "commits", "conflicts")


class Meter:
    """What a phase cost the cluster: the CPU seconds of its processes, and
    for ZEO the server's counts of loads, stores, commits and conflicts."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.groups = {
            "instances": [child.proc.pid for child in cluster.instances],
            "database server": [cluster.server.proc.pid],
            "HAProxy": [cluster.balancer.proc.pid],
        }

    def snapshot(self):
        values = {
            name: sum(cpu_seconds(pid) for pid in pids)
            for name, pids in self.groups.items()
        }
        values["benchmark client"] = time.process_time()
        if self.cluster.storage == "zeo":
            import ZEO

            storage = ZEO.client(("127.0.0.1", self.cluster.zeo_port), wait_timeout=30)
            try:
                status = storage.server_status()
            finally:
                storage.close()
            values.update((key, status[key]) for key in ZEO_COUNTS)
        return values


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
        "--seconds", type=float, default=60.0, help="per phase and round, at most"
    )
    parser.add_argument("--max-requests", type=int, default=20000, help="per phase")
    parser.add_argument(
        "--ua", help="URL of an open Urgent Action (default: a new one for the run)"
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
        "--floor",
        action="store_true",
        help="with --cluster: a third phase, POST @letters-floor (the GET's "
        "answer and one counter written, etc/cluster/floor.py)",
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds alternating the phases"
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
        floor=args.floor,
    )
    print(f"Starting a {args.cluster} cluster in {cluster.base} ...", flush=True)
    cluster.start()
    try:
        args.event_log = [str(path) for path in cluster.event_logs()]
        return benchmark(
            args, server_sync if args.cluster == "zeo" else None, Meter(cluster)
        )
    finally:
        cluster.stop()


class Phase:
    """One kind of request, sent by every member in each round: its
    Results, what each round achieved, and what it cost the cluster."""

    def __init__(self, name, status, send):
        self.name = name
        self.status = status  # the answer that counts
        self.send = send  # send(share, results)
        self.results = Results()
        self.round_rates = []
        self.costs = {}

    def run(self, share, meter=None):
        before = meter.snapshot() if meter else {}
        counted, elapsed = (
            self.results.statuses.get(self.status, 0),
            self.results.elapsed,
        )
        if not self.results.requests:
            elapsed = 0.0
        self.send(share, self.results)
        took = self.results.elapsed - elapsed
        self.round_rates.append(
            (self.results.statuses.get(self.status, 0) - counted) / max(took, 1e-9)
        )
        if meter:
            after = meter.snapshot()
            for key, value in after.items():
                self.costs[key] = self.costs.get(key, 0) + value - before[key]

    @property
    def rate(self):
        return self.results.rate(self.status)

    def summary(self):
        requests = max(self.results.requests, 1)
        per_request = {
            key: round(value * (1000 if key not in ZEO_COUNTS else 1) / requests, 3)
            for key, value in self.costs.items()
        }
        cpu = [key for key in self.costs if key not in ZEO_COUNTS]
        if cpu:
            per_request["cluster CPU ms"] = round(
                sum(self.costs[key] for key in cpu) * 1000 / requests, 3
            )
        return dict(
            self.results.summary(),
            per_second=round(self.rate, 1),
            round_rates=[round(rate, 1) for rate in self.round_rates],
            per_request=per_request,
        )


def ratio_spread(phase, reference):
    """The phase's rate ÷ the reference's, overall and per round."""
    rounds = [
        rate / ref if ref else None
        for rate, ref in zip(phase.round_rates, reference.round_rates, strict=True)
    ]
    known = sorted(r for r in rounds if r is not None)
    return {
        "overall": round(phase.rate / reference.rate, 3) if reference.rate else None,
        "rounds": [round(r, 3) if r is not None else None for r in rounds],
        "min": round(known[0], 3) if known else None,
        "median": round(statistics.median(known), 3) if known else None,
        "max": round(known[-1], 3) if known else None,
    }


def benchmark(args, server_sync=None, meter=None):
    """Run the phases against a running site, print and return the report."""
    base = "{0.scheme}://{0.netloc}".format(urlsplit(args.url))

    site = Site(args.url, args.admin)
    print(f"Creating or reusing {args.members} members ...", flush=True)
    userids = site.ensure_members(args.members, args.member_prefix)
    ua_url = args.ua or site.create_ua()
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

    def floor(client, userid):
        return client.request(
            "POST", f"{ua_url}/@letters-floor", {}, json_headers(tokens[userid])
        )

    def everybody(send):
        def phase(share, results):
            times = dict.fromkeys(userids, share)
            members_at_once(
                base, tokens, times, args.seconds, args.max_requests, send, results
            )

        return phase

    phases = [
        Phase(
            "GET @letters",
            200,
            lambda share, results: member_gets(
                base, ua_url, tokens, share, args.seconds, args.max_requests, results
            ),
        ),
        Phase(
            "POST @letters",
            201,
            lambda share, results: member_presses(
                base,
                ua_url,
                tokens,
                dict.fromkeys(userids, share),
                args.seconds,
                args.max_requests,
                results,
            ),
        ),
    ]
    if getattr(args, "floor", False):
        phases.append(Phase("POST @letters-floor", 200, everybody(floor)))
    gets, posts = phases[0], phases[1]
    try:
        member_gets(base, ua_url, tokens, 1, 30, 10 * len(tokens))  # warm caches
        if len(phases) > 2:
            # The floor's counter is created by one request on its own.
            status, data, _ = floor(Http(base), userids[0])
            if status != 200:
                raise RuntimeError(f"@letters-floor: {status} {str(data)[:300]}")
        retries = RetryCounter(args.event_log or ["var/cluster/*/instance*/event.log"])
        rounds = max(1, min(args.rounds, args.presses))
        for round_ in range(rounds):
            share = args.presses // rounds + (round_ < args.presses % rounds)
            # Each round starts with another phase: machine noise and what
            # one phase leaves behind hit every phase alike.
            order = phases[round_ % len(phases) :] + phases[: round_ % len(phases)]
            if round_ % 2:
                order.reverse()
            for phase in order:
                print(
                    f"round {round_ + 1}: {args.members} members, {phase.name} x {share}",
                    flush=True,
                )
                phase.run(share, meter)
        conflict_retries, gave_up = retries.count()
    finally:
        if needed > cap:
            site.set_cap(cap)
    time.sleep(1)  # ZEO delivers invalidations to the other instances asynchronously
    after = site.letters(ua_url)

    acked = posts.results.statuses.get(201, 0)
    stored = after["total"] - before["total"]
    mine_ok = all(
        site.letters(ua_url, tokens[userid])["mine"]
        >= posts.results.acked.get(userid, 0)
        for userid in userids
    )
    report = {
        "url": args.url,
        "ua": ua_url,
        "members": args.members,
        "server_sync": server_sync,
        "rounds": rounds,
        "load_average": [round(value, 1) for value in os.getloadavg()],
        "member_get": gets.summary(),
        "press": posts.summary(),
        "press_to_get_ratio": ratio_spread(posts, gets)["overall"],
        "press_to_get_spread": ratio_spread(posts, gets),
        "conflict_retries": conflict_retries,
        "conflict_gave_up": gave_up,
        "acknowledged": acked,
        "stored": stored,
        "every_member_has_their_acknowledged_letters": mine_ok,
        "no_letter_lost": stored >= acked and mine_ok,
    }
    if len(phases) > 2:
        report["floor"] = phases[2].summary()
        report["floor_to_get_spread"] = ratio_spread(phases[2], gets)
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


def describe(name, summary, unit="requests"):
    line = (
        f"  {name}: {summary['per_second']} {unit}/s "
        f"({summary['requests']} requests in {summary['seconds']} s; rounds "
        f"{summary['round_rates']}), p50 {summary['p50_ms']} ms, "
        f"p95 {summary['p95_ms']} ms, statuses {summary['statuses']}"
    )
    costs = summary["per_request"]
    if costs:
        line += "\n    per request: " + ", ".join(
            f"{key} {value}" + (" ms CPU" if key not in ZEO_COUNTS else "")
            for key, value in costs.items()
            if key != "cluster CPU ms"
        )
        if "cluster CPU ms" in costs:
            line += f"; the cluster's CPU in all {costs['cluster CPU ms']} ms"
    return line


def print_report(report):
    posts = report["press"]
    if report["conflict_retries"] is None:
        conflicts = "unknown (no retry log)"
    else:
        per_press = report["conflict_retries"] / max(posts["requests"], 1)
        conflicts = (
            f"{report['conflict_retries']} ({per_press:.3f} per press), "
            f"{report['conflict_gave_up']} gave up"
        )
    spread = report["press_to_get_spread"]
    lines = [
        f"Urgent Action {report['ua']}, {report['members']} members, "
        f"server-sync {report['server_sync'] or 'as configured'}, "
        f"{report['rounds']} rounds, load average {report['load_average']}",
        describe("GET @letters by the same members", report["member_get"]),
        describe("POST @letters, all members at once", posts, "presses"),
        f"  presses/s : members' GETs/s = {spread['overall']} (rounds "
        f"{spread['rounds']}: min {spread['min']}, median {spread['median']}, "
        f"max {spread['max']})",
    ]
    if "floor" in report:
        floor = report["floor_to_get_spread"]
        lines += [
            describe("POST @letters-floor (the GET and one counter)", report["floor"]),
            f"  floor/s : members' GETs/s = {floor['overall']} (rounds "
            f"{floor['rounds']}: min {floor['min']}, median {floor['median']}, "
            f"max {floor['max']})",
        ]
    for key, name in (("member_get", "GET"), ("press", "press"), ("floor", "floor")):
        costs = report.get(key, {}).get("per_request", {})
        if "cluster CPU ms" in costs and key != "member_get":
            reference = report["member_get"]["per_request"]["cluster CPU ms"]
            lines.append(
                f"  the cluster's CPU per GET ÷ per {name}: "
                f"{reference / costs['cluster CPU ms']:.3f}"
            )
    lines += [
        f"  ConflictError retries of presses: {conflicts}",
        f"  letters stored {report['stored']}, presses acknowledged (201) "
        f"{report['acknowledged']}; every member's own count covers their "
        f"acknowledged presses: {report['every_member_has_their_acknowledged_letters']}",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
