"""Helpers shared by the packaging proofs (check_wheel.py, check_buildout.py)."""

from contextlib import contextmanager
from pathlib import Path

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "constraints.txt"
CHECK_SITE = Path(__file__).resolve().parent / "check_site.py"


STARTED = time.monotonic()


def step(message):
    print(f"\n=== [{time.monotonic() - STARTED:.0f} s] {message}", flush=True)


def run(cmd, log=None, **kwargs):
    """Run a command, fail loudly; with ``log``, keep its output in that file
    and show only the end of it when the command fails."""
    cmd = [str(part) for part in cmd]
    print("$ " + " ".join(cmd), flush=True)
    started = time.monotonic()
    if log is None:
        result = subprocess.run(cmd, **kwargs)
    else:
        with open(log, "w") as output:
            result = subprocess.run(
                cmd, stdout=output, stderr=subprocess.STDOUT, **kwargs
            )
    print(f"  ({time.monotonic() - started:.0f} s)", flush=True)
    if result.returncode:
        if log is not None:
            print("".join(Path(log).read_text().splitlines(True)[-60:]))
        sys.exit(f"FAILED ({result.returncode}): {' '.join(cmd)}")


def clean_env(**extra):
    """The environment without anything that would let a child import the
    checkout instead of what was installed."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env.update(extra)
    return env


def checkout_files():
    """Paths (relative to the checkout) that git tracks or would track."""
    listing = subprocess.run(
        ["git", "-C", ROOT, "ls-files", "-z", "-co", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.decode()
    return sorted(
        {
            Path(name)
            for name in listing.split("\0")
            if name and os.path.lexists(ROOT / name)
        }
    )


def copy_checkout(target):
    """Copy the checkout's files (symlinks stay symlinks) to ``target``, so
    that a build sees one consistent state of them; returns their paths."""
    files = checkout_files()
    for relative in files:
        source, copy = ROOT / relative, target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            copy.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, copy)
    return files


def make_venv(path, *requirements):
    """A venv at ``path`` with pinned pip, setuptools, wheel and more."""
    run([sys.executable, "-m", "venv", path])
    pip = [path / "bin" / "python", "-m", "pip", "install", "-q", "-c", CONSTRAINTS]
    run([*pip, "pip", "setuptools", "wheel"], env=clean_env())
    if requirements:
        run([*pip, *requirements], env=clean_env())


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_root():
    """Where the temporary folder goes: ``$TMPDIR`` when set, else the RAM disk
    ``/dev/shm`` when it has room (writing and removing the thousands of small
    files of a venv there is several times faster than on a disk), else the
    system's default."""
    shm = Path("/dev/shm")
    if "TMPDIR" in os.environ or not (shm.is_dir() and os.access(shm, os.W_OK)):
        return None
    return shm if shutil.disk_usage(shm).free > 4 * 2**30 else None


@contextmanager
def workdir(prefix):
    """A temporary folder, removed afterwards unless KEEP=1 is set."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=scratch_root()))
    try:
        yield path
    finally:
        if os.environ.get("KEEP") == "1":
            print(f"Kept {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)
        print(f"Total: {time.monotonic() - STARTED:.0f} s", flush=True)
