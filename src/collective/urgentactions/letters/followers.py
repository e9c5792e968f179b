"""Who follows an Urgent Action: the index that the mails of an update read.

Without it, finding the followers of one action meant walking every member
record on the site (8.7 s for 5,000 followers among 50,000 members). The
member's own record stays the source of truth (``MemberRecord.actions[uid]
["following"]``, see ``storage``); this index mirrors it per action so that
the fan-out of an update, an outcome or the closing-soon reminders reads
only the followers of the actions concerned.

````Followers`` (annotation ``collective.urgentactions.followers`` on the
action, created with its letter counters when it is added or published,
never by a press)
    ``shards``: a tuple of ``SHARDS`` standalone ``OOSet`` objects of user
    ids; a member's id always lives in shard ``crc32(userid) % SHARDS``.

Counting the first letter on an action follows it, so a press can add the
member to this index, and many members press on a new action at the same
moment. A standalone ``OOSet`` (a BTree bucket that never splits) resolves
concurrent insertions of different keys, as ``BTrees.Length`` resolves
concurrent increments, and the ZEO server or RelStorage resolve it with
nothing but BTrees installed: presses by different members never conflict
(``tests/letters/test_concurrency.py``, ``bench/presses.py``). The shards
keep what one such write stores small (a shard, not every follower).
Only taking follows back (unfollow, unsubscribe, erasure), never a press,
can conflict, and Zope retries those.

Privacy: because counting a letter follows the action, the index nearly
lists who wrote for it. It is read only by the mail jobs (``notifications``)
for their recipients; no page, API, export or log shows it, and erasing a
member removes them from it.
"""

from BTrees.OOBTree import OOSet
from collective.urgentactions.translations import counted_case
from persistent import Persistent
from plone.app.uuid.utils import uuidToObject
from zope.annotation.interfaces import IAnnotations

import zlib


FOLLOWERS_KEY = "collective.urgentactions.followers"
SHARDS = 16


class Followers(Persistent):
    """The user ids following one action, in ``SHARDS`` shards."""

    def __init__(self):
        self.shards = tuple(OOSet() for _ in range(SHARDS))

    def _shard(self, userid):
        return self.shards[zlib.crc32(userid.encode("utf-8")) % SHARDS]

    def set(self, userid, following):
        """Add or remove ``userid``; writes its shard only on a change."""
        shard = self._shard(userid)
        if following and userid not in shard:
            shard.add(userid)
        elif not following and userid in shard:
            shard.remove(userid)

    def __contains__(self, userid):
        return userid in self._shard(userid)

    def __iter__(self):
        for shard in self.shards:
            yield from shard

    def __len__(self):
        return sum(len(shard) for shard in self.shards)


def get_followers(ua):
    """The action's index, or ``None`` (reads never create it). Translations
    of a case share the index of their counted case."""
    return IAnnotations(counted_case(ua)).get(FOLLOWERS_KEY)


def ensure_followers(ua):
    """The action's index, created when missing (with the action)."""
    annotations = IAnnotations(counted_case(ua))
    followers = annotations.get(FOLLOWERS_KEY)
    if followers is None:
        followers = annotations[FOLLOWERS_KEY] = Followers()
    return followers


def pass_followers_on(removed, heir):
    """The index of ``removed`` (the counted case, being deleted) becomes
    ``heir``'s, with whoever was in ``heir``'s own."""
    followers = IAnnotations(removed).pop(FOLLOWERS_KEY, None)
    if followers is None:
        return
    annotations = IAnnotations(heir)
    for userid in annotations.get(FOLLOWERS_KEY, ()):
        followers.set(userid, True)
    annotations[FOLLOWERS_KEY] = followers


def followers_of(ua):
    """The user ids following ``ua`` (empty when it has no index)."""
    followers = get_followers(ua)
    return iter(()) if followers is None else iter(followers)


def set_following(record, uid, following, ua=None):
    """Follow or unfollow in the member's record and in the action's index:
    the one way to change a follow. ``True`` if it changed."""
    if record.is_following(uid) == bool(following):
        return False
    record.set_following(uid, following)
    ua = ua if ua is not None else uuidToObject(uid, unrestricted=True)
    if ua is not None:
        ensure_followers(ua).set(record.userid, following)
    return True


def forget_member(record):
    """Remove the member from the index of every action they follow."""
    for uid in record.followed():
        ua = uuidToObject(uid, unrestricted=True)
        followers = get_followers(ua) if ua is not None else None
        if followers is not None:
            followers.set(record.userid, False)
