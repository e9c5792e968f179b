"""Auto-filing: a case added to the "Urgent Actions" section moves into the
section's ``YYYY/MM`` folder for its issue date, creating the folders when
missing, which gives breadcrumbs Home > Urgent Actions > 2020 > 04 > title.

Moving happens in the ``IObjectAddedEvent`` handler, so every way of adding
(add form, REST API, plone.api) files the same way; plone.dexterity and
plone.restapi look the new object up by UUID when it has moved. Editing the
issue date refiles the case; plone.app.redirector keeps old links working.
"""

from Acquisition import aq_parent
from collective.urgentactions.interfaces import IUrgentActionsSection
import plone.api


def archive_folder(section, issue_date):
    """The section's ``YYYY/MM`` folder for a date, created when missing."""
    folder = section
    for name in (f"{issue_date:%Y}", f"{issue_date:%m}"):
        child = folder.get(name)
        if child is None:
            with plone.api.env.adopt_roles(["Manager"]):
                child = plone.api.content.create(
                    container=folder, type="Folder", id=name, title=name
                )
                if plone.api.content.get_state(child, default=None) == "private":
                    plone.api.content.transition(child, transition="publish")
        folder = child
    return folder


def section_of(ua):
    """The "Urgent Actions" section an action is in (directly, or filed in
    one of its ``YYYY/MM`` folders), or ``None``."""
    parent = aq_parent(ua)
    if IUrgentActionsSection.providedBy(parent):
        return parent
    year = aq_parent(parent)
    section = aq_parent(year)
    if (
        IUrgentActionsSection.providedBy(section)
        and parent.getId().isdigit()
        and year.getId().isdigit()
    ):
        return section
    return None


def file_urgent_action(ua, event=None):
    """Move the action into its section's folder for its issue date."""
    section = section_of(ua)
    if section is None or ua.issue_date is None:
        return
    target = archive_folder(section, ua.issue_date)
    if aq_parent(ua).getPhysicalPath() == target.getPhysicalPath():
        return
    with plone.api.env.adopt_roles(["Manager"]):
        plone.api.content.move(source=ua, target=target, safe_id=True)
