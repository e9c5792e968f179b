"""Shared fixtures: the add-on's Plone layers and helpers to make cases."""

from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import FUNCTIONAL_TESTING
from collective.urgentactions.testing import INTEGRATION_TESTING
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from pytest_plone import fixtures_factory

import pytest


pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (INTEGRATION_TESTING, "integration"),
        )
    )
)


@pytest.fixture
def section(portal):
    return portal["urgent-actions"]


@pytest.fixture
def make_ua(portal, section):
    """Create an Urgent Action in the section unless told where."""

    def factory(container=None, state="published", **fields):
        return create_ua(container or section, state, **fields)

    return factory


@pytest.fixture
def manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    yield
    setRoles(portal, TEST_USER_ID, ["Member"])
