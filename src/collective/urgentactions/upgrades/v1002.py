"""1001 → 1002: members no longer see who else is a member.

Adds the ``members_listed`` setting (off) and gives "List portal members"
only to Managers and Site Administrators (see ``privacy.membership``).
"""

import plone.api


PROFILE = "profile-collective.urgentactions:default"


def upgrade(context):
    setup = plone.api.portal.get_tool("portal_setup")
    for step in ("plone.app.registry", "rolemap"):
        setup.runImportStepFromProfile(PROFILE, step)
