"""The rules of counting letters, in one code path.

The viewlet's form, its script and the ``@letters`` REST service all call
:func:`count_letters`, :func:`undo_last_entry` and :func:`letter_state`.
A rule that fails raises :class:`LetterError` with a message for people and
an HTTP status; nothing has been written then. After writing, the rules fire
the events of ``interfaces`` (letters counted, entry taken back, follow
changed) for integrators, see ``docs/extending.md``.
"""

from AccessControl import getSecurityManager
from collective.urgentactions import _
from collective.urgentactions.events import FollowChangedEvent
from collective.urgentactions.events import LetterEntryTakenBackEvent
from collective.urgentactions.events import LettersCountedEvent
from collective.urgentactions.hardening import ratelimit
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.settings import get_settings
from collective.urgentactions.status import OPEN
from collective.urgentactions.status import ua_status
from collective.urgentactions.syndication.totals import worldwide
from datetime import datetime
from functools import cached_property
from plone.app.uuid.utils import uuidToObject
from zope.event import notify

import plone.api


COUNT_PERMISSION = "collective.urgentactions: Count letters"
STATISTICS_PERMISSION = "collective.urgentactions: View letter statistics"
OFFLINE_PERMISSION = "collective.urgentactions: Record offline letters"
MAX_OFFLINE_QUANTITY = 100000


class LetterError(Exception):
    """A press that breaks a rule. ``message`` is a translatable message."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


def current_userid():
    """The id of the logged-in user, or ``None`` for anonymous visitors.

    Read from the security manager, as ``plone.api.user`` does underneath:
    every press asks, and ``plone.api.user.get_current()`` first wraps the
    user as member data, which a press never reads (see "Counting letters"
    in ``docs/benchmarks.md``)."""
    user = getSecurityManager().getUser()
    if user is None or user.getUserName() == "Anonymous User":
        return None
    return user.getId()


def has_permission(permission, ua):
    """Whether the current user has ``permission`` on ``ua``.

    ``plone.api.user.has_permission`` lists every permission of the site
    when the answer is no, to check the name; the names here are the
    constants above, which the tests check once."""
    return bool(getSecurityManager().checkPermission(permission, ua))


def parse_quantity(value, cap):
    """A whole number from 1 to ``cap`` (form strings or JSON numbers).

    Only ASCII digits count ("²" and "٣" are digits to ``str.isdigit`` but
    not numbers to ``int``), and a string longer than the cap is refused
    before ``int`` reads it (Python refuses more than 4300 digits)."""
    if isinstance(value, bool):
        raise LetterError(_("The number of letters must be a whole number."))
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.isdigit()):
            raise LetterError(_("The number of letters must be a whole number."))
        digits = value.lstrip("0") or "0"
        value = cap + 1 if len(digits) > len(str(cap)) else int(digits)
    if not isinstance(value, int):
        raise LetterError(_("The number of letters must be a whole number."))
    if value < 1:
        raise LetterError(_("Count at least one letter."))
    if value > cap:
        raise LetterError(
            _(
                "You can count at most ${cap} letters for this Urgent Action.",
                mapping={"cap": cap},
            )
        )
    return value


def parse_channel(value, channels):
    if value is None or value == "":
        return channels[0]
    if not isinstance(value, str) or value not in channels:
        raise LetterError(
            _(
                "Unknown way of sending: ${channel}. Choose one of: ${channels}.",
                mapping={"channel": str(value)[:40], "channels": ", ".join(channels)},
            )
        )
    return value


class _Lookups:
    """What a rule looks up about an action and the current member, each at
    most once: a press needs most of it for its checks and again for its
    answer, and each lookup (an adapter, a permission, the workflow state)
    costs more than the writes of the press."""

    def __init__(self, ua, userid):
        self.ua = ua
        self.userid = userid

    @cached_property
    def settings(self):
        return get_settings()

    @cached_property
    def tally(self):
        return IActionTally(self.ua)

    @cached_property
    def uid(self):
        return storage.action_uid(self.ua)

    @cached_property
    def records(self):
        return storage.member_records()

    @cached_property
    def record(self):
        """The member's record; set it when the rule has just created it."""
        return self.records.get(self.userid)

    @cached_property
    def is_open(self):
        return ua_status(self.ua) == OPEN

    @cached_property
    def may_count(self):
        return has_permission(COUNT_PERMISSION, self.ua)

    @property
    def email_confirmed(self):
        """Whether the member's letters may count: an account a visitor
        registered counts once its address is confirmed (unless the setting
        ``confirmed_accounts_only`` is off)."""
        return (
            not self.settings.confirmed_accounts_only
            or self.record is None
            or self.record.email_confirmed
        )


