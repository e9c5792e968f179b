"""``@@urgentactions-preferences``: the member's notification settings as a
z3c.form form over the add-on's vocabularies (countries, themes).

Saving writes only the member's own record (``preferences.save``). Bad input
(a value no vocabulary offers) is refused with a 400 and saves nothing; a
stale or forged CSRF token gets the letter forms' "session has expired"
message and a 403.
"""

from babel import Locale
from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import session_expired
from collective.urgentactions.letters import rules
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import preferences
from collective.urgentactions.vocabularies import THEMES
from plone.autoform import directives
from plone.autoform.form import AutoExtensibleForm
from plone.supermodel import model
from z3c.form import button
from z3c.form import form
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from z3c.form.browser.checkbox import SingleCheckBoxFieldWidget
from z3c.form.browser.radio import RadioFieldWidget
from z3c.form.browser.select import SelectFieldWidget
from z3c.form.interfaces import IErrorViewSnippet
from zope import schema
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import Invalid
from zope.interface import provider
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import plone.api


AUTOMATIC = "auto"  # the token of "" (the profile's or the site's language)


@provider(IContextSourceBinder)
def delivery_choices(context):
    return SimpleVocabulary(
        [
            SimpleTerm(
                preferences.IMMEDIATE,
                preferences.IMMEDIATE,
                _("One email for each update, outcome or new Urgent Action"),
            ),
            SimpleTerm(
                preferences.DIGEST,
                preferences.DIGEST,
                _("One email a day with everything (daily digest)"),
            ),
        ]
    )


@provider(IContextSourceBinder)
def language_choices(context):
    return SimpleVocabulary(
        [
            SimpleTerm(
                "", AUTOMATIC, _("Automatic: your profile's language, else the site's")
            )
        ]
        + [
            SimpleTerm(code, code, Locale.parse(code).get_display_name().capitalize())
            for code in preferences.LANGUAGES
        ]
    )


@provider(IContextSourceBinder)
def reminder_choices(context):
    return SimpleVocabulary(
        [
            SimpleTerm(
                days,
                str(days),
                _("${days} days before it closes", mapping={"days": days})
                if days
                else _("Never"),
            )
            for days in preferences.REMINDER_DAYS
        ]
    )


class IPreferencesForm(model.Schema):
    directives.widget("delivery", RadioFieldWidget)
    delivery = schema.Choice(
        title=_("How often"),
        source=delivery_choices,
        default=preferences.IMMEDIATE,
        required=True,
    )
    language = schema.Choice(
        title=_("Language of the emails"),
        source=language_choices,
        default="",
        required=True,
    )
    directives.widget("countries", SelectFieldWidget, multiple="multiple", size=8)
    countries = schema.List(
        title=_("Countries"),
        description=_(
            "Get an email when a new Urgent Action is published for one of these "
            "countries or on one of these themes."
        ),
        value_type=schema.Choice(vocabulary="collective.urgentactions.countries"),
        required=False,
        default=[],
    )
    directives.widget("themes", CheckBoxFieldWidget)
    themes = schema.List(
        title=_("Themes"),
        value_type=schema.Choice(vocabulary="collective.urgentactions.themes"),
        required=False,
        default=[],
    )
    reminder_days = schema.Choice(
        title=_(
            "Remind me of an Urgent Action I follow and have not counted a letter for"
        ),
        source=reminder_choices,
        default=0,
        required=True,
    )
    directives.widget("auto_follow", SingleCheckBoxFieldWidget)
    auto_follow = schema.Bool(
        title=_("Follow an Urgent Action when I count a letter for it"),
        default=True,
        required=False,
    )


# What a value no vocabulary offers gets, per field.
REFUSALS = {
    "delivery": _("Choose immediate emails or a daily digest."),
    "language": _("Choose one of the offered languages."),
    "countries": _("Choose countries from the list."),
    "themes": _("Choose themes from the list."),
    "reminder_days": _("Choose when to be reminded."),
}


class PreferencesForm(AutoExtensibleForm, form.Form):
    schema = IPreferencesForm
    ignoreContext = False
    label = _("Urgent Actions: notification settings")
    description = _(
        "Choose how and about what we email you. You follow an Urgent Action "
        "when you count a letter for it or press its Follow button."
    )

    def getContent(self):
        record = storage.member_records().get(rules.current_userid())
        values = {name: preferences.get(record, name) for name in preferences.DEFAULTS}
        values["countries"] = list(values["countries"])
        values["themes"] = list(values["themes"])
        values["auto_follow"] = not values.pop("no_auto_follow")
        return values

    def refuse_unknown_choices(self):
        """z3c.form drops a token its vocabulary lacks (as if nothing had been
        chosen); a person who sent one gets told instead."""
        refused = False
        for name, message in REFUSALS.items():
            widget = self.widgets[name]
            tokens = self.request.form.get(widget.name)
            if tokens is None:
                continue
            if isinstance(tokens, str):
                tokens = [tokens]
            known = {term.token for term in widget.terms}
            if set(tokens) - known - {widget.noValueToken}:
                self.set_error(widget, message)
                refused = True
        return refused

    def set_error(self, widget, message):
        snippet = getMultiAdapter(
            (Invalid(message), self.request, widget, widget.field, self, self.context),
            IErrorViewSnippet,
        )
        snippet.update()
        widget.error = snippet
        self.widgets.errors += (snippet,)

    @button.buttonAndHandler(_("Save"), name="save")
    def handle_save(self, action):
        expired = session_expired(self.request)
        if expired:
            self.request.response.setStatus(403)
            self.status = expired
            return
        data, errors = self.extractData()
        if self.refuse_unknown_choices() or errors:
            self.request.response.setStatus(400)
            self.status = _("Please correct the marked fields. Nothing has been saved.")
            return
        values = {
            "delivery": data["delivery"],
            "language": data["language"],
            "countries": sorted(set(data["countries"] or ())),
            "themes": [key for key in THEMES if key in (data["themes"] or ())],
            "reminder_days": data["reminder_days"],
            "no_auto_follow": not data["auto_follow"],
        }
        userid = rules.current_userid()
        preferences.save(storage.member_records().ensure(userid), values)
        plone.api.portal.show_message(
            translate(
                _("Your notification settings have been saved."), context=self.request
            ),
            self.request,
        )
        self.request.response.redirect(self.request.getURL())
