"""Classic UI of syndication: the control panel of sources with their sync
logs and "Sync now", the source form, the "From <source>" viewlet and the
editors' decisions on source changes to fields edited here."""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import session_expired
from collective.urgentactions.syndication import sources as source_storage
from collective.urgentactions.syndication.cases import get_case
from collective.urgentactions.syndication.importer import find_field
from collective.urgentactions.syndication.importer import keep_local
from collective.urgentactions.syndication.importer import take_source
from collective.urgentactions.syndication.importer import target_of
from collective.urgentactions.syndication.worker import sync_after_commit
from collective.urgentactions.vocabularies import country_name
from collective.urgentactions.vocabularies import language_name
from collective.urgentactions.vocabularies import THEMES
from datetime import datetime
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.z3cform.widgets.select import SelectFieldWidget
from plone.autoform.form import AutoExtensibleForm
from plone.z3cform.layout import wrap_form
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form import form
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from z3c.form.browser.password import PasswordFieldWidget
from zExceptions import BadRequest
from zope import schema
from zope.i18n import translate
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import plone.api


LOG_SHOWN = 20
ARRIVE_AS = SimpleVocabulary(
    [
        SimpleTerm(
            source_storage.DRAFT,
            source_storage.DRAFT,
            _("As drafts, to translate and publish here"),
        ),
        SimpleTerm(
            source_storage.PUBLISHED,
            source_storage.PUBLISHED,
            _("Published at once"),
        ),
    ]
)


def is_manager():
    """Only Managers may read a source's service account."""
    return "Manager" in plone.api.user.get_roles()


def check_url(value):
    if not value.startswith(("http://", "https://")):
        raise Invalid(_("Give the address of the source site, starting with https://."))
    return True


class ISourceForm(Interface):
    name = schema.TextLine(
        title=_("Name"),
        description=_(
            "Imported cases show “From” and this name, e.g. “From "
            "International Secretariat”."
        ),
        max_length=100,
        required=True,
    )
    url = schema.TextLine(
        title=_("Address of the source site"),
        description=_(
            "The site root of another site running this add-on, e.g. "
            "https://www.example.org/Plone."
        ),
        constraint=check_url,
        max_length=500,
        required=True,
    )
    username = schema.TextLine(
        title=_("Service account at the source"),
        description=_(
            "The user the source's administrators created for this section, "
            "with the role Section. Only Managers can read it here; leave it "
            "empty to keep the stored one."
        ),
        max_length=100,
        required=False,
    )
    password = schema.Password(
        title=_("Password of the service account"),
        description=_("Never shown again; leave it empty to keep the stored one."),
        max_length=200,
        required=False,
    )
    languages = schema.List(
        title=_("Languages"),
        description=_("Import only cases written in these languages (none: any)."),
        value_type=schema.Choice(
            vocabulary="collective.urgentactions.template_languages"
        ),
        required=False,
        default=[],
        missing_value=[],
    )
    countries = schema.List(
        title=_("Countries"),
        description=_("Import only cases about these countries (none: any)."),
        value_type=schema.Choice(vocabulary="collective.urgentactions.countries"),
        required=False,
        default=[],
        missing_value=[],
    )
    themes = schema.List(
        title=_("Themes"),
        description=_("Import only cases with one of these themes (none: any)."),
        value_type=schema.Choice(vocabulary="collective.urgentactions.themes"),
        required=False,
        default=[],
        missing_value=[],
    )
    open_only = schema.Bool(
        title=_("Only open cases"),
        description=_(
            "Import only cases still open for letters; cases imported before "
            "are kept in step when they close."
        ),
        required=False,
        default=True,
    )
    arrive_as = schema.Choice(
        title=_("Imported cases and updates arrive"),
        vocabulary=ARRIVE_AS,
        required=True,
        default=source_storage.DRAFT,
    )

    @invariant
    def password_with_username(data):
        if getattr(data, "password", None) and not getattr(data, "username", None):
            raise Invalid(_("Give the service account's user name with its password."))


