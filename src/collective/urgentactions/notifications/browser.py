"""Pages of the update function: follow and unfollow an action, the
unsubscribe link of the mails, and the outcome badge above an action's title
(the member's notification settings are ``preferences_form``)."""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import session_expired
from collective.urgentactions.letters import rules
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import preferences
from collective.urgentactions.notifications import tokens
from collective.urgentactions.vocabularies import OUTCOMES
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.uuid.utils import uuidToObject
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import quote
from zope.i18n import translate
from zope.interface import alsoProvides

import plone.api


def _portal_url():
    return plone.api.portal.get().absolute_url()


def _show(message, request, type="info"):
    """A status message, translated now (its mapping would not survive)."""
    plone.api.portal.show_message(translate(message, context=request), request, type)


class FollowView(BrowserView):
    """``@@follow`` on an action (POST with the CSRF token): the current
    member follows it and gets its updates. Redirects back, with the letter
    forms' message when the token is stale or missing."""

    following = True

    def back_url(self):
        portal_url = _portal_url()
        for candidate in (
            self.request.form.get("came_from"),
            self.request.get("HTTP_REFERER"),
        ):
            if isinstance(candidate, str) and (
                candidate == portal_url or candidate.startswith(portal_url + "/")
            ):
                return candidate
        return self.context.absolute_url()

    def done_message(self):
        return _(
            "You follow this Urgent Action: its updates come to you by email.",
        )

    def __call__(self):
        request = self.request
        if request.method != "POST":
            request.response.setStatus(405)
            request.response.setHeader("Allow", "POST")
            return translate(
                _("Use the button on the Urgent Action's page."), context=request
            )
        if plone.api.user.is_anonymous():
            return request.response.redirect(
                f"{_portal_url()}/login?came_from={quote(self.back_url())}"
            )
        expired = session_expired(request)
        if expired:
            _show(expired, request, "error")
            return request.response.redirect(self.back_url(), status=303)
        try:
            rules.set_following(self.context, self.following)
        except rules.LetterError as error:
            _show(error.message, request, "error")
        else:
            _show(self.done_message(), request)
        return request.response.redirect(self.back_url())


class UnfollowView(FollowView):
    """``@@unfollow``: the current member stops following the action."""

    following = False

    def done_message(self):
        return _("You no longer follow this Urgent Action.")


def _action_title(uid):
    ua = uuidToObject(uid, unrestricted=True) if uid else None
    return ua.Title() if ua is not None else ""


QUESTIONS = {
    tokens.UNFOLLOW: _(
        "Stop following “${title}”? You will get no more emails about it."
    ),
    tokens.NEW_ACTIONS: _("Stop the emails about new Urgent Actions?"),
    tokens.REMINDERS: _("Stop the reminders of Urgent Actions that close soon?"),
    tokens.ALL: _(
        "Stop all emails about Urgent Actions? You will no longer follow any "
        "Urgent Action, nor get news of new ones or reminders."
    ),
}
DONE = {
    tokens.UNFOLLOW: _("You no longer follow “${title}”."),
    tokens.NEW_ACTIONS: _("You will get no more emails about new Urgent Actions."),
    tokens.REMINDERS: _("You will get no more reminders."),
    tokens.ALL: _("You will get no more emails about Urgent Actions."),
}
PROBLEMS = {
    "invalid": (
        400,
        _(
            "This unsubscribe link is not valid. Copy the whole link from the "
            "email, or log in and change your notification settings."
        ),
    ),
    "expired": (
        410,
        _(
            "This unsubscribe link has expired. Log in to change your "
            "notification settings."
        ),
    ),
    "used": (410, _("This unsubscribe link has already been used.")),
}


def unsubscribe(record, claims, when):
    """Do what the token was issued for, and remember that it was used."""
    purpose = claims["purpose"]
    if purpose == tokens.UNFOLLOW:
        rules.stop_following(record, claims["target"])
    if purpose in (tokens.NEW_ACTIONS, tokens.ALL):
        preferences.save(record, {"countries": [], "themes": []})
    if purpose in (tokens.REMINDERS, tokens.ALL):
        preferences.save(record, {"reminder_days": 0})
    if purpose == tokens.ALL:
        for uid in list(record.followed()):
            rules.stop_following(record, uid)
    record.mark_unsubscribed(tokens.scope(claims), when)


class UnsubscribeView(BrowserView):
    """``@@urgentactions-unsubscribe?token=…``, no login needed.

    GET shows what the link will do and a button; POST does it, from the
    button or from a mail program's one-click unsubscribe (RFC 8058). The
    signed token is the credential, so no CSRF token is asked for. A
    tampered, foreign, expired or used token gets a 4xx page and changes
    nothing."""

    template = ViewPageTemplateFile("templates/unsubscribe.pt")

    def __call__(self):
        self.problem = None
        self.done = False
        self.token = self.request.form.get("token", "")
        try:
            self.claims = tokens.read_token(self.token)
            tokens.check_not_spent(self.token)
            self.record = storage.member_records().get(self.claims["userid"])
            if self.record is None:
                raise tokens.TokenError("invalid")
            tokens.check_unused(self.claims, self.record)
        except tokens.TokenError as error:
            self.problem = error.reason
            self.request.response.setStatus(PROBLEMS[error.reason][0])
            return self.template()
        if self.request.method == "POST":
            alsoProvides(self.request, IDisableCSRFProtection)
            unsubscribe(self.record, self.claims, storage.now())
            tokens.spend(self.token, self.claims)
            self.done = True
        return self.template()

    def message(self):
        if self.problem:
            text = PROBLEMS[self.problem][1]
        else:
            text = (DONE if self.done else QUESTIONS)[self.claims["purpose"]]
            if self.claims["purpose"] == tokens.UNFOLLOW:
                text = _(text, mapping={"title": _action_title(self.claims["target"])})
        return translate(text, context=self.request)

    def preferences_url(self):
        return f"{_portal_url()}/@@urgentactions-preferences"


class OutcomeViewlet(ViewletBase):
    """The outcome badge above an action's title: "Released", …"""

    index = ViewPageTemplateFile("templates/outcome.pt")

    def outcome(self):
        value = getattr(self.context, "outcome", None)
        if value not in OUTCOMES:
            return None
        return {
            "value": value,
            "title": translate(OUTCOMES[value], context=self.request),
        }
