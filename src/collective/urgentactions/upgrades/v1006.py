"""1005 → 1006: syndication.

Adds the catalog index and column ``ua_changed`` (``changed_since`` on
``@urgent-actions``) and fills them for every case, the permissions
"Manage syndication" and "Report section totals" with the role Section, and
the Syndication control panel.
"""

import plone.api


PROFILE = "profile-collective.urgentactions:default"


def upgrade(context):
    setup = plone.api.portal.get_tool("portal_setup")
    for step in ("catalog", "rolemap", "controlpanel"):
        setup.runImportStepFromProfile(PROFILE, step)
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="UrgentAction"):
        brain._unrestrictedGetObject().reindexObject(idxs=["ua_changed"])
