"""``make audit``: the functional site as an attacker and a curious
administrator see it."""

from collective.urgentactions.testing import create_ua

import plone.api
import pytest
import transaction


@pytest.fixture
def portal(functional_portal):
    return functional_portal


@pytest.fixture
def ua(everyone):
    uid = create_ua(everyone["urgent-actions"]).UID()
    transaction.commit()
    return plone.api.content.get(UID=uid)
