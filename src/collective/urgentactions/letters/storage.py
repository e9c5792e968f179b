"""Where letters are counted: conflict-free storage for a write hot spot.

A new Urgent Action gets most of its letters in its first days, from many
members pressing "I sent a letter" at the same moment. In ZODB two concurrent
transactions that write the same persistent object conflict, and one of them
is retried or fails. Measured with ZEO, two client processes and one action,
a per-action BTree of members conflicts 1.27 times per commit with 32
writers (7 % of presses still failing after four tries); writing only the
member's own record plus conflict-resolving counters conflicts 0 times. So a
press writes exactly these objects:

* the member's own data for the action (:class:`MemberActionData`, in
  their :class:`MemberRecord`; nobody else writes either), and
* ``BTrees.Length.Length`` counters, whose ``_p_resolveConflict`` adds up
  concurrent increments instead of conflicting.

Two structures hold everything:

``ActionTally`` (annotation ``collective.urgentactions.letters`` on the
action, created with the action; ``IActionTally(ua)``)
    ``total``: every letter, including the offline ones;
    ``by_channel``: ``OOBTree`` channel -> ``Length``, one per channel offered
    when the action was created;
    ``by_day``: ``OOBTree`` ``"YYYY-MM-DD"`` -> ``Length``, created in advance
    (when the action is added, published or edited, and daily by the
    ``close-expired`` cron job) for the days it can take letters, up to its
    closing date or 90 days ahead. Inserting a missing day on a press would
    be a shared write that conflicts with every other press of that moment;
    ``offline``: ``Length`` of letters counted outside the site;
    ``withdrawn``: ``Length`` (stored on first use) of letters taken back
    from an abusive account after retention removed their way of sending
    and day: they left the total but not the channel and day counters; and
    ``offline_entries``: ``PersistentList`` of dicts, one per entry an editor
    made: ``quantity`` (what counts now), ``recorded_by`` (user id),
    ``recorded_by_name`` (full name then), ``recorded_at``, ``note``, and
    ``changes``: every correction or removal with who (id and full name),
    when, and the quantity before and after. A removed entry stays in the
    list with ``removed`` set and quantity 0, so the record is kept and an
    entry's position is its lasting id (editors only).

``MemberRecords`` (annotation ``collective.urgentactions.members`` on the
site root, created on install; ``IMemberRecords(portal)``)
    ``records``: ``OOBTree`` user id -> ``MemberRecord``. A record is created
    when the member registers; for members who existed before, the first press
    inserts it, and that one insert is the only shared write of the hot path
    (``bench/presses.py`` reports its conflict rate).

A ``MemberRecord`` keeps, per action UID, a ``MemberActionData`` (a
persistent mapping of its own, so that a press stores the member's data for
that action and not their whole history, which a member of several years
has for hundreds of actions): the member's entries (time,
quantity, channel; once the action has been closed longer than the
retention setting only one entry with the quantity, see
:mod:`collective.urgentactions.letters.retention`), the last submission ids (so a resubmitted form counts
once), whether the member follows the action, when they last saw it and
whether its "closing soon" reminder went out. (Records from before 1011
held these as plain dicts inside the record; upgrade step 1010 → 1011
moves them out, and a write moves any still inline.) Besides, when the member last
used an unsubscribe link of each kind (notifications), and whether the
address of a self-registered account has been confirmed. The member's list of
actions, their export and their erasure read only this record; no
structure lists which members wrote on an action. The follower index
(``followers``) lists who follows an action, for the mail jobs only (and
counting a letter follows by default); no page or API reads it.

Reads never write: the adapters ``IActionTally`` and ``IMemberRecords`` (the
way everybody reaches these structures, see ``docs/extending.md``) give an
empty, unstored structure where none exists yet, which its first write
stores, as plone.app.discussion's ``IConversation`` does.

Every write to a member's record commits anonymously (no user, no path in
the transaction log, see :mod:`collective.urgentactions.privacy.transactions`),
and an erased record is emptied before it is dropped, so that even a storage
that keeps unreferenced objects until garbage collection holds nothing of it
once old revisions are packed away (the erasure schedules ``make pack``).
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from collective.urgentactions.annotations import annotation
from collective.urgentactions.events import MemberErasedEvent
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.interfaces import IMemberRecords
from collective.urgentactions.letters import followers
from collective.urgentactions.privacy.packing import schedule_pack
from collective.urgentactions.privacy.transactions import anonymise_transaction
from collective.urgentactions.settings import get_settings
from collective.urgentactions.translations import counted_case
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from persistent import Persistent
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from plone.uuid.interfaces import IUUID
from zope.annotation.interfaces import IAnnotations
from zope.event import notify
from zope.interface import implementer

import plone.api


TALLY_KEY = "collective.urgentactions.letters"
MEMBERS_KEY = "collective.urgentactions.members"
DAYS_IN_ADVANCE = 90
SUBMISSIONS_KEPT = 20


def now():
    return datetime.now(UTC)


@implementer(IActionTally)
class ActionTally(Persistent):
    """The letter counters of one Urgent Action."""

    def __init__(self, channels=()):
        self.total = Length()
        self.offline = Length()
        self.offline_entries = PersistentList()
        self.by_channel = OOBTree()
        for channel in channels:
            self.by_channel[channel] = Length()
        self.by_day = OOBTree()

    def prepare_days(self, issue_date=None, closing_date=None, today=None):
        """Create the day counters an open action can need, off the hot path:
        from today (or the later issue date) to the closing date, at most
        ``DAYS_IN_ADVANCE`` days ahead."""
        self._store()
        first_day = max(filter(None, (issue_date, today or date.today())))
        last_day = first_day + timedelta(days=DAYS_IN_ADVANCE)
        if closing_date is not None:
            last_day = min(last_day, closing_date)
        day = first_day
        while day <= last_day:
            key = day.isoformat()
            if key not in self.by_day:
                self.by_day[key] = Length()
            day += timedelta(days=1)

    def _store(self):
        """The first write of a tally adapted from an action without one."""
        ua = getattr(self, "_v_unstored_on", None)
        if ua is None:
            return
        del self._v_unstored_on
        IAnnotations(ua)[TALLY_KEY] = self
        prepare_days(ua)

    def add(self, quantity, channel, day):
        self._store()
        self.total.change(quantity)
        _counter(self.by_channel, channel).change(quantity)
        _counter(self.by_day, day.isoformat()).change(quantity)

    def remove(self, quantity, channel, day):
        self.add(-quantity, channel, day)

    def remove_unattributed(self, quantity):
        """Take back letters whose way of sending and day retention has
        removed: out of the total, and into ``withdrawn``, so that the
        channels and days still add up (total = channels + offline -
        withdrawn)."""
        self._store()
        self.total.change(-quantity)
        if getattr(self, "withdrawn", None) is None:
            self.withdrawn = Length()
        self.withdrawn.change(quantity)

    def withdrawn_total(self):
        counter = getattr(self, "withdrawn", None)
        return counter() if counter is not None else 0

    def add_offline(self, quantity, recorded_by, note="", recorded_by_name=""):
        self._store()
        self.total.change(quantity)
        self.offline.change(quantity)
        self.offline_entries.append(
            {
                "quantity": quantity,
                "recorded_by": recorded_by,
                "recorded_by_name": recorded_by_name or recorded_by,
                "recorded_at": now().isoformat(),
                "note": note,
                "changes": [],
            }
        )

    def change_offline(self, index, quantity, changed_by, changed_by_name):
        """Set entry ``index`` to ``quantity`` (0 removes it), keeping the
        change on record. Returns the entry as it is now."""
        entry = dict(self.offline_entries[index])
        before = entry["quantity"]
        self.total.change(quantity - before)
        self.offline.change(quantity - before)
        entry["quantity"] = quantity
        entry["removed"] = quantity == 0
        entry["changes"] = [
            *entry.get("changes", ()),
            {
                "action": "removed" if quantity == 0 else "corrected",
                "from": before,
                "to": quantity,
                "by": changed_by,
                "by_name": changed_by_name or changed_by,
                "at": now().isoformat(),
            },
        ]
        # Replacing the item marks the list changed (the dict is not persistent).
        self.offline_entries[index] = entry
        return entry

    def absorb(self, other):
        """Add ``other``'s letters and offline entries to these counters
        (its entries after these, which keep their numbers)."""
        self._store()
        self.total.change(other.total())
        self.offline.change(other.offline())
        for tree, others in (
            (self.by_channel, other.by_channel),
            (self.by_day, other.by_day),
        ):
            for key, counter in others.items():
                _counter(tree, key).change(counter())
        if other.withdrawn_total():
            if getattr(self, "withdrawn", None) is None:
                self.withdrawn = Length()
            self.withdrawn.change(other.withdrawn_total())
        self.offline_entries.extend(other.offline_entries)

    def channel_totals(self):
        return {channel: counter() for channel, counter in self.by_channel.items()}

    def day_totals(self):
        return {day: counter() for day, counter in self.by_day.items() if counter()}


def is_reduced(data):
    """Whether a member's data for one action was reduced by retention."""
    return bool(data.get("reduced"))


