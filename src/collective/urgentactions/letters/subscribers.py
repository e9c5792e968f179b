"""Create letter structures off the hot path; erase a deleted member's data;
pass a deleted original's letters on to its next translation."""

from collective.urgentactions import translations
from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import erase_member
from datetime import date
from plone.base.interfaces import IPloneSiteRoot
from plone.uuid.interfaces import IUUID
from zope.globalrequest import getRequest

import plone.api


def prepare_days(ua, event):
    """Adding, publishing or a new closing date may need the action's
    counters and its day counters (an editor's write, never a member's
    press), and its follower index."""
    storage.prepare_days(ua)
    followers.ensure_followers(ua)


def prepare_days_ahead(today=None):
    """Day counters of every open action for the days ahead (daily, from
    ``maintenance.daily``)."""
    today = today or date.today()
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type="UrgentAction",
        review_state="published",
        ua_open_until={"query": today, "range": "min"},
    ):
        storage.prepare_days(brain._unrestrictedGetObject(), today)


def create_member_record(event):
    """A record for the new account; a visitor who registers themself counts
    letters only once their address is confirmed (see
    :func:`confirm_email`)."""
    record = storage.member_records().ensure(event.principal.getId())
    if is_self_registration():
        record.set_email_confirmed(False)


def is_self_registration():
    """An anonymous visitor's request over HTTP made the account (not an
    administrator, nor a script such as ``scripts/create_site.py``)."""
    request = getRequest()
    return (
        plone.api.user.is_anonymous()
        and request is not None
        and bool(request.get("HTTP_HOST"))
    )


def confirm_email(event):
    """The account's password was set by somebody other than the logged-in
    member: through the link Plone mails to the address (on registration,
    or "Forgot your password?"), which only the address's owner can follow,
    or by an administrator. Either confirms the address."""
    userid = event.principal.getId()
    if plone.api.user.get_current().getId() == userid:
        return
    record = storage.member_records().get(userid)
    if record is not None and not record.email_confirmed:
        record.set_email_confirmed(True)


def erase_member_record(event):
    erase_member(event.principal)


def pass_case_on(ua, event):
    """Deleting the counted translation of a case (normally the original)
    hands its counters, its follower index and the members' entries to the
    next-oldest translation, which counts from then on: nothing is lost.
    (Deleting the whole site passes nothing.)"""
    if IPloneSiteRoot.providedBy(event.object):
        return
    heir = translations.heir(ua)
    if heir is None:
        return
    storage.pass_tally_on(ua, heir)
    followers.pass_followers_on(ua, heir)
    storage.pass_records_on(IUUID(ua), IUUID(heir))
