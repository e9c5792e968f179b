"""Shared fixtures: the add-on's Plone layers and helpers to make cases."""

from collective.urgentactions.testing import FUNCTIONAL_TESTING
from collective.urgentactions.testing import INTEGRATION_TESTING
from datetime import date
from plone.app.testing import TEST_USER_ID
from plone.app.testing import setRoles
from pytest_plone import fixtures_factory
import plone.api
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
    """Create an Urgent Action (as Manager) in the section unless told where."""

    def factory(container=None, state="published", **fields):
        fields.setdefault("title", "Journalist detained for reporting on protests")
        fields.setdefault("ua_number", "065/20")
        fields.setdefault("ai_index", "EUR 57/2227/2020")
        fields.setdefault("country", "BY")
        fields.setdefault("issue_date", date(2020, 4, 28))
        with plone.api.env.adopt_roles(["Manager"]):
            ua = plone.api.content.create(
                container=container or section, type="UrgentAction", **fields
            )
            if state in ("published", "closed"):
                plone.api.content.transition(ua, to_state=state)
        return ua

    return factory


@pytest.fixture
def manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    yield
    setRoles(portal, TEST_USER_ID, ["Member"])
