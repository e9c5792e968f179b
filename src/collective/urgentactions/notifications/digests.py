"""The daily run (cron command ``send-digests``): digests and reminders.

The cron command may run often (to deliver the outbox); the digests go out
once a day, on its first run from ``DIGEST_HOUR`` (server time) on. A digest
covers the events logged since the last one (``state``). Each member gets
at most one mail per day:

* members with a daily digest: updates and outcomes of the actions they
  follow, grouped by action (newest update first), then the new actions
  matching their countries or themes, then their "closing soon" reminders;
* members with immediate mail: a reminder mail when an action they follow
  closes within their ``reminder_days`` and they have not counted a letter
  for it. Each reminder goes out once per action (marked in their record).

A member who switched from digest to immediate mail since the last run gets
a last digest with what happened before the switch; one who switched to the
digest gets only what happened after it (the rest was mailed at once).
"""

from collective.urgentactions.letters import storage
from collective.urgentactions.letters.followers import followers_of
from collective.urgentactions.notifications import mails
from collective.urgentactions.notifications import preferences
from collective.urgentactions.notifications import state
from collective.urgentactions.notifications import subscriptions
from collective.urgentactions.notifications.dispatch import send
from collective.urgentactions.notifications.dispatch import subscribed
from collective.urgentactions.status import DRAFT
from collective.urgentactions.status import OPEN
from collective.urgentactions.status import ua_status
from collective.urgentactions.updates import newest_first
from datetime import date
from datetime import datetime
from datetime import timedelta
from plone.app.uuid.utils import uuidToObject

import plone.api


DIGEST_HOUR = 6


def digest_window(record, after, until):
    """The part of ``(after, until]`` in which the member wanted a digest
    (see ``preferences.delivery_at``), or ``None``."""
    since = preferences.delivery_since(record)
    digest_now = preferences.get(record, "delivery") == preferences.DIGEST
    if since is None or since <= after:
        return (after, until) if digest_now else None
    if digest_now:
        return (since, until) if since < until else None
    return after, min(since, until)


class Run:
    """One run over the members concerned: what is due since the last run.

    Only members who can have something due are read (``candidates``, from
    the follower and subscription indexes): of the followers of the actions
    with updates or outcomes since the last run and of the subscribers of
    the new actions, those with a digest (or who left it since); of the
    followers of the open actions closing soon, those whose reminder days
    reach the closing date. So a run costs in proportion to the members it
    mails, not to every member or every follower."""

    def __init__(self, now=None, today=None):
        self.now = now or storage.now()
        self.today = today or date.today()
        self.log = state.get_log()
        self.after = state.last_digest(self.log) or self.now - timedelta(days=1)
        self.events = state.events_between(self.log, self.after, self.now)
        self._objects = {}
        self.cache = {}
        self.sent = {"digests": 0, "reminders": 0}

    def obj(self, uid):
        if uid not in self._objects:
            self._objects[uid] = uuidToObject(uid, unrestricted=True) if uid else None
        return self._objects[uid]

    def news(self, record, window):
        """``(followed, new_actions)`` for the member, see ``digest_mail``."""
        followed = {}
        new_actions = []
        for event in self.events:
            if not window[0] < datetime.fromisoformat(event["time"]) <= window[1]:
                continue
            ua = self.obj(event["ua"])
            if ua is None or ua_status(ua, self.today) == DRAFT:
                continue
            if event["kind"] == state.NEW:
                if subscribed(record, ua) and ua not in new_actions:
                    new_actions.append(ua)
                continue
            if not record.is_following(event["ua"]):
                continue
            updates, outcomes = followed.setdefault(event["ua"], (ua, [], []))[1:]
            if event["kind"] == state.OUTCOME and event["outcome"] not in outcomes:
                outcomes.append(event["outcome"])
            elif event["kind"] == state.UPDATE:
                update = self.obj(event["update"])
                if (
                    update is not None
                    and plone.api.content.get_state(update, default=None) == "published"
                ):
                    updates.append(update)
        entries = [
            (ua, newest_first(updates), outcomes)
            for ua, updates, outcomes in followed.values()
            if updates or outcomes
        ]
        return entries, new_actions

    def closing(self, record):
        """Open actions the member follows, closing within their reminder
        days, without a letter of theirs and not yet reminded of."""
        days = preferences.get(record, "reminder_days")
        if not days:
            return []
        found = []
        for uid in record.followed():
            if record.count(uid) or record.reminded(uid):
                continue
            ua = self.obj(uid)
            if ua is None or not ua.closing_date:
                continue
            if ua_status(ua, self.today) != OPEN:
                continue
            if 0 < (ua.closing_date - self.today).days <= days:
                found.append(ua)
        found.sort(key=lambda ua: ua.closing_date)
        return found

    def member(self, record):
        window = digest_window(record, self.after, self.now)
        followed, new_actions = self.news(record, window) if window else ([], [])
        closing = self.closing(record)
        if not (followed or new_actions or closing):
            return
        who = preferences.recipient(record)
        if who is None:
            return
        if followed or new_actions or window is not None:
            content = mails.digest_mail(who, followed, new_actions, closing, self.cache)
            kind = "digests"
        else:
            days = preferences.get(record, "reminder_days")
            content = mails.reminder_mail(closing, who, days, self.cache)
            kind = "reminders"
        if send(content, who):
            self.sent[kind] += 1
            for ua in closing:
                record.mark_reminded(storage.action_uid(ua), self.now)

    def closing_soon(self):
        """Open actions whose closing date lies within the longest reminder
        time from today."""
        catalog = plone.api.portal.get_tool("portal_catalog")
        brains = catalog.unrestrictedSearchResults(
            portal_type="UrgentAction",
            review_state="published",
            ua_open_until={
                "query": (
                    self.today + timedelta(days=1),
                    self.today + timedelta(days=max(preferences.REMINDER_DAYS)),
                ),
                "range": "min:max",
            },
        )
        return [brain._unrestrictedGetObject() for brain in brains]

    def candidates(self):
        """User ids of the members who may have news or a reminder due."""
        userids = set()
        for event in self.events:
            ua = self.obj(event["ua"])
            if ua is None:
                continue
            if event["kind"] == state.NEW:
                concerned = subscriptions.subscribers(ua)
            else:
                concerned = followers_of(ua)
            userids.update(subscriptions.digest_members(concerned))
        for ua in self.closing_soon():
            days_left = (ua.closing_date - self.today).days
            userids.update(subscriptions.reminded_within(followers_of(ua), days_left))
        return sorted(userids)

    def __call__(self):
        records = storage.member_records()
        left = subscriptions.left_digest()
        for userid in self.candidates():
            record = records.get(userid)
            if record is not None:
                self.member(record)
        subscriptions.forget_left_digest(left)
        state.finish_digest(state.ensure_log(), self.now)
        return self.sent


def due(log, now):
    """Whether the day's digests are due: on the first run ever, and on the
    first run of each (local) day from ``DIGEST_HOUR`` on."""
    last = state.last_digest(log)
    if last is None:
        return True
    local_now = now.astimezone()
    return last.astimezone().date() < local_now.date() and (
        local_now.hour >= DIGEST_HOUR
    )


def run(now=None, today=None, force=False):
    """Send the digests and reminders if they are due (or ``force``);
    returns how many, or ``None`` when they were not due."""
    runner = Run(now, today)
    if not force and not due(runner.log, runner.now):
        return None
    return runner()
