"""Who subscribed to new actions of a country or a theme: the index that the
mails of a newly published action read.

The member's preferences (``countries``, ``themes`` in their record, see
``preferences``) stay the source of truth; this index mirrors them so that
announcing a new action reads its subscribers only, not every record.

It also mirrors the two preferences that decide whether the daily run
(``digests``) has anything for a follower, so that the run reads the
records of the members it may mail, not of every follower of the actions
with news.

``Subscriptions`` (annotation ``collective.urgentactions.subscriptions`` on
the site root, created by the first subscription)
    ``countries``: ``OOBTree`` country code -> ``OOTreeSet`` of user ids;
    ``themes``: ``OOBTree`` theme -> ``OOTreeSet`` of user ids;
    ``digest``: ``OOTreeSet`` of the members who get a daily digest;
    ``left_digest``: ``OOTreeSet`` of those who switched to immediate mail
    since the last run (it mails them a last digest, then forgets them);
    ``reminders``: ``OOBTree`` reminder days -> ``OOTreeSet`` of user ids.

Only saving preferences (or unsubscribing, or erasure: ``IMemberErasedEvent``)
and the daily run (``left_digest``) write it, never a press. Privacy: it is
read by the mail jobs only; no page or API shows it.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

import plone.api


SUBSCRIPTIONS_KEY = "collective.urgentactions.subscriptions"
KINDS = ("countries", "themes")


class Subscriptions(Persistent):
    # Indexes from before profile 1008 lack the digest parts until its
    # upgrade step (``upgrades.v1008``) adds them.
    digest = left_digest = reminders = None

    def __init__(self):
        self.countries = OOBTree()
        self.themes = OOBTree()
        self.add_digest_parts()

    def add_digest_parts(self):
        if self.digest is None:
            self.digest = OOTreeSet()
            self.left_digest = OOTreeSet()
            self.reminders = OOBTree()


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


def set_digest(userid, digest, portal=None):
    """The member gets a daily digest (``True``) or immediate mail now; one
    who leaves the digest is kept for the last one (``left_digest``)."""
    index = _ensure(portal)
    index.add_digest_parts()
    if digest:
        index.digest.add(userid)
        index.left_digest.discard(userid)
    elif userid in index.digest:
        index.digest.remove(userid)
        index.left_digest.add(userid)


def set_reminder_days(userid, before, after, portal=None):
    """The member's reminder days changed (0: no reminders)."""
    _ensure(portal).add_digest_parts()
    before, after = [before] if before else [], [after] if after else []
    update(userid, "reminders", before, after, portal)


def digest_members(userids, portal=None):
    """Of ``userids``, those a digest run may owe a digest: they get one, or
    left it since the last run."""
    index = _get(portal)
    if index is None or index.digest is None:
        return set()
    return {u for u in userids if u in index.digest or u in index.left_digest}


def reminded_within(userids, days, portal=None):
    """Of ``userids``, those who want a reminder ``days`` or more days
    before a closing date."""
    index = _get(portal)
    if index is None or index.reminders is None:
        return set()
    sets = list(index.reminders.values(min=days))
    return {u for u in userids if any(u in members for members in sets)}


def left_digest(portal=None):
    """The members who left the digest since the last run."""
    index = _get(portal)
    if index is None or index.left_digest is None:
        return []
    return list(index.left_digest)


def forget_left_digest(userids, portal=None):
    """The last digests of ``userids`` went out."""
    index = _get(portal)
    if index is not None and index.left_digest is not None:
        for userid in userids:
            index.left_digest.discard(userid)


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
    if index.digest is not None:
        index.digest.discard(event.userid)
        index.left_digest.discard(event.userid)
        for members in index.reminders.values():
            members.discard(event.userid)


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
