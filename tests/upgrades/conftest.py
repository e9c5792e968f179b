"""Upgrading the add-on's profile from an older version, as a site
administrator does in the add-ons control panel."""

import plone.api
import pytest


PROFILE = "collective.urgentactions:default"


@pytest.fixture
def upgrade_from():
    """``upgrade_from("1006")``: mark the profile as installed at that
    version and run every upgrade step from there as a Manager; returns
    portal_setup."""

    def upgrade(version):
        setup = plone.api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile(PROFILE, version)
        with plone.api.env.adopt_roles(["Manager"]):
            setup.upgradeProfile(PROFILE)
        return setup

    return upgrade
