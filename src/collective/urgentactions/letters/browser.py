"""Classic UI of letter counting: the viewlet below the title of an Urgent
Action, the form handlers it posts to (with or without JavaScript), and the
editors' statistics page with offline letters."""

from collective.urgentactions import _
from collective.urgentactions.formatting import long_dates
from collective.urgentactions.hardening.csrf import form_post_refusal
from collective.urgentactions.interfaces import IStatisticsPage
from collective.urgentactions.letters import rules
from collective.urgentactions.letters.goals import goal_progress
from collective.urgentactions.letters.members import mark_seen
from collective.urgentactions.letters.rules import current_userid
from collective.urgentactions.status import DRAFT
from collective.urgentactions.status import ua_wording
from collective.urgentactions.vocabularies import CHANNELS
from plone.app.layout.viewlets.common import ViewletBase
from plone.memoize.view import memoize
from plone.protect.authenticator import createToken
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getMultiAdapter
from zope.i18n import translate

import json
import plone.api
import uuid


def letters_sent(count):
    return _(
        "${count} letter sent",
        msgid_plural="${count} letters sent",
        default_plural="${count} letters sent",
        number=count,
        mapping={"count": count},
    )


def letters_sent_worldwide(count, here):
    return _(
        "${count} letter sent worldwide (${here} here)",
        msgid_plural="${count} letters sent worldwide (${here} here)",
        default_plural="${count} letters sent worldwide (${here} here)",
        number=count,
        mapping={"count": count, "here": here},
    )


def you_sent(count):
    return _(
        "You sent ${count} letter",
        msgid_plural="You sent ${count} letters",
        default_plural="You sent ${count} letters",
        number=count,
        mapping={"count": count},
    )


class LettersViewlet(ViewletBase):
    """ "N letters sent", the member's count with the button and undo, or the
    prompt to log in or register."""

    index = ViewPageTemplateFile("templates/letters_viewlet.pt")
    goal_macro = ViewPageTemplateFile("templates/goal.pt")

    def render(self):
        if IStatisticsPage.providedBy(self.view):
            return ""
        return super().render()

    def update(self):
        super().update()
        if IStatisticsPage.providedBy(self.view):
            return
        self.state = rules.letter_state(self.context)
        self.ua_url = self.context.absolute_url()
        self.submission_id = uuid.uuid4().hex
        mark_seen(self.context, self.request)

    def translate(self, message):
        return translate(message, context=self.request)

    @memoize
    def anonymous(self):
        return current_userid() is None

    @memoize
    def authenticator(self):
        return createToken()

    @property
    def total_text(self):
        network = self.state.get("worldwide")
        if network:
            return self.translate(
                letters_sent_worldwide(network["total"], network["here"])
            )
        return self.translate(letters_sent(self.state["total"]))

    @property
    def goal(self):
        return goal_progress(self.state["total"], self.state["goal"], self.request)

    @property
    def mine_text(self):
        return self.translate(you_sent(self.state["mine"]))

    @property
    def remaining(self):
        return max(self.state["cap"] - self.state["mine"], 0)

    def channels(self):
        return [
            {"value": value, "title": self.translate(CHANNELS[value])}
            for value in self.state["channels"]
            if value in CHANNELS
        ]

    @memoize
    def wording(self):
        """The case's state when it takes no letters (draft or closed)."""
        wording = ua_wording(self.context, long_dates(self.request))
        return {
            "status": wording.status,
            "text": ". ".join(
                self.translate(part) for part in (wording.label, wording.detail) if part
            ),
        }

    @property
    def show_total(self):
        """A draft has no letters to show; editors see the total below the
        display threshold."""
        if self.wording()["status"] == DRAFT:
            return False
        return self.state["shown"] or self.can_see_statistics

    @property
    def can_see_statistics(self):
        return "statistics" in self.state

    @property
    def login_url(self):
        return f"{self.site_url}/login?came_from={self.ua_url}"

    @property
    def register_url(self):
        if plone.api.portal.get_registry_record("plone.enable_self_reg", default=False):
            return f"{self.site_url}/@@register"
        return None


class LetterFormView(BrowserView):
    """Base of the POST handlers: CSRF check, rule call, then either a
    redirect with a status message (no JavaScript) or JSON with the
    re-rendered viewlet (the script asks with ``Accept: application/json``)."""

    success_message = None

    def __call__(self):
        refusal = form_post_refusal(self.request)
        if refusal:
            return self.respond_error(*refusal)
        try:
            state = self.apply()
        except rules.LetterError as error:
            return self.respond_error(error.message, error.status)
        return self.respond(state, self.message_for(state))

    def apply(self):
        """Call the rule; return ``letter_state`` or raise ``LetterError``."""
        raise NotImplementedError

    def message_for(self, state):
        return self.success_message

    @property
    def wants_json(self):
        return "application/json" in self.request.getHeader("Accept", "")

    def respond(self, state, message):
        if self.wants_json:
            return self.json(
                200,
                {
                    "total": state["total"],
                    "mine": state["mine"],
                    "message": translate(message, context=self.request),
                    "html": self.viewlet_html(),
                },
            )
        plone.api.portal.show_message(message, self.request, type="info")
        self.request.response.redirect(self.context.absolute_url(), status=303)
        return ""

    def respond_error(self, message, status):
        if self.wants_json:
            return self.json(
                status, {"error": translate(message, context=self.request)}
            )
        plone.api.portal.show_message(message, self.request, type="error")
        self.request.response.redirect(self.context.absolute_url(), status=303)
        return ""

    def json(self, status, data):
        self.request.response.setStatus(status)
        self.request.response.setHeader("Content-Type", "application/json")
        self.request.response.setHeader("Cache-Control", "no-store")
        return json.dumps(data)

    def viewlet_html(self):
        view = getMultiAdapter((self.context, self.request), name="view")
        viewlet = LettersViewlet(self.context, self.request, view, None)
        viewlet.update()
        return viewlet.render()


class CountLettersView(LetterFormView):
    def apply(self):
        form = self.request.form
        return rules.count_letters(
            self.context,
            form.get("quantity", "1"),
            form.get("channel") or None,
            form.get("submission_id") or None,
        )

    def message_for(self, state):
        if state.get("duplicate"):
            return _("This letter was counted already.")
        return _("Thank you! Your letter has been counted.")


class UndoLetterView(LetterFormView):
    success_message = _("Your last entry has been taken back.")

    def apply(self):
        return rules.undo_last_entry(self.context)
