"""A real cluster for these tests: a ZEO server, two Zope instances and
HAProxy, started by scripts/cluster.py in a temporary directory on free
ports, with the site made by scripts/create_site.py. Needs the Debian
packages of scripts/install-debian-deps.sh (``make test-cluster`` runs it)."""

from pathlib import Path

import importlib.util
import pytest
import socket
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
