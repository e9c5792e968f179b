"""What the notifications remember, outside the members' records.

``NotificationLog`` (annotation ``collective.urgentactions.notifications`` on
the site root, created by the first event) lists what happened: ``events``
is an ``OOBTree`` from ``"<ISO time> <UID>"`` to ``{"kind", "time", "ua",
"update", "outcome", "site_url"}`` (kind ``update``, ``new`` or
``outcome``); ``done`` is an ``OOTreeSet`` of the events whose immediate
mails have been written (see ``dispatch.fan_out``); ``last_digest`` is the
ISO time of the last digest run, which removes the events it has covered.
Editors' actions only insert events and the fan-out only inserts into
``done``, so the two never write the same object; only the cron command
removes. A member's press never writes here.

Each published update and action carries an annotation
(``collective.urgentactions.notified``): when its followers were told, and
for an action which outcomes they were told of, so that publishing again or
editing never mails twice.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from collective.urgentactions.annotations import annotation
from collective.urgentactions.letters import storage
from datetime import datetime
from persistent import Persistent
from plone.uuid.interfaces import IUUID
from zope.annotation.interfaces import IAnnotations
from zope.globalrequest import getRequest

import plone.api


LOG_KEY = "collective.urgentactions.notifications"
NOTIFIED_KEY = "collective.urgentactions.notified"

UPDATE = "update"
NEW = "new"
OUTCOME = "outcome"


class NotificationLog(Persistent):
    def __init__(self):
        self.events = OOBTree()
        self.done = OOTreeSet()
        self.last_digest = None


def get_log(portal=None):
    return annotation(portal or plone.api.portal.get(), LOG_KEY)


def ensure_log(portal=None):
    return annotation(portal or plone.api.portal.get(), LOG_KEY, NotificationLog)


def request_site_url():
    """The site's address as the current request sees it, if the request
    came over HTTP (or was given an address, see ``threads.rebase``); a
    script's made-up request (``http://nohost``) gives ``None``."""
    request = getRequest()
    if request is None or not request.get("HTTP_HOST"):
        return None
    return plone.api.portal.get().absolute_url()


def record_event(kind, ua, update=None, outcome=None, when=None):
    """Log an event, pending its immediate mails; links in them start with
    the site's address in the current request (:func:`request_site_url`)."""
    when = when or storage.now()
    event = {
        "kind": kind,
        "time": when.isoformat(),
        "ua": IUUID(ua),
        "update": IUUID(update) if update is not None else None,
        "outcome": outcome,
        "site_url": request_site_url(),
    }
    key = f"{event['time']} {event['update'] or event['ua']}"
    ensure_log().events[key] = event
    return event


def pending(log):
    """Keys of the events whose immediate mails are still to be written."""
    if log is None:
        return []
    return [key for key in log.events if key not in log.done]


def events_between(log, after, until):
    """Events with ``after < time <= until`` (datetimes), oldest first."""
    if log is None:
        return []
    return [
        event
        for event in log.events.values(min=after.isoformat(), max=until.isoformat())
        if after < datetime.fromisoformat(event["time"]) <= until
    ]


def last_digest(log):
    value = log.last_digest if log is not None else None
    return datetime.fromisoformat(value) if value else None


def finish_digest(log, until):
    """Remember the run and forget the events it covered (once their
    immediate mails are written)."""
    log.last_digest = until.isoformat()
    for key in list(log.events.keys(max=until.isoformat() + "\uffff")):
        if key not in log.done:
            continue
        if datetime.fromisoformat(log.events[key]["time"]) <= until:
            del log.events[key]
            log.done.remove(key)


def notified(obj):
    return annotation(obj, NOTIFIED_KEY) or {}


def mark_notified(obj, **values):
    IAnnotations(obj)[NOTIFIED_KEY] = {**notified(obj), **values}
