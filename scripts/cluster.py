"""Run the site on several Zope instances over one database, behind HAProxy.

    .venv/bin/python scripts/cluster.py zeo          # ZEO server (FileStorage)
    .venv/bin/python scripts/cluster.py relstorage   # RelStorage on PostgreSQL

Renders the templates of etc/cluster/ into var/cluster/<storage>/, starts the
database server, creates the Plone site on the first run (scripts/create_site.py
through a client configuration kept for scripts), starts the Zope instances and
HAProxy, restarts an instance or server that dies, and stops everything on
Ctrl-C or SIGTERM. Every child dies with this process (Linux parent-death
signal), so nothing is left behind. `make start-cluster` and
`make start-relstorage` run it; tests/cluster/ drives the Cluster class.
PostgreSQL refuses to run as root: as root its data directory belongs to the
system user "postgres" (from the Debian package) and the server runs as that
user.
"""

from pathlib import Path

import argparse
import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import Zope2.utilities


ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "etc" / "cluster"
BIN = Path(sys.executable).parent
ZOPE_SKEL = Path(Zope2.utilities.__file__).parent / "skel"
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """In the child: get SIGTERM when the supervising process dies."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def render(template, target, **values):
    """Write etc/cluster/<template> to target with @KEY@ replaced."""
    text = (TEMPLATES / template).read_text()
    for key, value in values.items():
        text = text.replace(f"@{key}@", str(value))
    target.write_text(text)


def wait_until(check, timeout, what):
    """Call check() until it is true; raise RuntimeError after timeout s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready after {timeout} s")


def port_open(port, host="127.0.0.1"):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def http_ok(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.HTTPError):
        return False


class Child:
    """One supervised process; its output goes to a log file."""

    def __init__(self, name, argv, log, env=None, user=None, stop_signal=None):
        self.name = name
        self.argv = [str(arg) for arg in argv]
        self.log = log
        self.env = env
        self.user = user
        self.stop_signal = stop_signal or signal.SIGTERM
        self.proc = None
        self.started = 0.0

    def start(self):
        with open(self.log, "ab") as log:
            options = {}
            if self.user:
                options = {"user": self.user, "group": self.user, "extra_groups": []}
            self.proc = subprocess.Popen(
                self.argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=ROOT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
                **options,
            )
        self.started = time.monotonic()

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=30):
        """Ask the process to stop; kill it when it takes too long."""
        if not self.alive:
            return
        self.proc.send_signal(self.stop_signal)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self):
        """SIGKILL, as a crash would."""
        if self.alive:
            self.proc.kill()
            self.proc.wait()


