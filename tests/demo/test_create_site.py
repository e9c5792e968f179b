"""``scripts/create_site.py``, which ``make start`` and ``make
start-section`` run with ``zconsole run`` in their Zope instance: the demo
site with its demo content, and the demo section (``SOURCE_URL``) that
syndicates from it. Run here as they run it, in a Zope instance of its own."""

from pathlib import Path

import json
import os
import subprocess
import sys


ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
SCRIPT = ROOT / "scripts" / "create_site.py"
ENVIRONMENT = ("SITE_ID", "SITE_TITLE", "SITE_LANGUAGE", "SOURCE_URL")

# Prints what the sites hold (run by zconsole after the script).
REPORT = """
from collective.urgentactions.syndication import sources
from zope.component.hooks import setSite

import json

report = {}
for site_id in ("Plone", "Section"):
    site = app[site_id]
    setSite(site)
    report[site_id] = {
        "title": site.Title(),
        "language": site.Language(),
        "cases": len(site.portal_catalog.unrestrictedSearchResults(portal_type="UrgentAction")),
        "sources": [
            [source.url, source.credentials()[0], source.arrive_as]
            for source in sources.all_sources(site)
        ],
    }
print("REPORT " + json.dumps(report))
"""


def zconsole(conf, script, **environment):
    env = {key: value for key, value in os.environ.items() if key not in ENVIRONMENT}
    result = subprocess.run(
        [BIN / "zconsole", "run", conf, script],
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_demo_site_and_demo_section(tmp_path):
    subprocess.run(
        [BIN / "mkwsgiinstance", "-d", tmp_path / "instance", "-u", "admin:admin"],
        check=True,
        capture_output=True,
    )
    # The instance's configuration as the Makefile writes it (blobs under var/).
    conf = tmp_path / "instance" / "etc" / "zope.conf"
    template = (ROOT / "etc" / "zope.conf.in").read_text()
    conf.write_text(
        template.replace("@INSTANCE@", str(tmp_path / "instance")).replace(
            "@VAR@", str(tmp_path / "var")
        )
    )
    for folder in ("filestorage", "blobstorage", "log", "cache"):
        (tmp_path / "var" / folder).mkdir(parents=True)
    source = zconsole(conf, SCRIPT)
    assert "Created site 'Plone' with the Urgent Actions demo content." in source
    section = zconsole(
        conf,
        SCRIPT,
        SITE_ID="Section",
        SITE_TITLE="Sektion Deutschland",
        SITE_LANGUAGE="de",
        SOURCE_URL="http://localhost:8080/Plone",
    )
    assert "syndicating from http://localhost:8080/Plone" in section

    (tmp_path / "report.py").write_text(REPORT)
    output = zconsole(conf, tmp_path / "report.py")
    report = json.loads(output.split("REPORT ", 1)[1])
    assert report["Plone"] == {
        "title": "Urgent Actions",
        "language": "en",
        "cases": 3,
        "sources": [],
    }
    assert report["Section"] == {
        "title": "Sektion Deutschland",
        "language": "de",
        "cases": 0,
        "sources": [["http://localhost:8080/Plone", "section-demo", "published"]],
    }