def _counter(tree, key):
    counter = tree.get(key)
    if counter is None:
        # Rare: a channel offered later or a day outside the prepared range.
        counter = tree[key] = Length()
    return counter


class MemberActionData(PersistentMapping):
    """One member's data for one action (``MemberRecord.actions[uid]``):
    ``entries``, ``submissions``, ``following``, ``last_seen`` and, when
    it went out, ``reminded``. Only the member writes it."""


def empty(data):
    """Forget the contents of a member's data for an action that is being
    dropped or replaced (see "emptied before it is dropped" above)."""
    if isinstance(data, MemberActionData):
        data.clear()


class MemberRecord(Persistent):
    """One member's letters, follows and preferences. Only they write it."""

    # False for an account a visitor registered until its address is
    # confirmed (``letters.subscribers``); accounts made by administrators
    # and those from before the rule count right away.
    email_confirmed = True

    def __init__(self, userid):
        self.userid = userid
        self.created = now().isoformat()
        self.actions = {}
        self.preferences = {}

    def _changed(self):
        self._p_changed = True
        anonymise_transaction()

    def set_email_confirmed(self, confirmed):
        self._changed()
        self.email_confirmed = bool(confirmed)

    def set_preference(self, name, value):
        self._changed()
        self.preferences = {**self.preferences, name: value}

    def followed(self):
        """UIDs of the actions the member follows."""
        return [uid for uid, data in self.actions.items() if data.get("following")]

    def action(self, uid):
        """The member's data for one action (a copy to read, may be empty)."""
        return dict(self.actions.get(uid, {}))

    def _writable_action(self, uid):
        """The member's data for ``uid``, to change: its own object, so that
        only it is stored (the record too when the action is new to it)."""
        data = self.actions.get(uid)
        if isinstance(data, MemberActionData):
            data._p_changed = True  # its lists change in place
            anonymise_transaction()
            return data
        self._changed()
        data = self.actions[uid] = MemberActionData(
            data
            or {"entries": [], "submissions": [], "following": False, "last_seen": None}
        )
        return data

    def move_out_inline_actions(self):
        """Give every action kept inline in the record (before 1011) its own
        object. Returns how many were moved."""
        inline = [
            uid
            for uid, data in self.actions.items()
            if not isinstance(data, MemberActionData)
        ]
        for uid in inline:
            self._writable_action(uid)
        return len(inline)

    def move_action(self, old_uid, new_uid):
        """Keep the member's data for ``old_uid`` under ``new_uid`` (the
        case's new counted translation), merged with what is there."""
        data = self.actions.get(old_uid)
        if data is None:
            return
        self._changed()
        actions = dict(self.actions)
        del actions[old_uid]
        present = actions.get(new_uid)
        if present is not None:
            merged = (data, present)
            seen = [
                value
                for value in (data.get("last_seen"), present.get("last_seen"))
                if value
            ]
            data = {
                **present,
                **data,
                "entries": [*present.get("entries", ()), *data.get("entries", ())],
                "submissions": [
                    *present.get("submissions", ()),
                    *data.get("submissions", ()),
                ][-SUBMISSIONS_KEPT:],
                "following": bool(present.get("following") or data.get("following")),
                "last_seen": max(seen) if seen else None,
            }
            for each in merged:
                empty(each)
        if not isinstance(data, MemberActionData):
            data = MemberActionData(data)
        actions[new_uid] = data
        self.actions = actions

    def count(self, uid):
        return sum(entry["quantity"] for entry in self.action(uid).get("entries", ()))

    def has_submission(self, uid, submission_id):
        return submission_id in self.action(uid).get("submissions", ())

    def add_entry(self, uid, quantity, channel, when, submission_id=None):
        data = self._writable_action(uid)
        entry = {"when": when.isoformat(), "quantity": quantity, "channel": channel}
        data["entries"].append(entry)
        if submission_id:
            data["submissions"] = [*data["submissions"], submission_id][
                -SUBMISSIONS_KEPT:
            ]
        return entry

    def pop_entry(self, uid):
        data = self.actions.get(uid)
        if not data or not data["entries"]:
            return None
        return self._writable_action(uid)["entries"].pop()

    def set_following(self, uid, following):
        self._writable_action(uid)["following"] = bool(following)

    def is_following(self, uid):
        return bool(self.action(uid).get("following"))

    def mark_seen(self, uid, when):
        self._writable_action(uid)["last_seen"] = when.isoformat()

    def last_seen(self, uid):
        value = self.action(uid).get("last_seen")
        return datetime.fromisoformat(value) if value else None

    def reduce_action(self, uid, seen_up_to=None):
        """Keep of a long-closed action only what the totals and "My Urgent
        Actions" need: the number of letters (one entry without time or
        way of sending), the follow, and whether the member had seen its
        newest update (``seen_up_to``, that update's time, not the visit's).
        Returns whether anything was reduced."""
        data = self.actions.get(uid)
        if not data or is_reduced(data):
            return False
        letters = sum(entry["quantity"] for entry in data.get("entries", ()))
        last_seen = data.get("last_seen")
        seen = bool(seen_up_to and last_seen and last_seen >= seen_up_to.isoformat())
        reduced = {
            "entries": [{"quantity": letters}] if letters else [],
            "submissions": [],
            "following": bool(data.get("following")),
            "last_seen": seen_up_to.isoformat() if seen else None,
            "reduced": True,
        }
        writable = self._writable_action(uid)
        writable.clear()
        writable.update(reduced)
        return True

    def mark_reminded(self, uid, when):
        """The "closing soon" reminder for an action went out."""
        self._writable_action(uid)["reminded"] = when.isoformat()

    def reminded(self, uid):
        return bool(self.action(uid).get("reminded"))

    def mark_unsubscribed(self, scope, when):
        """An unsubscribe link for ``scope`` was used: links issued before
        ``when`` for that scope no longer work."""
        self._changed()
        self.unsubscribed = {
            **getattr(self, "unsubscribed", {}),
            scope: when.isoformat(),
        }

    def wipe(self):
        """Forget everything (the record is about to be dropped)."""
        self._changed()
        for data in self.actions.values():
            empty(data)
        self.userid = ""
        self.created = ""
        self.actions = {}
        self.preferences = {}
        self.unsubscribed = {}

    def unsubscribed_at(self, scope):
        value = getattr(self, "unsubscribed", {}).get(scope)
        return datetime.fromisoformat(value) if value else None


