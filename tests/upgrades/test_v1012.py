"""Upgrading from 1011 makes the next sync of each source list all its
cases again (a multilingual source's cases then follow the translation in
the site's language); the cases imported and the log stay."""

from collective.urgentactions.syndication import sources

import plone.api


PROFILE = "collective.urgentactions:default"


def test_every_source_is_listed_again(portal):
    source = sources.add_source("International Secretariat")
    source.configure(name="International Secretariat", url="http://is.example")
    source.cursor = "2026-12-01T09:00:00.000000+00:00"
    source.cases["source-uid"] = "local-uid"
    setup = plone.api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile(PROFILE, "1011")

    with plone.api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE)

    assert setup.getLastVersionForProfile(PROFILE) == (
        setup.getVersionForProfile(PROFILE),
    )
    assert source.cursor is None
    assert dict(source.cases) == {"source-uid": "local-uid"}


def test_a_site_without_sources(portal):
    setup = plone.api.portal.get_tool("portal_setup")
    setup.setLastVersionForProfile(PROFILE, "1011")
    with plone.api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(PROFILE)
    assert sources.get_sources(portal) is None