def _check_may_count(seen):
    if seen.userid is None:
        raise LetterError(
            _("Log in to have your letter counted."),
            status=401,
        )
    if not seen.may_count:
        raise LetterError(
            _("You are not allowed to count letters."),
            status=403,
        )
    if not seen.is_open:
        raise LetterError(
            _("This Urgent Action is not open for letters."),
            status=409,
        )
    if not seen.email_confirmed:
        raise LetterError(CONFIRM_EMAIL, status=403)


CONFIRM_EMAIL = _(
    "Your letters count once your e-mail address is confirmed: follow the link "
    "in the mail the site sent you when you registered. No mail? Use “Forgot "
    "your password?” on the login page to get a new link."
)


def _check_rate(userid):
    wait = ratelimit.check_press(userid)
    if wait:
        raise LetterError(
            _(
                "You are counting letters very fast. Wait ${seconds} seconds, "
                "then try again.",
                mapping={"seconds": wait},
            ),
            status=429,
        )


def count_letters(ua, quantity=1, channel=None, submission_id=None):
    """Record letters the current member sent. Returns :func:`letter_state`.

    A repeated ``submission_id`` (double click, resubmitted form) is counted
    once: the second call changes nothing and reports ``duplicate``.
    """
    seen = _Lookups(ua, current_userid())
    _check_may_count(seen)
    _check_rate(seen.userid)
    settings, uid, record = seen.settings, seen.uid, seen.record
    if submission_id is not None and not isinstance(submission_id, str):
        raise LetterError(_("The submission id must be text."))
    submission_id = (submission_id or "")[:64] or None
    if (
        record is not None
        and submission_id
        and record.has_submission(uid, submission_id)
    ):
        return dict(_state(seen), duplicate=True)
    quantity = parse_quantity(quantity, settings.letters_cap)
    channel = parse_channel(channel, settings.channels)
    already = record.count(uid) if record is not None else 0
    if already + quantity > settings.letters_cap:
        raise LetterError(
            _(
                "You have counted ${already} letters; each member can count at "
                "most ${cap} for an Urgent Action.",
                mapping={"already": already, "cap": settings.letters_cap},
            ),
            status=409,
        )

    when = storage.now()
    record = seen.record = record or seen.records.ensure(seen.userid)
    record.add_entry(uid, quantity, channel, when, submission_id)
    follows = not record.preferences.get("no_auto_follow") and followers.set_following(
        record, uid, True, ua
    )
    seen.tally.add(quantity, channel, when.astimezone().date())
    notify(LettersCountedEvent(ua, quantity, channel))
    if follows:
        notify(FollowChangedEvent(ua, True))
    return dict(_state(seen), duplicate=False)


def undo_last_entry(ua):
    """Take back the current member's last entry on an open action."""
    seen = _Lookups(ua, current_userid())
    _check_may_count(seen)
    _check_rate(seen.userid)
    uid, record = seen.uid, seen.record
    if record is None or not record.action(uid).get("entries"):
        raise LetterError(_("You have no letters to take back."), status=409)
    if "when" not in record.action(uid)["entries"][-1]:
        raise LetterError(
            _(
                "These letters were counted on this action before it closed; "
                "their details are no longer kept, so they cannot be taken back."
            ),
            status=409,
        )
    entry = record.pop_entry(uid)
    when = datetime.fromisoformat(entry["when"])
    seen.tally.remove(entry["quantity"], entry["channel"], when.astimezone().date())
    notify(LetterEntryTakenBackEvent(ua, entry["quantity"], entry["channel"]))
    return _state(seen)


def current_fullname():
    """The current user's full name, or their id when they gave none."""
    user = plone.api.user.get_current()
    return (user.getProperty("fullname", "") or "").strip() or user.getId()


def _check_may_record_offline(ua):
    if not has_permission(OFFLINE_PERMISSION, ua):
        raise LetterError(_("You are not allowed to record offline letters."), 403)


def record_offline_letters(ua, quantity, note=""):
    """Add letters counted outside the site (by a local group, say)."""
    _check_may_record_offline(ua)
    quantity = parse_quantity(quantity, MAX_OFFLINE_QUANTITY)
    if not isinstance(note, str):
        raise LetterError(_("The note must be text."))
    note = note.strip()[:200]
    IActionTally(ua).add_offline(quantity, current_userid(), note, current_fullname())
    return letter_state(ua)