class SourceForm(AutoExtensibleForm, form.Form):
    """Add a source (no ``id``) or edit one (``?id=...``)."""

    schema = ISourceForm
    ignoreContext = True

    @property
    def label(self):
        return _("Edit source") if self.source else _("Add a source")

    description = _(
        "A site running this add-on whose cases this site imports and keeps "
        "in step. See the section guide (docs/sections.md)."
    )

    def update(self):
        source_id = self.request.form.get("id")
        self.source = source_storage.get_source(source_id) if source_id else None
        if source_id and self.source is None:
            raise BadRequest("No such source")
        super().update()

    def updateFields(self):
        super().updateFields()
        self.fields["password"].widgetFactory = PasswordFieldWidget
        self.fields["languages"].widgetFactory = CheckBoxFieldWidget
        self.fields["themes"].widgetFactory = CheckBoxFieldWidget
        self.fields["countries"].widgetFactory = SelectFieldWidget

    def updateWidgets(self):
        super().updateWidgets()
        self.widgets["password"].addClass("form-control")
        if self.source is None or self.request.form.get("form.buttons.save"):
            return
        for name in ("name", "url"):
            self.widgets[name].value = getattr(self.source, name)
        for name in ("languages", "countries", "themes"):
            self.widgets[name].value = list(getattr(self.source, name))
        self.widgets["open_only"].value = ["selected"] if self.source.open_only else []
        self.widgets["arrive_as"].value = [self.source.arrive_as]
        if is_manager():
            credentials = self.source.credentials()
            self.widgets["username"].value = credentials[0] if credentials else ""
        self.widgets["password"].value = ""

    @property
    def action(self):
        url = self.request.getURL()
        return f"{url}?id={self.source.id}" if self.source else url

    @button.buttonAndHandler(_("Save"), name="save")
    def handle_save(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        new = self.source is None
        if new and not data.get("password"):
            self.status = _("Give the service account and its password.")
            return
        source = self.source or source_storage.add_source(data["name"])
        source.configure(
            name=data["name"],
            url=data["url"].rstrip("/"),
            languages=tuple(data.get("languages") or ()),
            countries=tuple(data.get("countries") or ()),
            themes=tuple(data.get("themes") or ()),
            open_only=bool(data.get("open_only")),
            arrive_as=data["arrive_as"],
        )
        if data.get("username"):
            password = data.get("password")
            if not password:
                current = source.credentials()
                if current is None or current[0] != data["username"]:
                    self.status = _("Give the password of the new service account.")
                    return
                password = current[1]
            source.set_credentials(data["username"], password)
        IStatusMessage(self.request).add(_("Source saved."), type="info")
        self.request.response.redirect(controlpanel_url())

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handle_cancel(self, action):
        self.request.response.redirect(controlpanel_url())


# The form in the layout of Plone's control panels (Site Setup tabs).
SourceFormView = wrap_form(SourceForm, ControlPanelFormWrapper)


def stale_token(request):
    """Whether a post came without a valid CSRF token; then the page, shown
    again, says so, and nothing changes."""
    expired = session_expired(request)
    if expired:
        IStatusMessage(request).add(expired, "error")
    return bool(expired)


def controlpanel_url():
    return plone.api.portal.get().absolute_url() + "/@@syndication-controlpanel"


class SyndicationControlPanel(BrowserView):
    """The sources, their settings, latest sync and log; "Sync now"."""

    index = ViewPageTemplateFile("templates/controlpanel.pt")

    def __call__(self):
        if self.request.method == "POST":
            self.handle_post()
            self.request.response.redirect(controlpanel_url())
            return ""
        return self.index()

    def handle_post(self):
        if stale_token(self.request):
            return
        form_ = self.request.form
        source_id = form_.get("source", "")
        messages = IStatusMessage(self.request)
        if "sync" in form_:
            ids = (
                [source_id]
                if source_id
                else [source.id for source in source_storage.all_sources()]
            )
            ids = [i for i in ids if source_storage.get_source(i) is not None]
            sync_after_commit(plone.api.portal.get(), ids)
            messages.add(
                _(
                    "Sync started in the background; its result appears in the "
                    "log below. Reload the page to see it."
                ),
                "info",
            )
        elif "remove" in form_ and source_storage.get_source(source_id):
            source_storage.remove_source(source_id)
            messages.add(
                _("Source removed; the cases imported from it stay here."), "info"
            )

    def sources(self):
        return [self.entry(source) for source in source_storage.all_sources()]

    def entry(self, source):
        locale_request = self.request
        filters = []
        if source.languages:
            filters.append(", ".join(language_name(code) for code in source.languages))
        if source.countries:
            filters.append(", ".join(country_name(code) for code in source.countries))
        if source.themes:
            filters.append(
                ", ".join(
                    translate(THEMES[key], context=locale_request)
                    for key in source.themes
                    if key in THEMES
                )
            )
        if source.open_only:
            filters.append(translate(_("only open cases"), context=locale_request))
        log = [
            {
                "time": self.format_time(time),
                "level": level,
                "text": translate(message, context=self.request),
            }
            for time, level, message in source.log_messages()[:LOG_SHOWN]
        ]
        return {
            "id": source.id,
            "name": source.name,
            "url": source.url,
            "arrive_as": translate(
                ARRIVE_AS.getTerm(source.arrive_as).title, context=self.request
            ),
            "filters": "; ".join(filters),
            "credentials": source.has_credentials,
            "imported": len([uid for uid in source.cases.values() if uid]),
            "failed": len(source.failed),
            "log": log,
            "last": log[0] if log else None,
        }

    def format_time(self, text):
        value = datetime.fromisoformat(text).astimezone()
        return value.strftime("%Y-%m-%d %H:%M:%S")


class SourceViewlet(ViewletBase):
    """ "From <source name>" on an imported case, with a link to the source's
    case; for editors, the source's changes that wait for a decision."""

    index = ViewPageTemplateFile("templates/source_viewlet.pt")

    def update(self):
        super().update()
        self.record = get_case(self.context)

    def available(self):
        return self.record is not None

    def from_text(self):
        return translate(
            _("From ${source}", mapping={"source": self.record.source_name}),
            context=self.request,
        )

    def pending(self):
        if not plone.api.user.has_permission("Modify portal content", obj=self.context):
            return 0
        return len(self.record.pending)


class SourceChangesView(BrowserView):
    """The source's new values of fields edited here, beside the local
    ones; the editor takes the source's or keeps the local one."""

    index = ViewPageTemplateFile("templates/source_changes.pt")

    def __call__(self):
        self.record = get_case(self.context)
        if self.record is None:
            raise BadRequest("Not an imported case")
        if self.request.method == "POST":
            self.decide()
            self.request.response.redirect(
                self.context.absolute_url() + "/@@source-changes"
            )
            return ""
        return self.index()

    def decide(self):
        if stale_token(self.request):
            return
        key = self.request.form.get("key", "")
        if key not in self.record.pending:
            IStatusMessage(self.request).add(
                _("This change was decided already."), "warning"
            )
            return
        if "take" in self.request.form:
            take_source(self.context, key)
            IStatusMessage(self.request).add(
                _("The source's version is taken."), "info"
            )
        else:
            keep_local(self.context, key)
            IStatusMessage(self.request).add(_("The version here is kept."), "info")

    def changes(self):
        result = []
        for key, value in sorted(self.record.pending.items()):
            kind, _child, field = find_field(key)
            obj, field = target_of(self.context, self.record, key)
            if obj is None:
                continue
            where = (
                translate(_("Case"), context=self.request)
                if kind == "case"
                else obj.Title()
            )
            result.append(
                {
                    "key": key,
                    "where": where,
                    "label": translate(field.label, context=self.request),
                    "here": field.render(field.read(obj)),
                    "source": field.render(value),
                }
            )
        return result
