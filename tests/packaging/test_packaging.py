"""The packaging proofs as slow tests (``make test-slow``); the same scripts run
alone as ``make test-wheel`` and ``make test-buildout``."""

from pathlib import Path

import pytest
import subprocess
import sys


HERE = Path(__file__).parent


@pytest.mark.slow
@pytest.mark.parametrize(
    "script, done",
    [("check_wheel.py", "test-wheel: OK"), ("check_buildout.py", "test-buildout: OK")],
)
def test_packaging_proof(script, done):
    result = subprocess.run(
        [sys.executable, HERE / script], capture_output=True, text=True
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert done in result.stdout.splitlines()
