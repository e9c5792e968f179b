"""Where a site keeps its Urgent Actions: the section folder at the site
root (created at install, see ``setuphandlers``), marked
``IUrgentActionsSection``; with plone.app.multilingual also one in each
language root folder (``/de/urgent-actions``), linked as translations."""

from collective.urgentactions.interfaces import IUrgentActionsSection
from collective.urgentactions.translations import language_root

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


def section_of_language(root):
    """The section in a language root folder, or ``None``."""
    section = root.get(SECTION_ID)
    if section is not None and IUrgentActionsSection.providedBy(section):
        return section
    return None


def nearest_section(context):
    """The section of the language ``context`` is in (``/de/urgent-actions``
    in ``/de``), else the site's."""
    root = language_root(context)
    section = section_of_language(root) if root is not None else None
    return section if section is not None else get_section()
