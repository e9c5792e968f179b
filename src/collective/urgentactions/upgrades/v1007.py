"""1006 → 1007: listings sorted by the catalog.

Adds the sort index ``ua_listing_order`` (``search``: the listings and
``@urgent-actions`` sort and batch on it) and fills it for the cases only,
not by reindexing the index over every object of the site.
"""

import plone.api


PROFILE = "profile-collective.urgentactions:default"


def upgrade(context):
    setup = plone.api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "catalog")
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="UrgentAction"):
        brain._unrestrictedGetObject().reindexObject(idxs=["ua_listing_order"])
