"""Pages of the update function: follow and unfollow an action, the member's
notification settings, the unsubscribe link of the mails, and the outcome
badge above an action's title."""

from babel import Locale
from collective.urgentactions import _
from collective.urgentactions.letters import followers
from collective.urgentactions.letters import rules
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import preferences
from collective.urgentactions.notifications import tokens
from collective.urgentactions.vocabularies import COUNTRY_CODES
from collective.urgentactions.vocabularies import OUTCOMES
from collective.urgentactions.vocabularies import THEMES
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.uuid.utils import uuidToObject
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import quote
from zope.component import getUtility
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema.interfaces import IVocabularyFactory

import plone.api


def _portal_url():
    return plone.api.portal.get().absolute_url()


def _show(message, request, type="info"):
    """A status message, translated now (its mapping would not survive)."""
    plone.api.portal.show_message(translate(message, context=request), request, type)


class FollowView(BrowserView):
    """``@@follow`` on an action (POST with the CSRF token): the current
    member follows it and gets its updates. Redirects back."""

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
        CheckAuthenticator(request)
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


def _language_choices():
    return [("", _("Automatic: your profile's language, else the site's"))] + [
        (code, Locale.parse(code).get_display_name().capitalize())
        for code in preferences.LANGUAGES
    ]


class PreferencesView(BrowserView):
    """``@@urgentactions-preferences``: how and about what a member gets
    mail. POST (CSRF-checked) saves; bad input is refused with a 400 and
    saves nothing."""

    template = ViewPageTemplateFile("templates/preferences.pt")

    def __call__(self):
        self.errors = {}
        self.userid = rules.current_userid()
        record = storage.member_records().get(self.userid)
        self.values = {
            name: preferences.get(record, name) for name in preferences.DEFAULTS
        }
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            values = self.parse(self.request.form)
            if self.errors:
                self.values.update(values)
                self.request.response.setStatus(400)
                return self.template()
            preferences.save(storage.member_records().ensure(self.userid), values)
            _show(_("Your notification settings have been saved."), self.request)
            return self.request.response.redirect(
                f"{_portal_url()}/@@urgentactions-preferences"
            )
        return self.template()

    def _list(self, form, name):
        value = form.get(name, [])
        if isinstance(value, str):
            value = [value]
        return [item for item in value if isinstance(item, str) and item]

    def parse(self, form):
        values = {}
        delivery = form.get("delivery", preferences.IMMEDIATE)
        if delivery not in (preferences.IMMEDIATE, preferences.DIGEST):
            self.errors["delivery"] = _("Choose immediate emails or a daily digest.")
        values["delivery"] = delivery
        language = form.get("language", "")
        if language not in ("", *preferences.LANGUAGES):
            self.errors["language"] = _("Choose one of the offered languages.")
        values["language"] = language
        countries = self._list(form, "countries")
        if not set(countries) <= set(COUNTRY_CODES):
            self.errors["countries"] = _("Choose countries from the list.")
        values["countries"] = sorted(set(countries))
        themes = self._list(form, "themes")
        if not set(themes) <= set(THEMES):
            self.errors["themes"] = _("Choose themes from the list.")
        values["themes"] = [key for key in THEMES if key in themes]
        days = form.get("reminder_days", "0")
        if not isinstance(days, str) or days not in {
            str(n) for n in preferences.REMINDER_DAYS
        }:
            self.errors["reminder_days"] = _("Choose when to be reminded.")
            days = "0"
        values["reminder_days"] = int(days)
        values["no_auto_follow"] = not form.get("auto_follow")
        return values

    def error(self, name):
        message = self.errors.get(name)
        return translate(message, context=self.request) if message else ""

    def languages(self):
        return [
            {
                "value": code,
                "title": translate(title, context=self.request),
                "selected": code == self.values["language"],
            }
            for code, title in _language_choices()
        ]

    def _terms(self, name, chosen):
        vocabulary = getUtility(IVocabularyFactory, name)(self.context)
        return [
            {
                "value": term.value,
                "title": translate(term.title, context=self.request),
                "selected": term.value in chosen,
            }
            for term in vocabulary
        ]

    def countries(self):
        return self._terms(
            "collective.urgentactions.countries", self.values["countries"]
        )

    def themes(self):
        return self._terms("collective.urgentactions.themes", self.values["themes"])

    def reminder_choices(self):
        choices = []
        for days in preferences.REMINDER_DAYS:
            title = (
                _("Never")
                if not days
                else _("${days} days before it closes", mapping={"days": days})
            )
            choices.append(
                {
                    "value": str(days),
                    "title": translate(title, context=self.request),
                    "selected": days == self.values["reminder_days"],
                }
            )
        return choices


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
        followers.set_following(record, claims["target"], False)
    if purpose in (tokens.NEW_ACTIONS, tokens.ALL):
        preferences.save(record, {"countries": [], "themes": []})
    if purpose in (tokens.REMINDERS, tokens.ALL):
        preferences.save(record, {"reminder_days": 0})
    if purpose == tokens.ALL:
        for uid in record.followed():
            followers.set_following(record, uid, False)
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
