"""Who subscribed to new actions of a country or a theme: the index that the
mails of a newly published action read.

The member's preferences (``countries``, ``themes`` in their record, see
``preferences``) stay the source of truth; this index mirrors them so that
announcing a new action reads its subscribers only, not every record.

``Subscriptions`` (annotation ``collective.urgentactions.subscriptions`` on
the site root, created by the first subscription)
    ``countries``: ``OOBTree`` country code -> ``OOTreeSet`` of user ids;
    ``themes``: ``OOBTree`` theme -> ``OOTreeSet`` of user ids.

Only saving preferences (or unsubscribing, or erasure: ``IMemberErasedEvent``) writes it, never a
press. Privacy: it is read by the mail jobs only; no page or API shows it.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

import plone.api


SUBSCRIPTIONS_KEY = "collective.urgentactions.subscriptions"
KINDS = ("countries", "themes")


class Subscriptions(Persistent):
    def __init__(self):
        self.countries = OOBTree()
        self.themes = OOBTree()


def _get(portal=None):
    portal = portal or plone.api.portal.get()
    return IAnnotations(portal).get(SUBSCRIPTIONS_KEY)


def _ensure(portal=None):
    portal = portal or plone.api.portal.get()
    annotations = IAnnotations(portal)
    index = annotations.get(SUBSCRIPTIONS_KEY)
    if index is None:
        index = annotations[SUBSCRIPTIONS_KEY] = Subscriptions()
    return index


def update(userid, kind, before, after, portal=None):
    """The member's ``kind`` subscriptions changed from ``before`` to
    ``after`` (sequences of countries or themes)."""
    before, after = set(before or ()), set(after or ())
    if before == after:
        return
    tree = getattr(_ensure(portal), kind)
    for key in after - before:
        members = tree.get(key)
        if members is None:
            members = tree[key] = OOTreeSet()
        members.add(userid)
    for key in before - after:
        members = tree.get(key)
        if members is not None and userid in members:
            members.remove(userid)


def forget_erased_member(event):
    """Subscriber of ``IMemberErasedEvent``: take the member out of every
    subscription. Their record, which named their countries and themes, is
    gone, so each country's and theme's set is looked into (as many as
    have subscribers, not one per member)."""
    index = _get(event.object)
    if index is None:
        return
    for kind in KINDS:
        for members in getattr(index, kind).values():
            if event.userid in members:
                members.remove(event.userid)


def subscribers(ua, portal=None):
    """User ids subscribed to the country or one of the themes of ``ua``."""
    index = _get(portal)
    if index is None:
        return set()
    found = set()
    if ua.country:
        found.update(index.countries.get(ua.country, ()))
    for theme in ua.themes or ():
        found.update(index.themes.get(theme, ()))
    return found