@implementer(IMemberRecords)
class MemberRecords(Persistent):
    """Every member's record, by user id."""

    def __init__(self):
        self.records = OOBTree()
        self.count = Length()

    def _store(self):
        """The first write of records adapted from a site without them."""
        portal = getattr(self, "_v_unstored_on", None)
        if portal is not None:
            del self._v_unstored_on
            IAnnotations(portal)[MEMBERS_KEY] = self

    def get(self, userid):
        return self.records.get(userid) if userid else None

    def ensure(self, userid):
        """The member's record, inserted on first use (the one shared write)."""
        record = self.records.get(userid)
        if record is None:
            anonymise_transaction()
            self._store()
            record = self.records[userid] = MemberRecord(userid)
            self.count.change(1)
        return record

    def erase(self, userid):
        """Delete everything stored about a member: the record and the
        member's entries in the follower index (reaching only the actions
        they follow), then tell subscribers (``IMemberErasedEvent``), who
        erase their copies (the subscription index is one). Totals stay as
        they are."""
        record = self.records.get(userid)
        if record is None:
            return False
        followers.forget_member(record)
        record.wipe()
        del self.records[userid]
        self.count.change(-1)
        schedule_pack()
        notify(MemberErasedEvent(plone.api.portal.get(), userid))
        return True

    def __iter__(self):
        return iter(self.records.values())


