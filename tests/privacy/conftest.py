"""The privacy tests make a member's real requests on the functional site
and read what the database and the logs kept."""

from collective.urgentactions.testing import create_ua

import plone.api
import pytest
import transaction


@pytest.fixture
def portal(functional_portal):
    return functional_portal


@pytest.fixture
def ua(everyone):
    """A published case, at its filed place."""
    uid = create_ua(everyone["urgent-actions"]).UID()
    transaction.commit()
    return plone.api.content.get(UID=uid)
