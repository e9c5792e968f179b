"""A real cluster for these tests: a ZEO server, two Zope instances and
HAProxy, started by scripts/cluster.py in a temporary directory on free
ports, with the site made by scripts/create_site.py. Needs the Debian
packages of scripts/install-debian-deps.sh (``make test-cluster`` runs it)."""

from pathlib import Path

import importlib.util
import json
import pytest
import shutil
import socket
import tempfile
import threading
import time
import uuid


ROOT = Path(__file__).resolve().parents[2]


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cluster_module = load("cluster", ROOT / "scripts" / "cluster.py")
contention = load("contention", ROOT / "bench" / "contention.py")


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


FAULT_TALLY = pytest.StashKey()


def pytest_addoption(parser):
    parser.addoption(
        "--fault-runs",
        type=int,
        default=1,
        help="run each fault test this many times (make test-faults-repeat)",
    )


def pytest_generate_tests(metafunc):
    if "fault_run" in metafunc.fixturenames:
        runs = metafunc.config.getoption("fault_runs", default=1)
        metafunc.parametrize("fault_run", range(1, runs + 1), ids="run{}".format)


def pytest_collection_modifyitems(items):
    """Run N of every fault test, then run N + 1 of every one."""

    def run(item):
        callspec = getattr(item, "callspec", None)
        return callspec.params.get("fault_run", 0) if callspec else 0

    items[:] = [
        item for _, item in sorted(enumerate(items), key=lambda x: (run(x[1]), x[0]))
    ]


class Tally(list):
    """The fault runs' entries, also written one JSON line each to
    ``var/fault-tally.jsonl`` as they come (an interrupted loop keeps them)."""

    path = ROOT / "var" / "fault-tally.jsonl"

    def append(self, entry):
        super().append(entry)
        self.path.parent.mkdir(exist_ok=True)
        with self.path.open("a") as out:
            out.write(json.dumps(entry) + "\n")


@pytest.fixture(scope="session")
def fault_tally(request):
    """One entry per fault test run, printed at the end of the session."""
    return request.config.stash.setdefault(FAULT_TALLY, Tally())


def pytest_terminal_summary(terminalreporter, config):
    tally = config.stash.get(FAULT_TALLY, [])
    if not tally:
        return
    terminalreporter.section("fault runs: stored vs acknowledged")
    for number, entry in enumerate(tally, 1):
        terminalreporter.line(
            f"{number:3d} "
            + ", ".join(f"{key} {value}" for key, value in entry.items())
        )
    for kind in sorted({entry["test"] for entry in tally}):
        runs = [entry for entry in tally if entry["test"] == kind]
        clean = sum(1 for e in runs if not e["lost"] and not e["stale reads"])
        terminalreporter.line(
            f"{kind}: {len(runs)} runs, {clean} with every acknowledged press "
            f"stored and no stale read; {sum(e['acknowledged'] for e in runs)} "
            f"acknowledged, {sum(e['stored'] for e in runs)} stored"
        )


@pytest.fixture(scope="session")
def database_counts():
    """``database_counts(cluster, ua_url, userids)``, see ``read_database``."""
    return read_database


def read_database(cluster, ua_url, members):
    """The action's total and each member's count, read from the ZEO server
    by a client of the test's own without a cache (not through an instance,
    whose view could lag)."""
    from collective.urgentactions.letters import storage
    from urllib.parse import urlsplit

    import ZEO

    db = ZEO.DB(("127.0.0.1", cluster.zeo_port))
    try:
        connection = db.open()
        obj = connection.root()["Application"]
        path = [name for name in urlsplit(ua_url).path.split("/") if name]
        site = obj[path[0]]
        for name in path:
            obj = obj[name]
        uid = getattr(obj, "_plone.uuid")
        tally = obj.__annotations__[storage.TALLY_KEY]
        records = site.__annotations__[storage.MEMBERS_KEY].records
        mine = {}
        for userid in members:
            record = records.get(userid)
            mine[userid] = record.count(uid) if record is not None else 0
        counts = {"total": tally.total(), "mine": mine}
        connection.close()
    finally:
        db.close()
    return counts


@pytest.fixture(scope="session")
def bench():
    """bench/contention.py: its HTTP client and letter helpers."""
    return contention


@pytest.fixture(scope="module")
def zeo_cluster(tmp_path_factory):
    port, first, second, zeo = free_ports(4)
    cluster = cluster_module.Cluster(
        "zeo",
        var=tmp_path_factory.mktemp("zeo-cluster"),
        port=port,
        instance_ports=(first, second),
        zeo_port=zeo,
    )
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def relstorage_cluster():
    # Under the checkout's var/, not the temporary directory: as root,
    # PostgreSQL runs as the user "postgres", who cannot enter pytest's
    # private temporary directory.
    port, first, second, zeo, pg = free_ports(5)
    (ROOT / "var").mkdir(exist_ok=True)
    var = Path(tempfile.mkdtemp(prefix="test-relstorage-", dir=ROOT / "var"))
    var.chmod(0o755)
    cluster = cluster_module.Cluster(
        "relstorage",
        var=var,
        port=port,
        instance_ports=(first, second),
        zeo_port=zeo,
        pg_port=pg,
    )
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(var, ignore_errors=True)


@pytest.fixture(scope="module")
def site(zeo_cluster):
    return contention.Site(f"{zeo_cluster.url}/Plone")


@pytest.fixture(scope="module")
def ua_url(site):
    return site.open_ua()


@pytest.fixture(scope="module")
def members(site):
    """Twelve members with their JWTs."""
    userids = site.ensure_members(12, prefix="cluster-member")
    return {userid: site.login(userid) for userid in userids}


class Load:
    """Members pressing "I sent a letter" in a loop until stopped, each press
    with a submission id of its own (as the browser sends it)."""

    def __init__(self, base, ua_url, tokens):
        self.base = base
        self.ua_url = ua_url
        self.tokens = tokens
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        # (userid, status, body, monotonic time of the answer)
        self.answers = []
        self.threads = [
            threading.Thread(target=self.member, args=(userid,)) for userid in tokens
        ]

    def member(self, userid):
        client = contention.Http(self.base, timeout=120)
        while not self.stopping.is_set():
            status, data, _ = contention.press(
                client, self.ua_url, self.tokens[userid], 1, uuid.uuid4().hex
            )
            with self.lock:
                self.answers.append((userid, status, data, time.monotonic()))
            if status == 503:
                time.sleep(1)  # as a client told to retry later would
        client.close()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def statuses(self, since=0.0, until=float("inf")):
        return [s for _, s, _, when in self.answers if since <= when < until]

    def acknowledged(self, userid):
        return sum(1 for u, s, _, _ in self.answers if u == userid and s == 201)

    def sent(self, userid):
        """Presses that may have reached the database (no 4xx answer)."""
        return sum(
            1 for u, s, _, _ in self.answers if u == userid and not 400 <= s < 500
        )


@pytest.fixture
def load(zeo_cluster, ua_url):
    """``load(tokens)``: a Load of these members on the Urgent Action."""

    def start(tokens):
        return Load(zeo_cluster.url, ua_url, tokens)

    return start
