"""Upgrading from 1011 makes the next sync of each source list all its
cases again (a multilingual source's cases then follow the translation in
the site's language); the cases imported and the log stay."""

from collective.urgentactions.syndication import sources


PROFILE = "collective.urgentactions:default"


def test_every_source_is_listed_again(portal, upgrade_from):
    source = sources.add_source("International Secretariat")
    source.configure(name="International Secretariat", url="http://is.example")
    source.cursor = "2026-12-01T09:00:00.000000+00:00"
    source.cases["source-uid"] = "local-uid"
    setup = upgrade_from("1011")

    assert setup.getLastVersionForProfile(PROFILE) == (
        setup.getVersionForProfile(PROFILE),
    )
    assert source.cursor is None
    assert dict(source.cases) == {"source-uid": "local-uid"}


def test_a_site_without_sources(portal, upgrade_from):
    upgrade_from("1011")
    assert sources.get_sources(portal) is None
