"""Auto-filing: a case in the "Urgent Actions" section moves into the
section's ``YYYY/MM`` folder for its issue date, creating the folders when
missing, which gives breadcrumbs Home > Urgent Actions > 2020 > 04 > title.
The folders stay out of the navigation (the listing filters by year).

Adding (and editing the issue date) only *schedules* the move; it happens in
a before-commit hook of the transaction. Moving inside the ``IObjectAddedEvent``
handler would pull the object away under code that still looks it up by its
id in the section (``invokeFactory``, hence ``plone.api.content.create``).
Old URLs keep working through plone.app.redirector.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.SpecialUsers import system
from Acquisition import aq_base
from Acquisition import aq_parent
from collective.urgentactions.interfaces import IUrgentActionsSection
from collective.urgentactions.transactions import once_per_transaction
from contextlib import contextmanager
from zope.component.hooks import getSite
from zope.component.hooks import setSite

import plone.api
import transaction


_PENDING = object()
# The year and month folders list their cases as cards.
ARCHIVE_VIEW = "urgent-actions-archive"


def section_of(ua):
    """The "Urgent Actions" section an action is in (directly, or filed in
    one of its ``YYYY/MM`` folders), or ``None``."""
    parent = aq_parent(ua)
    if parent is None:
        return None
    if IUrgentActionsSection.providedBy(parent):
        return parent
    year = aq_parent(parent)
    section = aq_parent(year) if year is not None else None
    if (
        section is not None
        and IUrgentActionsSection.providedBy(section)
        and parent.getId().isdigit()
        and year.getId().isdigit()
    ):
        return section
    return None


@contextmanager
def _as_system():
    previous = getSecurityManager()
    newSecurityManager(None, system)
    try:
        yield
    finally:
        setSecurityManager(previous)


def exclude_from_navigation(folder):
    """Keep a year or month folder out of the navigation (the breadcrumbs
    still show it): Plone's navigation listed one entry per month filed,
    120 for ten years, and resolved an icon for each on every page."""
    folder.exclude_from_nav = True
    folder.reindexObject(idxs=["exclude_from_nav"])


def archive_folder(section, issue_date):
    """The section's ``YYYY/MM`` folder for a date, created when missing."""
    folder = section
    for name in (f"{issue_date:%Y}", f"{issue_date:%m}"):
        child = folder.get(name)
        if child is None:
            child = plone.api.content.create(
                container=folder, type="Folder", id=name, title=name
            )
            exclude_from_navigation(child)
            if plone.api.content.get_state(child, default=None) == "private":
                plone.api.content.transition(child, transition="publish")
            child.setLayout(ARCHIVE_VIEW)
        folder = child
    return folder


def file_now(ua):
    """Move the action into its section's folder for its issue date.
    Returns the action at its (new) place."""
    section = section_of(ua)
    if section is None or ua.issue_date is None:
        return ua
    with _as_system():
        target = archive_folder(section, ua.issue_date)
        if aq_parent(ua).getPhysicalPath() == target.getPhysicalPath():
            return ua
        transaction.savepoint(optimistic=True)
        return plone.api.content.move(source=ua, target=target, safe_id=True)


def file_urgent_action(ua, event=None):
    """Schedule filing for the end of the transaction (event subscriber)."""
    pending = once_per_transaction(
        _PENDING, list, _file_pending, getSite(), before_commit=True
    )
    if not any(aq_base(item) is aq_base(ua) for item in pending):
        pending.append(ua)


def _file_pending(pending, site):
    """The hook; the committing code may have left the site (test layers and
    scripts do), so the site of the scheduling is set again."""
    previous = getSite()
    setSite(site)
    try:
        for ua in pending:
            parent = aq_parent(ua)
            if parent is None or aq_base(parent.get(ua.getId())) is not aq_base(ua):
                continue  # deleted or moved elsewhere meanwhile
            file_now(ua)
    finally:
        setSite(previous)
