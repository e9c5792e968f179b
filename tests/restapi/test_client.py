"""examples/client.py, run as a script against the functional server."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import storage
from collective.urgentactions.testing import PASSWORD
from datetime import date
from pathlib import Path

import pytest
import subprocess
import sys
import transaction


CLIENT = Path(__file__).parents[2] / "examples" / "client.py"


@pytest.fixture
def cases(make_ua, count_as):
    made = {
        "new": make_ua(),
        "old": make_ua(
            ua_number="012/19",
            title="Trade unionist held incommunicado",
            country="TR",
            issue_date=date(2019, 1, 15),
        ),
        "closed": make_ua(ua_number="030/20", title="Student released", state="closed"),
    }
    count_as("other", made["new"], 4)
    return made


@pytest.fixture
def run(api):
    url = api().portal_url

    def client(*args, password=PASSWORD):
        transaction.commit()
        try:
            return subprocess.run(
                [
                    sys.executable,
                    str(CLIENT),
                    *("--url", url, "--user", "member", "--password", password),
                    *args,
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
        finally:
            transaction.begin()

    return client


def test_lists_open_actions_and_counts_a_letter(run, cases):
    result = run()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2 open Urgent Actions:"
    assert "UA 065/20" in lines[1] and "4 letters" in lines[1]
    assert "Belarus" in lines[1]
    assert "UA 012/19" in lines[2]
    assert lines[-1] == "Counted 1 for UA 065/20: you sent 1, 5 letters in all."
    assert IActionTally(cases["new"]).total() == 5


def test_counts_for_a_given_action(run, cases):
    result = run("--ua", "012/19", "--quantity", "3", "--channel", "email")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith("you sent 3, 3 letters in all.")
    assert storage.member_records().get("member").count(cases["old"].UID()) == 3


def test_reports_errors(run, cases):
    result = run("--ua", "030/20")
    assert result.returncode == 1
    assert "409" in result.stderr and "not open" in result.stderr
    result = run(password="wrong")
    assert result.returncode == 1
    assert "401" in result.stderr
    assert IActionTally(cases["new"]).total() == 4
