"""The fictional IS documents of tests/demo, for the import tests."""

from pathlib import Path

import importlib.util
import pytest


def _load_samples():
    path = Path(__file__).parents[1] / "demo" / "is_documents.py"
    spec = importlib.util.spec_from_file_location("is_documents", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def samples():
    return _load_samples()
