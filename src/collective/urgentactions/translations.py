"""The translations of a case, where plone.app.multilingual is installed.

plone.app.multilingual links the translations of a case in a translation
group (an id stored on each translation, indexed as ``TranslationGroup``).
They are one case for the letters: one counter and one follow. Both live with
the *counted case*, the oldest translation of the group (normally the
original), so

* a press on the German page writes the member's record under the counted
  case's UID and that case's ``Length`` counters, exactly as without
  translations (the hot path is unchanged, ``letters/storage.py``);
* every translation shows the same "N letters sent" and the same follow;
* "My Urgent Actions" lists each case once, in the reader's language;
* the pages of a language root folder (``/de``: its home page, its Urgent
  Actions section, the month folders, the feeds) show each case once: the
  translation in that language where there is one, otherwise the counted
  case, marked with its language. Each translation's catalog entry says in
  which languages it is the one shown (``card_languages``, the index
  ``ua_card_languages``), so those pages stay one catalog query each.

Without plone.app.multilingual, or for a case without translations, a case
is its own counted case. When the counted case is deleted, its *heir*, the
next-oldest translation, becomes the counted case and receives its letters,
follows and the members' entries (``letters.subscribers.pass_case_on``). Everything here only reads (catalog queries); it
never assigns a translation group, as plone.app.multilingual's translation
manager would.
"""

from Acquisition import aq_base
from Acquisition import aq_chain
from Acquisition import aq_inner
from plone.base.interfaces import IPloneSiteRoot
from plone.uuid.interfaces import IUUID
from Products.CMFCore.utils import getToolByName

import plone.api


try:
    from plone.app.multilingual.interfaces import ILanguageRootFolder
    from plone.app.multilingual.interfaces import ITG
    from plone.app.multilingual.interfaces import ITranslatable
    from plone.app.multilingual.interfaces import ITranslationManager
except ImportError:  # pragma: no cover (it ships with Plone)
    ILanguageRootFolder = ITG = ITranslatable = ITranslationManager = None

CARD_LANGUAGES_INDEX = "ua_card_languages"
GROUP_INDEX = "TranslationGroup"


def translation_group(obj):
    """The id of the object's translation group, or ``None``."""
    if ITranslatable is None or not ITranslatable.providedBy(obj):
        return None
    return ITG(obj, None) or None


def groups_indexed(catalog):
    """Whether the site's catalog indexes translation groups. Not where
    plone.app.multilingual is not installed, even when a case has a group
    (Dexterity caches a type's behaviours per name for all the sites of a
    Zope instance): a query by group would then list every case."""
    return GROUP_INDEX in catalog.indexes()


def _group_brains(context, group, **query):
    catalog = getToolByName(context, "portal_catalog")
    if not groups_indexed(catalog):
        return []
    return catalog.unrestrictedSearchResults(
        portal_type="UrgentAction", TranslationGroup=group, **query
    )


def original_of(brains):
    """Of catalog brains of one case's translations, the original's: the
    oldest (the catalog's date index keeps minutes; the metadata the time)."""
    return min(brains, key=lambda brain: (brain.created, brain.UID))


def counted_case(ua):
    """The translation of ``ua`` that holds the letters and follows."""
    group = translation_group(ua)
    if group is None:
        return ua
    brains = _group_brains(ua, group)
    if len(brains) < 2:
        return ua
    oldest = original_of(brains)
    if IUUID(ua, None) == oldest.UID:
        return ua
    return oldest._unrestrictedGetObject()


def heir(ua):
    """The translation that becomes the counted case when ``ua`` goes:
    the oldest of the others if ``ua`` is the counted case, else ``None``.
    Whether the catalog still lists ``ua`` does not matter."""
    group = translation_group(ua)
    if group is None:
        return None
    uid = IUUID(ua, None)
    others = [brain for brain in _group_brains(ua, group) if uid != brain.UID]
    if not others:
        return None
    oldest = original_of(others)
    if (ua.created(), uid) > (oldest.created, oldest.UID):
        return None
    return oldest._unrestrictedGetObject()


def group_key(brain):
    """What the translations of a case share: their translation group, or
    the case's UID for a case without translations."""
    group = getattr(aq_base(brain), GROUP_INDEX, None)
    return group if isinstance(group, str) and group else brain.UID


