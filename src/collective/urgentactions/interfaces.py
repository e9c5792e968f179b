"""The browser layer, marker interfaces and the extension points.

Integrators hook in through two adapters and four events (see
``docs/extending.md``):

* ``IActionTally(ua)``: the letter counters of an Urgent Action;
* ``IMemberRecords(portal)``: the members' own records, on the site;
* ``ILettersCountedEvent``, ``ILetterEntryTakenBackEvent``,
  ``IFollowChangedEvent`` and ``IMemberErasedEvent``, fired by the rules
  (``letters/rules.py``, ``letters/members.py``) after they have written.
"""

from zope.interface import Attribute
from zope.interface import Interface
from zope.interface.interfaces import IObjectEvent
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Installed when the add-on's default profile is applied."""


class IUrgentActionsSection(Interface):
    """The "Urgent Actions" folder: new cases added here are filed into
    year/month subfolders by their issue date."""


class IActionTally(Interface):
    """The letter counters of one Urgent Action: ``IActionTally(ua)``.

    Like plone.app.discussion's ``IConversation``, adapting never writes: an
    action without stored counters gets empty ones, stored by their first
    write. The write methods change only conflict-resolving counters, so
    concurrent presses never conflict (``letters/storage.py``)."""

    offline_entries = Attribute(
        "Letters counted outside the site: dicts with quantity, recorded_by, "
        "recorded_by_name, recorded_at, note, changes and removed (for "
        "editors only)."
    )

    def total():
        """Every letter counted, offline ones included."""

    def offline():
        """The letters counted outside the site."""

    def channel_totals():
        """``{channel: letters}`` for every channel offered."""

    def day_totals():
        """``{"YYYY-MM-DD": letters}`` for the days with letters."""

    def add(quantity, channel, day):
        """Count ``quantity`` letters sent by ``channel`` on ``day``."""

    def remove(quantity, channel, day):
        """Take back what :meth:`add` counted."""

    def remove_unattributed(quantity):
        """Take back letters whose channel and day are no longer known
        (retention): from the total, counted in :meth:`withdrawn_total`."""

    def withdrawn_total():
        """Letters taken back by :meth:`remove_unattributed`: the channel
        and day totals still hold them (total = channels + offline -
        withdrawn)."""

    def add_offline(quantity, recorded_by, note="", recorded_by_name=""):
        """Add letters counted outside the site, recorded by the editor
        ``recorded_by`` (user id; ``recorded_by_name`` their full name)."""

    def change_offline(index, quantity, changed_by, changed_by_name):
        """Set offline entry ``index`` to ``quantity`` (0 removes it), keeping
        who changed it, when and from what on the entry."""

    def prepare_days(issue_date=None, closing_date=None, today=None):
        """Create the day counters the action can need, off the hot path."""


class IMemberRecords(Interface):
    """The members' own records, on the site: ``IMemberRecords(portal)``.

    A record (``letters.storage.MemberRecord``) keeps one member's letters,
    follows and preferences; only that member's actions write it. Adapting
    never writes; :meth:`ensure` stores what is missing."""

    def get(userid):
        """The member's record, or ``None``."""

    def ensure(userid):
        """The member's record, inserted when missing."""

    def erase(userid):
        """Delete the member's record and their entries in the follower
        index, then fire ``IMemberErasedEvent`` (so every erasure tells the
        subscribers that keep copies); ``True`` if there was a record.
        Totals stay."""

    def __iter__():
        """Every member's record."""


class ILettersCountedEvent(IObjectEvent):
    """The current member counted letters on ``object`` (an Urgent Action).
    Fired after the rules have written, in the same transaction."""

    quantity = Attribute("How many letters (1 or more).")
    channel = Attribute("The way of sending, e.g. 'letter', 'email', 'fax'.")


class ILetterEntryTakenBackEvent(IObjectEvent):
    """The current member took back their last entry on ``object``."""

    quantity = Attribute("How many letters the entry counted.")
    channel = Attribute("The entry's way of sending.")


class IFollowChangedEvent(IObjectEvent):
    """A member started or stopped following ``object``: the current
    member, or, through the unsubscribe link of a mail (nobody logged in),
    the member the mail was sent to."""

    following = Attribute("True when the member follows the action now.")


class IMemberErasedEvent(IObjectEvent):
    """Everything stored about a member was erased (by the member on "My
    letters", or because the user was deleted). ``object`` is the site.

    ``userid`` is given because a subscriber that keeps its own copy of the
    member's data must erase it too; the member is not the current user
    when an administrator deletes them."""

    userid = Attribute("The id of the erased member.")


class IStatisticsPage(Interface):
    """A letter-statistics page: the letters viewlet (the form to count a
    letter) stays off it."""
