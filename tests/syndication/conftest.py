"""Two real Plone sites talking HTTP (see ``syndication_helpers``)."""

from collective.urgentactions.notifications import fanout
from collective.urgentactions.notifications import outbox
from collective.urgentactions.syndication import worker
from collective.urgentactions.testing import TWO_SITES_FUNCTIONAL_TESTING
from plone.app.testing import logout
from pytest_plone import fixtures_factory
from syndication_helpers import Sites
from syndication_helpers import SMTPServer

import pytest


globals().update(fixtures_factory(((TWO_SITES_FUNCTIONAL_TESTING, "two_sites"),)))


@pytest.fixture
def sites(two_sites, tmp_path, monkeypatch):
    monkeypatch.setenv(outbox.ENVIRONMENT_KEY, str(tmp_path / "mailqueue"))
    smtp = SMTPServer()
    smtp.start()
    try:
        yield Sites(two_sites, smtp)
    finally:
        worker.stop_workers()
        fanout.stop_workers()
        outbox.stop_processors()
        smtp.stop()
        logout()
