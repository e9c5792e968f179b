"""1011 → 1012: every source is listed again by its next sync.

A section that synced from a source running plone.app.multilingual before
the sync grouped a case's translations imported one of them, whichever was
listed first. Listed again (the cursor forgotten, as when a filter
changes), each case follows the translation in the section's language if
the source has it; copies that already follow the right one cost no
request."""

from collective.urgentactions.syndication.sources import all_sources

import plone.api


def relist_sources(context=None):
    for source in all_sources(plone.api.portal.get()):
        source.cursor = None
