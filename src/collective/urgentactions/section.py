"""Where a site keeps its Urgent Actions: the section folder at the site
root (created at install, see ``setuphandlers``), marked
``IUrgentActionsSection``."""

from collective.urgentactions.interfaces import IUrgentActionsSection

import plone.api


SECTION_ID = "urgent-actions"


def get_section(portal=None):
    """The section, or ``None`` when the site has none (or only a folder of
    that id that is not the add-on's)."""
    portal = portal or plone.api.portal.get()
    section = portal.get(SECTION_ID)
    if section is not None and IUrgentActionsSection.providedBy(section):
        return section
    return None