def _offline_entry_index(tally, index):
    """The position of an offline entry, from a form string or a number."""
    if isinstance(index, str) and index.strip().isdigit():
        index = int(index)
    if (
        isinstance(index, bool)
        or not isinstance(index, int)
        or not 0 <= index < len(tally.offline_entries)
    ):
        raise LetterError(_("There is no such offline entry."), status=404)
    if tally.offline_entries[index].get("removed"):
        raise LetterError(_("This offline entry has been removed."), status=409)
    return index


def correct_offline_entry(ua, index, quantity):
    """Change the number of letters of an offline entry (a typo: 120 for 12).
    Who changed it, when and from what stays on record."""
    _check_may_record_offline(ua)
    tally = IActionTally(ua)
    index = _offline_entry_index(tally, index)
    quantity = parse_quantity(quantity, MAX_OFFLINE_QUANTITY)
    if quantity != tally.offline_entries[index]["quantity"]:
        tally.change_offline(index, quantity, current_userid(), current_fullname())
    return letter_state(ua)


def remove_offline_entry(ua, index):
    """Take an offline entry out of the totals; it stays listed as removed,
    with who removed it and when."""
    _check_may_record_offline(ua)
    tally = IActionTally(ua)
    index = _offline_entry_index(tally, index)
    tally.change_offline(index, 0, current_userid(), current_fullname())
    return letter_state(ua)


def letter_state(ua):
    """What the current user may know about an action's letters.

    Everybody: the total and whether counting is open, and for a case other
    sites count letters for, the worldwide total (``syndication.totals``). The member: their own
    count, entries and follow. Statistics (by channel, by day, offline
    entries) only with the statistics permission. Never who else wrote.
    """
    return _state(_Lookups(ua, current_userid()))


def _state(seen):
    """:func:`letter_state` from what the rule already looked up."""
    ua, userid, settings, tally = seen.ua, seen.userid, seen.settings, seen.tally
    cap = settings.letters_cap
    total = tally.total()
    is_open = seen.is_open
    state = {
        "total": total,
        "shown": total >= settings.display_threshold,
        "goal": getattr(ua, "letter_goal", None) or None,
        "open": is_open,
        "cap": cap,
        "channels": list(settings.channels),
        "can_count": False,
        "mine": 0,
        "entries": [],
        "following": False,
    }
    if userid is not None:
        record, uid = seen.record, seen.uid
        if record is not None:
            state["mine"] = record.count(uid)
            state["entries"] = list(record.action(uid).get("entries", ()))
            state["following"] = record.is_following(uid)
        state["email_confirmed"] = seen.email_confirmed
        state["can_count"] = (
            is_open
            and state["mine"] < cap
            and state["email_confirmed"]
            and seen.may_count
        )
    network = worldwide(ua)
    if network is not None:
        state["worldwide"] = network
    if has_permission(STATISTICS_PERMISSION, ua):
        state["statistics"] = {
            "by_channel": tally.channel_totals(),
            "by_day": tally.day_totals(),
            "offline": tally.offline(),
            "withdrawn": tally.withdrawn_total(),
            "offline_entries": [
                {
                    "recorded_by_name": entry.get("recorded_by"),
                    "changes": [],
                    **entry,
                    "index": index,
                }
                for index, entry in enumerate(tally.offline_entries)
            ],
        }
    return state


def _check_member(seen):
    if seen.userid is None:
        raise LetterError(_("Log in to follow Urgent Actions."), status=401)
    if not seen.may_count:
        raise LetterError(_("You are not allowed to follow Urgent Actions."), 403)


def set_following(ua, following):
    """Follow (get its updates) or unfollow an action, for the current member."""
    seen = _Lookups(ua, current_userid())
    _check_member(seen)
    record = seen.record
    if record is None and not following:
        return _state(seen)
    record = seen.record = record or seen.records.ensure(seen.userid)
    if followers.set_following(record, seen.uid, following, ua):
        notify(FollowChangedEvent(ua, bool(following)))
    return _state(seen)


def stop_following(record, uid):
    """Unfollow for the member of ``record`` who is not logged in (the
    unsubscribe link of a mail), telling subscribers as the button does."""
    ua = uuidToObject(uid, unrestricted=True)
    if followers.set_following(record, uid, False, ua) and ua is not None:
        notify(FollowChangedEvent(ua, False))