class Cluster:
    """The processes of one cluster and the files they need."""

    def __init__(
        self,
        storage="zeo",
        var=None,
        port=8080,
        instance_ports=(8081, 8082),
        zeo_port=8100,
        pg_port=5432,
        threads=4,
        admin="admin:admin",
        wait_timeout=3,
        server_sync=True,
        floor=False,
    ):
        if storage not in ("zeo", "relstorage"):
            raise ValueError(f"unknown storage {storage!r}")
        self.storage = storage
        self.base = Path(var or ROOT / "var" / "cluster" / storage).resolve()
        self.port = port
        self.instance_ports = list(instance_ports)
        self.zeo_port = zeo_port
        self.pg_port = pg_port
        self.threads = threads
        self.admin = admin
        self.wait_timeout = wait_timeout
        self.server_sync = server_sync
        # bench/contention.py's floor service (etc/cluster/floor.py).
        self.floor = floor
        self.home = self.base / "home"
        # A client configuration of its own for zconsole scripts (site
        # creation, cron jobs): a ZEO cache file can have one user only.
        self.scripts = self.base / "scripts"
        self.data = self.base / ("zeo" if storage == "zeo" else "postgres")
        self.pg_run = self.base / "postgres-run"
        self.pg_user = "postgres" if os.geteuid() == 0 else None
        # etc/cluster for the retry logger, before any path the caller set.
        path = [str(TEMPLATES), *filter(None, [os.environ.get("PYTHONPATH")])]
        self.env = dict(os.environ, PYTHONPATH=os.pathsep.join(path))
        self.server = None
        self.instances = []
        self.balancer = None

    # -- files ---------------------------------------------------------

    def instance_dir(self, number):
        return self.base / f"instance{number}"

    @property
    def names(self):
        return [f"instance{i}" for i in range(1, len(self.instance_ports) + 1)]

    @property
    def url(self):
        return f"http://localhost:{self.port}"

    @property
    def site_marker(self):
        return self.data / ".site-created"

    @property
    def dsn(self):
        return f"host={self.pg_run} port={self.pg_port} dbname=zodb user=zodb"

    def event_logs(self):
        return [
            self.instance_dir(i) / "event.log" for i in range(1, len(self.names) + 1)
        ]

    def write_files(self):
        """Render every configuration file under the cluster's var directory."""
        self.data.mkdir(parents=True, exist_ok=True)
        # Zope's standard site.zcml loads etc/package-includes/*-configure.zcml.
        includes = self.home / "etc" / "package-includes"
        includes.mkdir(parents=True, exist_ok=True)
        shutil.copy(ZOPE_SKEL / "etc" / "site.zcml", self.home / "etc" / "site.zcml")
        shutil.copy(TEMPLATES / "retrylog.zcml", includes / "retrylog-configure.zcml")
        floor = includes / "floor-configure.zcml"
        if self.floor:
            shutil.copy(TEMPLATES / "floor.zcml", floor)
        else:
            floor.unlink(missing_ok=True)
        zeo_address = f"127.0.0.1:{self.zeo_port}"
        if self.storage == "zeo":
            render(
                "zeo.conf.in",
                self.data / "zeo.conf",
                ZEO_ADDRESS=zeo_address,
                DATA=self.data,
            )
        clients = [(self.scripts, "scripts", 0)]
        for number, port in enumerate(self.instance_ports, 1):
            clients.append((self.instance_dir(number), f"instance{number}", port))
        for var, name, port in clients:
            (var / "cache").mkdir(parents=True, exist_ok=True)
            render(
                f"zope-{self.storage}.conf.in",
                var / "zope.conf",
                HOME=self.home,
                VAR=var,
                NAME=name,
                ZEO_ADDRESS=zeo_address,
                BLOBS=self.data / "blobs",
                WAIT_TIMEOUT=self.wait_timeout,
                SERVER_SYNC="on" if self.server_sync else "off",
                DSN=self.dsn,
            )
            if port:
                render(
                    "zope.ini.in",
                    var / "zope.ini",
                    PORT=port,
                    THREADS=self.threads,
                    VAR=var,
                )
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{port}"
            for name, port in zip(self.names, self.instance_ports, strict=True)
        )
        render(
            "haproxy.cfg.in",
            self.base / "haproxy.cfg",
            PORT=self.port,
            THREADS=self.threads,
            SERVERS=servers,
        )

    # -- database server -----------------------------------------------

    def start_server(self):
        if self.storage == "zeo":
            self.server = Child(
                "zeo",
                [BIN / "runzeo", "-C", self.data / "zeo.conf"],
                self.base / "zeo-stdout.log",
                env=self.env,
            )
            self.server.start()
            wait_until(lambda: port_open(self.zeo_port), 60, "ZEO server")
        else:
            self.start_postgres()

    def stop_server(self):
        if self.server:
            self.server.stop()

    def _pg_bin(self, name):
        found = shutil.which(name) or sorted(
            glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
        )
        if not found:
            raise RuntimeError(
                "PostgreSQL is not installed: run scripts/install-debian-deps.sh"
            )
        return found if isinstance(found, str) else found[-1]

    def _as_pg_user(self, argv):
        """Run a PostgreSQL tool (as the postgres user when we are root)."""
        options = {}
        if self.pg_user:
            options = {"user": self.pg_user, "group": self.pg_user, "extra_groups": []}
        subprocess.run(
            [str(arg) for arg in argv],
            check=True,
            cwd="/",
            stdout=subprocess.DEVNULL,
            **options,
        )

    def start_postgres(self):
        """initdb on the first run, then PostgreSQL on a Unix socket only."""
        datadir = self.data / "data"
        for path in (self.data, self.pg_run):
            path.mkdir(parents=True, exist_ok=True)
            if self.pg_user:
                entry = pwd.getpwnam(self.pg_user)
                os.chown(path, entry.pw_uid, entry.pw_gid)
        if self.pg_user:
            probe = subprocess.run(
                ["runuser", "-u", self.pg_user, "--", "test", "-w", str(self.data)]
            )
            if probe.returncode:
                raise RuntimeError(
                    f"user {self.pg_user!r} cannot write {self.data}: make the "
                    "directories above it traversable (chmod o+x) or run as a non-root user"
                )
        if not (datadir / "PG_VERSION").exists():
            self._as_pg_user(
                [
                    self._pg_bin("initdb"),
                    "-D",
                    datadir,
                    "-U",
                    "zodb",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                ]
            )
        self.server = Child(
            "postgres",
            [
                self._pg_bin("postgres"),
                "-D",
                datadir,
                "-p",
                self.pg_port,
                "-k",
                self.pg_run,
                "-c",
                "listen_addresses=",
            ],
            self.base / "postgres.log",
            user=self.pg_user,
            stop_signal=signal.SIGINT,  # "fast" shutdown
        )
        self.server.start()
        wait_until(self._postgres_ready, 60, "PostgreSQL")
        import psycopg2

        connection = psycopg2.connect(
            host=str(self.pg_run), port=self.pg_port, dbname="postgres", user="zodb"
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'zodb'")
            if cursor.fetchone() is None:
                cursor.execute("CREATE DATABASE zodb")
        connection.close()

    def _postgres_ready(self):
        """PostgreSQL accepts connections (its socket appears earlier, while
        it is still starting up)."""
        if not self.server.alive:
            raise RuntimeError(f"PostgreSQL exited, see {self.base / 'postgres.log'}")
        if not (self.pg_run / f".s.PGSQL.{self.pg_port}").exists():
            return False
        import psycopg2

        try:
            psycopg2.connect(
                host=str(self.pg_run), port=self.pg_port, dbname="postgres", user="zodb"
            ).close()
        except psycopg2.OperationalError:
            return False
        return True

    # -- Zope ----------------------------------------------------------

    def create_site(self):
        """Create the Plone site once (the first run also adds the admin user)."""
        if self.site_marker.exists():
            return
        user, password = self.admin.split(":", 1)
        from Zope2.utilities.mkwsgiinstance import write_inituser

        write_inituser(str(self.home / "inituser"), user, password)
        subprocess.run(
            [
                BIN / "zconsole",
                "run",
                self.scripts / "zope.conf",
                ROOT / "scripts" / "create_site.py",
            ],
            check=True,
            cwd=ROOT,
            env=self.env,
        )
        self.site_marker.touch()

    def start_instance(self, number, wait=True):
        """Start instance <number> (1-based); wait until it answers."""
        var = self.instance_dir(number)
        child = Child(
            f"instance{number}",
            [BIN / "runwsgi", var / "zope.ini"],
            var / "stdout.log",
            env=self.env,
        )
        if len(self.instances) < number:
            self.instances.append(child)
        else:
            self.instances[number - 1] = child
        child.start()
        if wait:
            self.wait_instance(number)

    def wait_instance(self, number, timeout=120):
        child = self.instances[number - 1]
        port = self.instance_ports[number - 1]

        def ready():
            if not child.alive:
                raise RuntimeError(f"{child.name} exited, see {child.log}")
            return http_ok(f"http://127.0.0.1:{port}/@@ok")

        wait_until(ready, timeout, child.name)

    def start_balancer(self):
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not os.path.exists(haproxy):
            raise RuntimeError(
                "HAProxy is not installed: run scripts/install-debian-deps.sh"
            )
        self.balancer = Child(
            "haproxy",
            [haproxy, "-db", "-f", self.base / "haproxy.cfg"],
            self.base / "haproxy.log",
        )
        self.balancer.start()
        wait_until(lambda: http_ok(f"http://127.0.0.1:{self.port}/@@ok"), 30, "HAProxy")

    # -- the whole -----------------------------------------------------

    @property
    def children(self):
        return [c for c in [self.server, *self.instances, self.balancer] if c]

    def start(self):
        """Start everything; stop what was started when a step fails."""
        try:
            self.write_files()
            self.start_server()
            self.create_site()
            for number in range(1, len(self.names) + 1):
                self.start_instance(number, wait=False)
            for number in range(1, len(self.names) + 1):
                self.wait_instance(number)
            self.start_balancer()
        except BaseException:
            self.stop()
            raise

    def stop(self):
        """Stop HAProxy, then the instances, then the database server."""
        for child in [self.balancer, *self.instances, self.server]:
            if child:
                child.stop()

    def supervise(self, poll=1.0):
        """Restart children that die; a child dying right after start is fatal."""
        while True:
            time.sleep(poll)
            for child in self.children:
                if child.alive:
                    continue
                if time.monotonic() - child.started < 10:
                    raise RuntimeError(
                        f"{child.name} exited right after start "
                        f"(code {child.proc.returncode}), see {child.log}"
                    )
                print(
                    f"{child.name} exited with code {child.proc.returncode}; restarting",
                    flush=True,
                )
                child.start()


def _stop(signum, frame):
    raise KeyboardInterrupt


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("storage", choices=["zeo", "relstorage"])
    parser.add_argument("--port", type=int, default=8080, help="HAProxy port")
    parser.add_argument(
        "--instance-ports",
        default="8081,8082",
        help="comma-separated ports, one Zope instance each",
    )
    parser.add_argument("--zeo-port", type=int, default=8100)
    parser.add_argument(
        "--pg-port", type=int, default=5432, help="PostgreSQL port (Unix socket only)"
    )
    parser.add_argument(
        "--threads", type=int, default=4, help="waitress threads per instance"
    )
    parser.add_argument(
        "--admin", default="admin:admin", help="user:password of the admin"
    )
    parser.add_argument("--var", help="directory for data, logs and configuration")
    parser.add_argument(
        "--server-sync",
        choices=["on", "off"],
        default="on",
        help="ZEO server-sync: on, every read sees every earlier write",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    cluster = Cluster(
        storage=args.storage,
        var=args.var,
        port=args.port,
        instance_ports=[int(p) for p in args.instance_ports.split(",")],
        zeo_port=args.zeo_port,
        pg_port=args.pg_port,
        threads=args.threads,
        admin=args.admin,
        server_sync=args.server_sync == "on",
    )
    # Also for SIGINT: a shell starting this in the background ignores it.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    try:
        cluster.start()
        print(
            f"Serving {cluster.url}/Plone through HAProxy on {len(cluster.names)} "
            f"Zope instances ({args.storage}); logs in {cluster.base}. Ctrl-C stops.",
            flush=True,
        )
        cluster.supervise()
    except KeyboardInterrupt:
        print("Stopping the cluster", flush=True)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
