"""Fixtures of the test folders that make real requests on the functional
site (audit, controlpanel, hardening, privacy): their conftests import
them, so a test there gets the functional ``portal`` and a case at its
filed place."""

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
