"""Prove that ``buildout.cfg`` builds a working instance (``make test-buildout``).

1. the files of the checkout that git tracks (or would track) are copied to a
   temporary folder, next to a venv with the pinned zc.buildout;
2. ``scripts/constraints_to_versions.py`` writes ``versions.cfg`` there and
   buildout runs with ``buildout.cfg`` (``allow-picked-versions = false``:
   every egg must be pinned in ``constraints.txt``);
3. ``bin/instance run check_site.py``: the code and the profiles come from the
   develop checkout and the default profile installs into a new Plone site;
4. ``bin/instance console`` serves that site on a free port: the "Urgent
   Actions" section answers anonymously and plone.restapi describes the
   UrgentAction type to the admin.

Eggs are kept in ``eggs/`` of the checkout (ignored by git, shared with
``make buildout``), so later runs skip the downloads. The temporary folder is kept with KEEP=1.
"""

from steps import CHECK_SITE
from steps import clean_env
from steps import CONSTRAINTS
from steps import copy_checkout
from steps import free_port
from steps import make_venv
from steps import ROOT
from steps import run
from steps import step
from steps import workdir

import base64
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request


EGGS = ROOT / "eggs"
SITE_ID = "Plone"
START_TIMEOUT = 180


def fetch(url, auth=None, accept=None):
    """Status and body of a GET; errors are answers too."""
    request = urllib.request.Request(url)
    if auth:
        token = base64.b64encode(auth.encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    if accept:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(server, url):
    """Wait until the instance answers at ``url``."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"FAILED: bin/instance console ended with {server.returncode}")
        try:
            return fetch(url)
        except OSError:
            time.sleep(1)
    sys.exit(f"FAILED: no answer from {url} within {START_TIMEOUT} s")


def check_served(instance, port, auth):
    site = f"http://127.0.0.1:{port}/{SITE_ID}"
    server = subprocess.Popen(
        [instance, "console"], start_new_session=True, env=clean_env()
    )
    try:
        status, body = wait_for(server, f"{site}/urgent-actions")
        if status != 200 or "Urgent Actions" not in body:
            sys.exit(f"FAILED: {site}/urgent-actions answered {status}")
        print(f"GET {site}/urgent-actions: {status}")
        status, body = fetch(
            f"{site}/@types/UrgentAction", auth=auth, accept="application/json"
        )
        if status != 200 or "ua_number" not in json.loads(body)["properties"]:
            sys.exit(f"FAILED: {site}/@types/UrgentAction answered {status}")
        print(f"GET {site}/@types/UrgentAction: {status}, has ua_number")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def main():
    with workdir("ua-buildout-") as tmp:
        step("Copy the checkout and make a venv with zc.buildout")
        checkout = tmp / "checkout"
        copy_checkout(checkout)
        venv = tmp / "venv"
        make_venv(venv, "zc.buildout")

        step("Run buildout")
        port = free_port()
        auth = f"admin:{secrets.token_hex(8)}"
        run(
            [venv / "bin" / "python", "scripts/constraints_to_versions.py"],
            cwd=checkout,
        )
        run(
            [
                venv / "bin" / "buildout",
                "-c",
                "buildout.cfg",
                f"buildout:eggs-directory={EGGS}",
                f"instance:http-address=127.0.0.1:{port}",
                f"instance:user={auth}",
            ],
            log=tmp / "buildout.log",
            cwd=checkout,
            env=clean_env(PIP_CONSTRAINT=str(CONSTRAINTS)),
        )
        instance = checkout / "bin" / "instance"

        step("bin/instance run: create a Plone site with the add-on")
        run(
            [instance, "run", CHECK_SITE],
            cwd=checkout,
            env=clean_env(
                CHECK_PREFIX=str(checkout), CHECK_SITE_ID=SITE_ID, CHECK_COMMIT="1"
            ),
        )

        step("bin/instance console: serve the site")
        check_served(instance, port, auth)
    print("test-buildout: OK")


if __name__ == "__main__":
    main()
