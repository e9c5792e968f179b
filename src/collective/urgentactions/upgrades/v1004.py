"""1003 → 1004: the retention setting (``retention_days``, 90 days)."""

import plone.api


PROFILE = "profile-collective.urgentactions:default"


def upgrade(context):
    setup = plone.api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "plone.app.registry")
