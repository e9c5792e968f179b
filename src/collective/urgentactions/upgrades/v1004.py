"""1003 → 1004: retention and honest counts.

The ``retention_days`` setting (90 days), the permission "Take back letters
of an account" (Managers, Site Administrators, Editors) and its control
panel entry.
"""

import plone.api


PROFILE = "profile-collective.urgentactions:default"


def upgrade(context):
    setup = plone.api.portal.get_tool("portal_setup")
    for step in ("plone.app.registry", "rolemap", "controlpanel"):
        setup.runImportStepFromProfile(PROFILE, step)
