"""When mails go out: on publishing an update or an action, on an outcome.

The event subscribers run in the editor's transaction. They mark the object
as notified (so publishing again or editing never mails twice) and log the
event, pending its immediate mails; nothing else. After the commit a worker
(``fanout``) writes those mails into the outbox (:func:`fan_out`), and the
outbox delivers them (``outbox``): the editor waits neither for an SMTP
server nor for a mail per follower, and the cron command fans out whatever a
stopped process left pending.

Who gets a mail at once: members whose ``delivery`` preference is
``immediate`` and who follow the action (updates, outcomes) or subscribed to
its country or one of its themes (new actions). Members with a daily digest
get the same news in their digest (``digests``).
"""

from collective.urgentactions.letters import storage
from collective.urgentactions.letters.followers import followers_of
from collective.urgentactions.notifications import fanout
from collective.urgentactions.notifications import mails
from collective.urgentactions.notifications import mime
from collective.urgentactions.notifications import outbox
from collective.urgentactions.notifications import preferences
from collective.urgentactions.notifications import state
from collective.urgentactions.notifications import subscriptions
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import ua_status
from collective.urgentactions.threads import rebase
from datetime import datetime
from plone.app.uuid.utils import uuidToObject
from zope.globalrequest import getRequest

import logging
import plone.api


logger = logging.getLogger("collective.urgentactions.notifications")

UPDATE_WORKFLOW = "urgentaction_update_workflow"
ACTION_WORKFLOW = "urgentaction_workflow"


def send(content, who):
    """Put one mail into the outbox; ``False`` when the site has no sender
    address (mail settings), which is logged."""
    from_ = mails.sender()
    if from_ is None:
        logger.warning("No sender address in the mail settings: a mail was not sent.")
        return False
    outbox.enqueue(
        plone.api.portal.get_tool("MailHost"),
        from_[1],
        who["email"],
        mime.message(content, who, from_),
    )
    return True


def subscribed(record, ua):
    """Whether a new action matches the member's countries or themes."""
    if ua.country and ua.country in preferences.get(record, "countries"):
        return True
    return bool(set(ua.themes or ()) & set(preferences.get(record, "themes")))


def immediate_recipients(userids, wanted, when):
    """Of the members ``userids`` (from the follower or subscription index),
    those who wanted mail at once at ``when`` and for whom ``wanted(record)``
    holds (their record has the last word)."""
    stored = storage.member_records()
    records = []
    for userid in sorted(userids):
        record = stored.get(userid)
        if record is None or not wanted(record):
            continue
        if preferences.delivery_at(record, when) == preferences.IMMEDIATE:
            records.append(record)
    yield from preferences.recipients(records)


# -- the immediate mails (after the commit, see fanout) ----------------------


def following(ua):
    """``wanted`` for the followers of ``ua``."""
    uid = storage.action_uid(ua)
    return lambda record: record.is_following(uid)


def send_update(update, outcome, when):
    ua = mails.parent_action(update)
    cache = {}
    for who in immediate_recipients(followers_of(ua), following(ua), when):
        send(mails.update_mail(update, who, cache), who)


def subscribed_to(ua):
    """``wanted`` for the subscribers of the country or themes of ``ua``."""
    return lambda record: subscribed(record, ua)


def send_new_action(ua, outcome, when):
    cache = {}
    userids = subscriptions.subscribers(ua)
    for who in immediate_recipients(userids, subscribed_to(ua), when):
        send(mails.new_action_mail(ua, who, cache), who)


def send_outcome(ua, outcome, when):
    for who in immediate_recipients(followers_of(ua), following(ua), when):
        send(mails.outcome_mail(ua, outcome, who), who)


SENDERS = {
    state.UPDATE: send_update,
    state.NEW: send_new_action,
    state.OUTCOME: send_outcome,
}


def fan_out(default_site_url=None):
    """Write the immediate mails of the pending events, in the current
    transaction; returns how many events were done.

    The links start with the site's address the event was logged under, or
    ``default_site_url`` (the cron command's) for events a script logged;
    without either, the event waits for the cron command. Without a sender
    address in the mail settings nothing can be sent: the events are marked
    done (and logged), not mailed late once there is one."""
    log = state.get_log()
    keys = state.pending(log)
    can_send = mails.sender() is not None
    if keys and not can_send:
        logger.warning("No sender address in the mail settings: no mails sent.")
    portal = plone.api.portal.get()
    request = getRequest()
    done = 0
    for key in keys:
        event = log.events[key]
        site_url = event.get("site_url") or default_site_url
        if can_send and not site_url:
            continue
        if can_send:
            rebase(request, portal.getPhysicalPath(), site_url)
            obj = uuidToObject(event["update"] or event["ua"], unrestricted=True)
            if obj is not None:
                when = datetime.fromisoformat(event["time"])
                SENDERS[event["kind"]](obj, event["outcome"], when)
        log.done.insert(key)
        done += 1
    return done


def log_event(kind, ua, update=None, outcome=None, when=None):
    """Log the event and have its immediate mails written after the commit."""
    state.record_event(kind, ua, update=update, outcome=outcome, when=when)
    if mails.sender() is not None:
        fanout.wake_after_commit(plone.api.portal.get(), fan_out)


# -- event subscribers -------------------------------------------------------


def _workflow_id(event):
    return getattr(event.workflow, "id", None)


def update_transition(update, event):
    """An update published for the first time: tell the action's followers."""
    if _workflow_id(event) != UPDATE_WORKFLOW or event.new_state.id != "published":
        return
    if state.notified(update).get("published"):
        return
    now = storage.now()
    state.mark_notified(update, published=now.isoformat())
    log_event(state.UPDATE, mails.parent_action(update), update=update, when=now)


def action_transition(ua, event):
    """An action published for the first time: tell the subscribers of its
    country and themes. Closing it may also announce its outcome."""
    if _workflow_id(event) != ACTION_WORKFLOW:
        return
    if (
        event.new_state.id == "published"
        and event.old_state.id == "draft"
        and not state.notified(ua).get("announced")
    ):
        now = storage.now()
        state.mark_notified(ua, announced=now.isoformat())
        log_event(state.NEW, ua, when=now)
    check_outcome(ua)


def action_modified(ua, event):
    check_outcome(ua)


def check_outcome(ua):
    """A closed action with an outcome its followers were not told of yet."""
    outcome = getattr(ua, "outcome", None)
    if not outcome or ua_status(ua) != CLOSED:
        return
    told = state.notified(ua).get("outcomes", [])
    if outcome in told:
        return
    state.mark_notified(ua, outcomes=[*told, outcome])
    log_event(state.OUTCOME, ua, outcome=outcome)
