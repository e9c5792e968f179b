"""Two real Plone sites talking HTTP (see ``syndication_helpers``)."""

from collective.urgentactions.testing import TWO_SITES_FUNCTIONAL_TESTING
from pytest_plone import fixtures_factory
from syndication_helpers import running_sites

import pytest


globals().update(fixtures_factory(((TWO_SITES_FUNCTIONAL_TESTING, "two_sites"),)))


@pytest.fixture
def sites(two_sites, tmp_path, monkeypatch):
    with running_sites(two_sites, tmp_path, monkeypatch) as sites:
        yield sites
