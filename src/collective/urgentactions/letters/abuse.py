"""Taking back the letters of an abusive account.

An account made to inflate counts (many letters in seconds, one of a batch
of new accounts) is dealt with on *Site Setup → Take back an account's
letters* (``@@take-back-letters``): an editor enters the account, its
letters leave every case's counters (by way of sending and day, or, for
letters retention has reduced, from the total into ``withdrawn``), its
record is erased, and an administrator may delete the account in the same
step. Deleting the account first (Users control panel) erases its record
with the letters still in the totals, so nothing is left to take back then.
"""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import session_expired
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import erase_member
from datetime import datetime
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

import plone.api


def take_back_account(userid):
    """Take the account's letters out of every case's counters and erase its
    record. Returns ``(letters, cases)``, or ``None`` without a record."""
    portal = plone.api.portal.get()
    record = storage.member_records(portal).get(userid)
    if record is None:
        return None
    catalog = plone.api.portal.get_tool("portal_catalog")
    cases = {
        brain.UID: brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(UID=list(record.actions))
    }
    letters = touched = 0
    for uid, data in record.actions.items():
        entries = data.get("entries", ())
        ua = cases.get(uid)
        if not entries or ua is None:  # a deleted case took its counters along
            continue
        tally = IActionTally(ua)
        for entry in entries:
            if "when" in entry:
                day = datetime.fromisoformat(entry["when"]).astimezone().date()
                tally.remove(entry["quantity"], entry["channel"], day)
            else:
                tally.remove_unattributed(entry["quantity"])
            letters += entry["quantity"]
        touched += 1
    erase_member(userid)
    return letters, touched


def find_userid(value):
    """The user id for a user id or login name, or the value itself (the
    record of a deleted account may remain)."""
    user = plone.api.user.get(userid=value) or plone.api.user.get(username=value)
    return user.getId() if user is not None else value


class TakeBackLettersView(BrowserView):
    """The form: account, confirmation, and for administrators "delete the
    account too". Bad input answers 400 and changes nothing."""

    index = ViewPageTemplateFile("templates/take_back_letters.pt")

    def __call__(self):
        self.error = None
        self.result = None
        if self.request.method == "POST":
            self.submit()
        return self.index()

    @property
    def can_delete_accounts(self):
        return plone.api.user.has_permission("Manage users", obj=self.context)

    def fail(self, message, status=400):
        self.request.response.setStatus(status)
        self.error = message

    def submit(self):
        expired = session_expired(self.request)
        if expired:
            return self.fail(expired, 403)
        form = self.request.form
        account = form.get("account")
        if not isinstance(account, str) or not account.strip():
            return self.fail(_("Enter the user id or login name of the account."))
        if not form.get("confirm"):
            return self.fail(_("Tick the box to confirm that the account is abusive."))
        delete = bool(form.get("delete_account"))
        if delete and not self.can_delete_accounts:
            return self.fail(_("Only site administrators can delete accounts."), 403)
        userid = find_userid(account.strip()[:100])
        if storage.member_records().get(userid) is None:
            return self.fail(
                _(
                    "No letters are stored for this account: it counted none, or "
                    "its record was erased (deleting an account erases it, the "
                    "letters staying in the totals)."
                ),
                404,
            )
        taken = take_back_account(userid)
        user = plone.api.user.get(userid=userid)
        if delete and user is not None:
            plone.api.user.delete(user=user)
        letters, cases = taken
        self.result = _(
            "${letters} letter(s) on ${cases} case(s) taken back from the totals; "
            "the account's record is erased.",
            mapping={"letters": letters, "cases": cases},
        )