def brain_language(brain):
    """The language a case's catalog brain is written in ("" for neutral):
    the ``Language`` column where plone.app.multilingual adds it, else the
    case's own."""
    language = getattr(aq_base(brain), "Language", None)
    if isinstance(language, str):
        return language
    return brain.getObject().Language() or ""


def group_translations(brains, **query):
    """``{group_key: [brain, ...]}`` for the cases of ``brains``: the
    translations the user may view that match ``query`` (one catalog query
    for all; a case without translations is its own group)."""
    groups = {group_key(brain): [brain] for brain in brains}
    linked = [key for key, [brain] in groups.items() if key != brain.UID]
    catalog = plone.api.portal.get_tool("portal_catalog")
    if linked and groups_indexed(catalog):
        for key in linked:
            groups[key] = []
        for brain in catalog(
            portal_type="UrgentAction", TranslationGroup=linked, **query
        ):
            groups[brain.TranslationGroup].append(brain)
    return groups


def translation_brain(brain, language):
    """The catalog brain of the translation of ``brain``'s case in
    ``language`` that the user may view, or ``brain`` itself."""
    group = getattr(brain, "TranslationGroup", None)
    if not group or not language or getattr(brain, "Language", None) == language:
        return brain
    catalog = plone.api.portal.get_tool("portal_catalog")
    if not groups_indexed(catalog):
        return brain
    for translation in catalog(
        portal_type="UrgentAction", TranslationGroup=group, Language=language
    ):
        return translation
    return brain


def translations_of(ua):
    """Every translation of ``ua``, ``ua`` included (``[ua]`` without
    plone.app.multilingual or translations)."""
    group = translation_group(ua)
    if group is None:
        return [ua]
    brains = _group_brains(ua, group)
    if len(brains) < 2:
        return [ua]
    return [brain._unrestrictedGetObject() for brain in brains]


def site_languages():
    return list(
        plone.api.portal.get_registry_record("plone.available_languages", default=[])
    )


def card_languages(ua):
    """The languages whose pages show ``ua`` as the case's card: its own, and,
    for the counted case, every site language the case has no translation
    in. A language-neutral case is shown in every language."""
    language = ua.Language() or ""
    if not language:
        return site_languages()
    group = translation_group(ua)
    if group is None:
        return [language]
    uid = IUUID(ua, None)
    others = [brain for brain in _group_brains(ua, group) if uid != brain.UID]
    if others and (ua.created(), uid) > (
        (oldest := original_of(others)).created,
        oldest.UID,
    ):
        return [language]
    translated = {language, *(brain.Language for brain in others)}
    return [language] + [code for code in site_languages() if code not in translated]


def reindex_group(ua, *others):
    """After a translation of ``ua``'s case came or went: the catalog's
    ``card_languages`` of every translation (and of ``others`` that left)."""
    objects = {IUUID(obj, None): obj for obj in others}
    group = translation_group(ua)
    if group is not None:
        for brain in _group_brains(ua, group):
            if brain.UID not in objects:
                objects[brain.UID] = brain._unrestrictedGetObject()
    for obj in objects.values():
        if obj is not None:
            obj.reindexObject(idxs=[CARD_LANGUAGES_INDEX])


def reindex_all_cases(context):
    """``card_languages`` of every case (the site's languages changed)."""
    catalog = getToolByName(context, "portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="UrgentAction"):
        brain._unrestrictedGetObject().reindexObject(idxs=[CARD_LANGUAGES_INDEX])


def language_root(context):
    """The language root folder (``/de``) ``context`` is in, or ``None``."""
    if ILanguageRootFolder is None:
        return None
    for obj in aq_chain(aq_inner(context)):
        if ILanguageRootFolder.providedBy(obj):
            return obj
        if IPloneSiteRoot.providedBy(obj):
            return None
    return None


def listing_language(context):
    """The language whose cards the pages in ``context`` list: that of its
    language root folder, or ``None`` outside one (no plone.app.multilingual:
    a page lists the cases inside it)."""
    root = language_root(context)
    return (root.Language() or None) if root is not None else None


def translation_changed(ua, event):
    """A translation was registered, replaced or removed (plone.app.multilingual's events)."""
    left = getattr(event, "old_object", None)
    reindex_group(ua, *([left] if left is not None else []))


def translation_deleted(ua, event):
    """A translation was deleted: the others may now be shown in its
    language, and the next-oldest may have become the counted case."""
    if not IPloneSiteRoot.providedBy(event.object):
        reindex_group(ua)