# -- the adapters (registered in letters/configure.zcml; never write) --------


def action_tally(ua):
    """``IActionTally`` of an Urgent Action: its stored counters, or empty
    ones that their first write stores. Translations of a case share the
    counters of their counted case (``collective.urgentactions.translations``)."""
    counted = counted_case(ua)
    tally = IAnnotations(counted).get(TALLY_KEY)
    if tally is None:
        tally = ActionTally(channels=get_settings().channels)
        tally._v_unstored_on = counted
    return tally


def action_uid(ua):
    """The UID under which members' records keep their letters and follow
    of ``ua`` (one for all its translations)."""
    return IUUID(counted_case(ua))


def site_member_records(portal):
    """``IMemberRecords`` of the site: the stored records, or empty ones that
    their first write stores."""
    records = IAnnotations(portal).get(MEMBERS_KEY)
    if records is None:
        records = MemberRecords()
        records._v_unstored_on = portal
    return records


def member_records(portal=None):
    """``IMemberRecords`` of the current site (or of ``portal``)."""
    return IMemberRecords(portal or plone.api.portal.get())


# -- a deleted counted case passes on (``translations.heir``) ---------------


def pass_tally_on(removed, heir):
    """The counters of ``removed`` (the counted case, being deleted) become
    ``heir``'s, with whatever ``heir`` had counted of its own."""
    tally = IAnnotations(removed).pop(TALLY_KEY, None)
    if tally is None:
        return
    annotations = IAnnotations(heir)
    own = annotations.get(TALLY_KEY)
    if own is not None:
        tally.absorb(own)
    annotations[TALLY_KEY] = tally


def pass_records_on(old_uid, new_uid, portal=None):
    """Members' letters and follows of ``old_uid`` move to ``new_uid``: a
    walk over every record, for the rare deletion of a translated original
    (the records are the only list of who wrote, and they stay so)."""
    for record in member_records(portal):
        record.move_action(old_uid, new_uid)


# -- creation off the hot path -----------------------------------------------


def prepare_days(ua, today=None):
    """Day counters for the days ahead (see ``ActionTally.prepare_days``);
    stores the action's counters when they are missing (on add)."""
    IActionTally(ua).prepare_days(
        getattr(ua, "issue_date", None), getattr(ua, "closing_date", None), today
    )


def create_member_records(portal):
    """Store the site's records container (on install)."""
    return annotation(portal, MEMBERS_KEY, MemberRecords)
