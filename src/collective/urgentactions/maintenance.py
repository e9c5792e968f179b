"""``@@urgentactions-maintenance``: what cron runs on a live site.

A single Zope instance on FileStorage holds the storage's lock, so a
``zconsole run`` script cannot open it while the instance serves. Cron
therefore asks the running instance over HTTP (``make close-expired``,
``make send-digests``); with ZEO or RelStorage the ``scripts/`` can run
beside the instances as well. Both call the same functions.
"""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import has_valid_token
from collective.urgentactions.hardening.csrf import needs_token
from collective.urgentactions.letters import retention
from collective.urgentactions.letters.subscribers import prepare_days_ahead
from collective.urgentactions.notifications import digests
from collective.urgentactions.notifications import dispatch
from collective.urgentactions.notifications import tokens
from collective.urgentactions.privacy import packing
from collective.urgentactions.status import close_expired
from collective.urgentactions.syndication.sources import all_sources
from collective.urgentactions.syndication.worker import sync_after_commit
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zope.interface import alsoProvides


def daily(portal, today=None):
    """The daily job (``make close-expired``): day counters of the open
    actions for the days ahead, close the expired ones, forget the spent
    unsubscribe tokens that have expired anyway. Returns the closed
    actions."""
    prepare_days_ahead(today)
    closed = close_expired(portal, today)
    tokens.forget_expired()
    return closed


class MaintenanceView(BrowserView):
    """POST with ``task=close-expired`` (daily), ``task=send-digests``
    (hourly), ``task=retention`` (daily: reduce the letters of long-closed
    cases, ``letters.retention``), ``task=pack`` (nightly: pack the database
    when an erasure left old revisions, ``force=1`` always) or
    ``task=sync-sources`` (syndication, every few minutes). Needs "Manage
    portal"; answers plain text for cron's mail."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "text/plain; charset=utf-8")
        if self.request.method != "POST":
            response.setStatus(405)
            response.setHeader("Allow", "POST")
            return self.text(_("Use POST, e.g. from cron with curl -X POST."))
        # Cron authenticates with HTTP Basic auth and sends no login cookie,
        # so it needs no CSRF token; a Manager's browser does.
        if needs_token(self.request) and not has_valid_token(self.request):
            response.setStatus(403)
            return self.text(
                _("Missing or invalid CSRF token. Cron uses HTTP Basic auth.")
            )
        alsoProvides(self.request, IDisableCSRFProtection)
        task = self.request.form.get("task")
        if task == "close-expired":
            closed = daily(self.context)
            return self.text(
                _("${count} Urgent Action(s) closed.", mapping={"count": len(closed)})
            )
        if task == "send-digests":
            pending = dispatch.fan_out(self.context.absolute_url())
            sent = digests.run()
            if sent is None:
                return self.text(
                    _(
                        "${pending} pending event(s) mailed; digests are not due yet.",
                        mapping={"pending": pending},
                    )
                )
            return self.text(
                _(
                    "${pending} pending event(s) mailed; ${digests} digest(s) and "
                    "${reminders} reminder(s) queued.",
                    mapping={
                        "pending": pending,
                        "digests": sent["digests"],
                        "reminders": sent["reminders"],
                    },
                )
            )
        if task == "retention":
            reduced = retention.reduce_closed_cases(self.context)
            return self.text(
                _(
                    "Letters of ${count} member(s) on long-closed cases reduced to "
                    "their number.",
                    mapping={"count": reduced},
                )
            )
        if task == "pack":
            if packing.pack(self.context, force=bool(self.request.form.get("force"))):
                return self.text(_("The database has been packed."))
            return self.text(_("No erasure since the last pack: nothing to pack."))
        if task == "sync-sources":
            ids = [source.id for source in all_sources()]
            sync_after_commit(self.context, ids)
            return self.text(
                _(
                    "Sync started in the background for ${count} source(s); "
                    "see the log in the Syndication control panel.",
                    mapping={"count": len(ids)},
                )
            )
        response.setStatus(400)
        return self.text(
            _(
                "Unknown task. Use close-expired, send-digests, retention, pack or "
                "sync-sources."
            )
        )

    def text(self, message):
        return translate(message, context=self.request) + "\n"
