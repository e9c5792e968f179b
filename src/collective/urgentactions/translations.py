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
* "My Urgent Actions" lists each case once, in the reader's language.

Without plone.app.multilingual, or for a case without translations, a case
is its own counted case. When the counted case is deleted, its *heir*, the
next-oldest translation, becomes the counted case and receives its letters,
follows and the members' entries (``letters.subscribers.pass_case_on``). Everything here only reads (catalog queries); it
never assigns a translation group, as plone.app.multilingual's translation
manager would.
"""

from plone.uuid.interfaces import IUUID
from Products.CMFCore.utils import getToolByName

import plone.api


try:
    from plone.app.multilingual.interfaces import ITG
    from plone.app.multilingual.interfaces import ITranslatable
except ImportError:  # pragma: no cover (it ships with Plone)
    ITG = ITranslatable = None


def translation_group(obj):
    """The id of the object's translation group, or ``None``."""
    if ITranslatable is None or not ITranslatable.providedBy(obj):
        return None
    return ITG(obj, None) or None


def _group_brains(context, group, **query):
    catalog = getToolByName(context, "portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type="UrgentAction", TranslationGroup=group, **query
    )


def _oldest(brains):
    # The catalog's date index keeps minutes; the metadata keeps the time.
    return min(brains, key=lambda brain: (brain.created, brain.UID))


def counted_case(ua):
    """The translation of ``ua`` that holds the letters and follows."""
    group = translation_group(ua)
    if group is None:
        return ua
    brains = _group_brains(ua, group)
    if len(brains) < 2:
        return ua
    oldest = _oldest(brains)
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
    oldest = _oldest(others)
    if (ua.created(), uid) > (oldest.created, oldest.UID):
        return None
    return oldest._unrestrictedGetObject()


def translation_brain(brain, language):
    """The catalog brain of the translation of ``brain``'s case in
    ``language`` that the user may view, or ``brain`` itself."""
    group = getattr(brain, "TranslationGroup", None)
    if not group or not language or getattr(brain, "Language", None) == language:
        return brain
    catalog = plone.api.portal.get_tool("portal_catalog")
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
