"""A member's own Urgent Actions: the data behind the "My Urgent Actions"
portlet, the ``@my-urgent-actions`` service and the "My letters" page, and the erasure of everything stored about a member."""

from collective.urgentactions.letters import storage
from collective.urgentactions.status import brain_closed_on
from collective.urgentactions.status import brain_status
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import OPEN
from collective.urgentactions.translations import translation_brain
from collective.urgentactions.updates import last_update_published
from datetime import date
from datetime import datetime
from plone.protect.utils import safeWrite
from zope.globalrequest import getRequest

import plone.api


def member_actions(userid, language=None):
    """The member's actions (counted or followed) that they may see: open
    first, then closed, newest issue date first within each group. A case
    with translations is listed once, in ``language`` (by default the
    request's) where it is translated into it."""
    if language is None:
        request = getRequest()
        language = request.get("LANGUAGE") if request is not None else None
    record = storage.member_records().get(userid)
    if record is None:
        return []
    uids = [
        uid
        for uid, data in record.actions.items()
        if data.get("entries") or data.get("following")
    ]
    if not uids:
        return []
    catalog = plone.api.portal.get_tool("portal_catalog")
    brains = catalog(UID=uids, portal_type="UrgentAction")
    today = date.today()
    actions = []
    for brain in brains:
        status = brain_status(brain, today)
        last_seen = record.last_seen(brain.UID)
        newest = brain.ua_last_update
        shown = translation_brain(brain, language)
        actions.append(
            {
                "uid": brain.UID,
                "url": shown.getURL(),
                "ua_number": brain.ua_number,
                "title": shown.Title,
                "mine": record.count(brain.UID),
                "following": record.is_following(brain.UID),
                "status": status,
                "closing_date": brain.closing_date,
                "closed_on": brain_closed_on(brain, today),
                "issue_date": brain.issue_date,
                "new_update": newest is not None
                and (last_seen is None or newest > last_seen),
            }
        )
    actions.sort(key=lambda a: a["issue_date"] or date.min, reverse=True)
    actions.sort(key=lambda a: {OPEN: 0, CLOSED: 1}.get(a["status"], 2))
    return actions


def mark_seen(ua, request):
    """Remember that the member has seen the action's updates, writing their
    own record only when an update is newer than their last visit."""
    if plone.api.user.is_anonymous():
        return
    record = storage.member_records().get(plone.api.user.get_current().getId())
    uid = storage.action_uid(ua)
    if record is None or uid not in record.actions:
        return
    newest = last_update_published(ua)
    last_seen = record.last_seen(uid)
    if newest is not None and (last_seen is None or newest > last_seen):
        safeWrite(record, request)
        record.mark_seen(uid, max(newest, storage.now()))
        safeWrite(record.actions[uid], request)  # the action's own data


def export_member(userid):
    """Everything stored about the member, for their download."""
    record = storage.member_records().get(userid)
    if record is None:
        return {"userid": userid, "actions": [], "preferences": {}}
    catalog = plone.api.portal.get_tool("portal_catalog")
    brains = {
        b.UID: b for b in catalog.unrestrictedSearchResults(UID=list(record.actions))
    }
    actions = []
    for uid, data in record.actions.items():
        brain = brains.get(uid)
        actions.append(
            {
                "uid": uid,
                "ua_number": brain.ua_number if brain else None,
                "title": brain.Title if brain else None,
                "url": brain.getURL() if brain else None,
                "entries": list(data.get("entries", ())),
                "following": bool(data.get("following")),
                "last_seen": data.get("last_seen"),
            }
        )
    return {
        "userid": userid,
        "created": record.created,
        "exported": datetime.now().astimezone().isoformat(),
        "actions": actions,
        "preferences": dict(record.preferences),
    }


def erase_member(userid):
    """Delete everything stored about the member (``IMemberRecords.erase``:
    their record and their entries in the follower index, then
    ``IMemberErasedEvent`` for the copies others keep, such as the
    subscription index; the letter totals stay). ``True`` if there was a
    record."""
    return storage.member_records(plone.api.portal.get()).erase(userid)
