"""1004 → 1005: roles and workflow that fit a section, honest states.

- the workflows gain "Submit for review" and "Pending review"; editors
  (Reviewer on the section) publish, close, reopen and retract;
- the groups "Urgent Action editors" and "Urgent Action contributors" with
  their roles on the "Urgent Actions" section;
- the Site Administrator reaches the control panel;
- the catalog keeps the day a case was closed by hand (``ua_closed_by_hand``)
  so listings say "Closed on <date>";
- letter templates are titled with the language as its speakers write it
  ("UA 065/20 English", not "english");
- the counter's display threshold 0 (the old default, which showed
  "0 letters sent" on every new case) becomes 1.
"""

from collective.urgentactions.content.letter_template import update_title
from collective.urgentactions.section import get_section
from collective.urgentactions.settings import get_settings
from collective.urgentactions.setuphandlers import create_groups

import plone.api


PROFILE = "profile-collective.urgentactions:default"


def upgrade(context):
    context.runImportStepFromProfile(PROFILE, "rolemap")
    context.runImportStepFromProfile(PROFILE, "workflow")
    context.runImportStepFromProfile(PROFILE, "controlpanel")
    context.runImportStepFromProfile(PROFILE, "catalog")
    plone.api.portal.get_tool("portal_workflow").updateRoleMappings()
    section = get_section()
    if section is not None:
        create_groups(section)
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="UrgentAction"):
        brain._unrestrictedGetObject().reindexObject(idxs=["getId"])
    for brain in catalog.unrestrictedSearchResults(portal_type="LetterTemplate"):
        update_title(brain._unrestrictedGetObject())
    settings = get_settings()
    if settings.display_threshold == 0:
        settings.display_threshold = 1
