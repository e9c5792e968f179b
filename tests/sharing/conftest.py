"""Feeds, social tags and the embeddable counter, fetched through the
publisher from committed content on the functional layer."""

import pytest


@pytest.fixture
def portal(functional_portal):
    return functional_portal
