"""Install and uninstall steps that GenericSetup XML cannot express."""

from collective.urgentactions import _
from collective.urgentactions.addressbook.book import ensure_address_book
from collective.urgentactions.controlpanel import uninstall
from collective.urgentactions.interfaces import IUrgentActionsSection
from collective.urgentactions.letters import storage
from collective.urgentactions.privacy import membership
from collective.urgentactions.section import get_section
from collective.urgentactions.section import SECTION_ID
from collective.urgentactions.syndication.sources import remove_all_sources
from plone.base.interfaces import INonInstallable
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import noLongerProvides

import plone.api


# The groups an administrator puts people in (Users and Groups), and the
# roles each holds on the "Urgent Actions" section only (its Sharing tab):
# editors add, edit and publish, close, reopen and retract cases and updates;
# contributors write drafts and submit them for review.
EDITORS_GROUP = "urgent-action-editors"
CONTRIBUTORS_GROUP = "urgent-action-contributors"
GROUPS = {
    EDITORS_GROUP: (
        _("Urgent Action editors"),
        _(
            "Write, publish, close, reopen and retract Urgent Actions and "
            "their updates in the Urgent Actions section."
        ),
        ("Contributor", "Editor", "Reviewer"),
    ),
    CONTRIBUTORS_GROUP: (
        _("Urgent Action contributors"),
        _(
            "Write Urgent Actions and updates as drafts and submit them to "
            "the editors for review."
        ),
        ("Contributor",),
    ),
}


@implementer(INonInstallable)
class HiddenProfiles:
    """The add-ons control panel offers only the default profile: the demo
    content is for ``make start`` and the tests, not for production sites."""

    def getNonInstallableProfiles(self):
        return ["collective.urgentactions:uninstall", "collective.urgentactions:demo"]


def create_section(portal):
    """The "Urgent Actions" folder at the site root, published, showing the
    listing of cases (kept if it exists already)."""
    section = portal.get(SECTION_ID)
    if section is None:
        title = translate(
            _("Urgent Actions"), target_language=plone.api.portal.get_default_language()
        )
        section = plone.api.content.create(
            container=portal, type="Folder", id=SECTION_ID, title=title
        )
        if plone.api.content.get_state(section, default=None) == "private":
            plone.api.content.transition(section, transition="publish")
    alsoProvides(section, IUrgentActionsSection)
    section.setLayout("urgent-actions-listing")
    section.reindexObject(idxs=["object_provides"])
    return section


def create_groups(section):
    """The editors' and contributors' groups with their roles on the section
    (an existing group keeps its members; its roles there are set again)."""
    language = plone.api.portal.get_default_language()
    for groupid, (title, description, roles) in GROUPS.items():
        if plone.api.group.get(groupname=groupid) is None:
            plone.api.group.create(
                groupname=groupid,
                title=translate(title, target_language=language),
                description=translate(description, target_language=language),
            )
        section.manage_setLocalRoles(groupid, list(roles))
    section.reindexObjectSecurity()


def create_member_records(portal):
    """Records for members who registered before the add-on was installed,
    so their first letter does not have to insert one."""
    records = storage.create_member_records(portal)
    source_users = getattr(portal.acl_users, "source_users", None)
    if source_users is None:
        return
    for userid in source_users.getUserIds():
        records.ensure(userid)


def pre_install(context):
    """Before the profile turns caching on: remember whether it was on."""
    uninstall.remember_caching_switch(plone.api.portal.get())


def post_install(context):
    portal = plone.api.portal.get()
    section = create_section(portal)
    ensure_address_book(section)
    create_groups(section)
    create_member_records(portal)


def restore_member_listing(portal):
    portal.manage_permission(
        membership.PERMISSION,
        roles=[*membership.ADMINISTRATORS, "Member"],
        acquire=True,
    )


def post_uninstall(context):
    """Types and settings go; editors' content stays, but the section no longer
    files cases or shows the listing. Members may list members again, as in
    Plone; caching is switched back to what it was before the install (the
    members' data stays unless ``@@urgentactions-uninstall`` erased it).
    The syndication sources go with their credentials."""
    restore_member_listing(plone.api.portal.get())
    uninstall.restore_caching(plone.api.portal.get())
    remove_all_sources(plone.api.portal.get())
    section = get_section()
    if section is None:
        return
    noLongerProvides(section, IUrgentActionsSection)
    section.setLayout("listing_view")
    section.reindexObject(idxs=["object_provides"])
