"""Uninstalling: what the add-on leaves behind, and what it offers to erase.

Plone's add-ons control panel uninstalls without asking, and keeps the data
(the members' records, the notification log, the cases' counters), so that
reinstalling finds it again. *Site Setup → Urgent Actions → Uninstall*
(``@@urgentactions-uninstall``) offers to erase each of them first, then
uninstalls and packs the database, so that no old revision keeps them.

Either way the uninstall restores the caching switch of plone.app.caching
to what it was before the add-on turned it on (recorded on install in the
annotation ``CACHING_BEFORE_KEY`` of the site root), and removes the
add-on's operation from the caching rules.
"""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import unconfirmed
from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import state
from collective.urgentactions.notifications import subscriptions
from collective.urgentactions.notifications import tokens
from collective.urgentactions.privacy import packing
from collective.urgentactions.restapi.caching import RULESET
from plone.base.utils import get_installer
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.annotation.interfaces import IAnnotations

import plone.api


PACKAGE = "collective.urgentactions"
CACHING_ENABLED = "plone.caching.interfaces.ICacheSettings.enabled"
OPERATION_MAPPING = "plone.caching.interfaces.ICacheSettings.operationMapping"
CACHING_BEFORE_KEY = "collective.urgentactions.caching-enabled-before"


def remember_caching_switch(portal):
    """On install, before the profile turns caching on: whether it was on."""
    annotations = IAnnotations(portal)
    if CACHING_BEFORE_KEY not in annotations:
        before = plone.api.portal.get_registry_record(CACHING_ENABLED, default=False)
        annotations[CACHING_BEFORE_KEY] = bool(before)


def restore_caching(portal):
    """Caching switched back to what it was (left on when the add-on was
    installed before it remembered), the add-on's operation unmapped."""
    annotations = IAnnotations(portal)
    before = annotations.pop(CACHING_BEFORE_KEY, True)
    if not before:
        plone.api.portal.set_registry_record(CACHING_ENABLED, False)
    mapping = plone.api.portal.get_registry_record(OPERATION_MAPPING, default=None)
    if mapping and RULESET in mapping:
        plone.api.portal.set_registry_record(
            OPERATION_MAPPING, {k: v for k, v in mapping.items() if k != RULESET}
        )


def _cases_and_updates(portal):
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=["UrgentAction", "UrgentActionUpdate"]
    ):
        yield brain._unrestrictedGetObject()


def erase_member_records(portal):
    """Every member's record, emptied before it is dropped, and the indexes
    that mirror them: the followers of each case, the subscriptions."""
    annotations = IAnnotations(portal)
    records = annotations.pop(storage.MEMBERS_KEY, None)
    for record in list(records or ()):
        record.wipe()
    annotations.pop(subscriptions.SUBSCRIPTIONS_KEY, None)
    for obj in _cases_and_updates(portal):
        IAnnotations(obj).pop(followers.FOLLOWERS_KEY, None)


def erase_notification_log(portal):
    """The log of events, the used unsubscribe links and what each case and
    update remembers of the mails sent about it."""
    annotations = IAnnotations(portal)
    for key in (state.LOG_KEY, tokens.SPENT_KEY):
        annotations.pop(key, None)
    for obj in _cases_and_updates(portal):
        IAnnotations(obj).pop(state.NOTIFIED_KEY, None)


def erase_counters(portal):
    """The letter counters of every case (totals, channels, days, offline)."""
    for obj in _cases_and_updates(portal):
        IAnnotations(obj).pop(storage.TALLY_KEY, None)


ERASERS = {
    "members": erase_member_records,
    "notifications": erase_notification_log,
    "counters": erase_counters,
}


class UninstallView(BrowserView):
    """The uninstall form: what to erase, then uninstall. Needs "Manage
    portal"; a POST without the CSRF token changes nothing."""

    index = ViewPageTemplateFile("templates/uninstall.pt")

    def __call__(self):
        self.error = None
        if self.request.method == "POST":
            return self.submit()
        return self.index()

    def submit(self):
        refusal = unconfirmed(
            self.request, _("Tick the box to confirm that you want to uninstall.")
        )
        if refusal:
            self.error, status = refusal
            self.request.response.setStatus(status)
            return self.index()
        chosen = [name for name in ERASERS if self.request.form.get(f"erase_{name}")]
        for name in chosen:
            ERASERS[name](self.context)
        get_installer(self.context, self.request).uninstall_product(PACKAGE)
        if chosen:
            packing.pack(self.context, force=True)
        plone.api.portal.show_message(_("Urgent Actions is uninstalled."), self.request)
        self.request.response.redirect(
            self.context.absolute_url() + "/prefs_install_products_form", 303
        )
        return ""
