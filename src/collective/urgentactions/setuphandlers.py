"""Install and uninstall steps that GenericSetup XML cannot express."""

from Acquisition import aq_base
from collective.urgentactions import _
from collective.urgentactions.addressbook.book import ensure_address_book
from collective.urgentactions.controlpanel import uninstall
from collective.urgentactions.interfaces import IUrgentActionsSection
from collective.urgentactions.letters import storage
from collective.urgentactions.privacy import membership
from collective.urgentactions.section import get_section
from collective.urgentactions.section import SECTION_ID
from collective.urgentactions.section import section_of_language
from collective.urgentactions.syndication.sources import remove_all_sources
from collective.urgentactions.translations import ILanguageRootFolder
from collective.urgentactions.translations import ITranslationManager
from collective.urgentactions.translations import reindex_all_cases
from plone.base.interfaces import ILanguage
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


HOME_VIEW = "urgent-actions-home"


def create_section(container, language=None):
    """The "Urgent Actions" folder at the site root (or in a language root
    folder, in its language), published, showing the listing of cases (kept
    if it exists already)."""
    section = container.get(SECTION_ID)
    if section is None:
        title = translate(
            _("Urgent Actions"),
            target_language=language or plone.api.portal.get_default_language(),
        )
        section = plone.api.content.create(
            container=container, type="Folder", id=SECTION_ID, title=title
        )
        if language:
            ILanguage(section).set_language(language)
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


def language_roots(portal):
    """plone.app.multilingual's language root folders (``/en``, ``/de``)."""
    if ILanguageRootFolder is None:
        return []
    return [obj for obj in portal.objectValues() if ILanguageRootFolder.providedBy(obj)]


def link_section(section, portal):
    """Register ``section`` as a translation of the other languages' sections."""
    language = section.Language()
    for root in language_roots(portal):
        other = section_of_language(root)
        if other is None or aq_base(other) is aq_base(section):
            continue
        manager = ITranslationManager(other)
        if not manager.has_translation(language):
            manager.register_translation(language, section)
        return


def set_up_language_root(root, portal):
    """A language root folder shows the home page of its language and holds
    that language's section, where its editors and contributors have their
    roles and the translations of cases are filed. The site root sends a
    visitor to the folder of their browser's language:
    plone.app.multilingual's setup switches that off, which sent every
    visitor to the default language."""
    with plone.api.env.adopt_roles(["Manager"]):
        section = create_section(root, root.Language())
        create_groups(section)
        link_section(section, portal)
        root.setLayout(HOME_VIEW)
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)


def set_up_language_roots(portal):
    """Every language root folder of the site (install, upgrade), and every
    case's languages of cards for the site's languages."""
    for root in language_roots(portal):
        set_up_language_root(root, portal)
    reindex_all_cases(portal)


def language_root_modified(root, event):
    """plone.app.multilingual's setup of the language folders (installing it,
    or a language added) modifies each new language root folder once its
    language is set: with the add-on installed, it gets its section and home
    page, whichever was installed first."""
    portal = plone.api.portal.get()
    if get_section(portal) is None or not root.Language():
        return
    if section_of_language(root) is not None:
        return
    set_up_language_root(root, portal)
    reindex_all_cases(portal)


def post_install(context):
    portal = plone.api.portal.get()
    section = create_section(portal)
    ensure_address_book(section)
    create_groups(section)
    create_member_records(portal)
    set_up_language_roots(portal)


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
    portal = plone.api.portal.get()
    restore_member_listing(portal)
    uninstall.restore_caching(portal)
    remove_all_sources(portal)
    sections = [get_section(portal)]
    for root in language_roots(portal):
        sections.append(section_of_language(root))
        if root.getLayout() == HOME_VIEW:
            del root.layout
    for section in filter(None, sections):
        noLongerProvides(section, IUrgentActionsSection)
        section.setLayout("listing_view")
        section.reindexObject(idxs=["object_provides"])
