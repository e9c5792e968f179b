"""The Urgent Action: one case, its updates and its letter templates."""

from AccessControl import getSecurityManager
from collective.urgentactions import _
from collective.urgentactions.content.fields import check_ai_index
from collective.urgentactions.content.fields import UANumber
from collective.z3cform.datagridfield.blockdatagridfield import (
    BlockDataGridFieldFactory,
)
from collective.z3cform.datagridfield.row import DictRow
from datetime import date
from plone.app.textfield import RichText
from plone.app.vocabularies.catalog import CatalogSource
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.app.z3cform.widgets.select import Select2FieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.schema.email import Email
from plone.supermodel import model
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form.browser.textlines import TextLinesFieldWidget
from z3c.form.interfaces import IFieldWidget
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant

import plone.api


class IInlineAddressee(model.Schema):
    """One authority written on the case itself, not in the address book."""

    name = schema.TextLine(title=_("Function and name"), required=False)
    salutation = schema.TextLine(title=_("Salutation"), required=False)
    address = schema.Text(title=_("Postal address"), required=False)
    email = Email(title=_("Email"), required=False)
    fax = schema.TextLine(title=_("Fax"), required=False)


def address_book_entries(title, description):
    """A list of relations to address-book entries, picked with Plone's
    related-items widget (search and browse)."""
    return RelationList(
        title=title,
        description=description,
        value_type=RelationChoice(
            title=_("Address-book entry"),
            source=CatalogSource(portal_type="Addressee"),
        ),
        required=False,
        default=[],
        missing_value=[],
    )


ENTRY_WIDGET_OPTIONS = {
    "selectableTypes": ["Addressee"],
    "folderTypes": ["AddressBook"],
    "recentlyUsed": True,
}


def check_inline_rows(rows):
    """Empty rows are dropped; a row with details but no name is refused."""
    for row in rows or ():
        if not (row.get("name") or "").strip() and any(
            (value or "").strip() for value in row.values() if isinstance(value, str)
        ):
            raise MissingAddresseeName()
    return True


class MissingAddresseeName(schema.ValidationError):
    __doc__ = _("Each addressee needs a function and name.")


CHOOSE_COUNTRY = _("Choose a country…")


@implementer(IFieldWidget)
def CountryFieldWidget(field, request):
    """A "Choose a country…" prompt, never a silent first country, and a
    search box (select2) to find one of some 250 countries by typing."""
    widget = Select2FieldWidget(field, request)
    widget.prompt = True
    widget.promptMessage = CHOOSE_COUNTRY
    widget.pattern_options = {
        "placeholder": translate(CHOOSE_COUNTRY, context=request),
        "width": "100%",
    }
    return widget


class IUrgentAction(model.Schema):
    """An Urgent Action. Title and summary (the demand) are the Dublin Core
    title and description, so listings and search show them."""

    ua_number = UANumber(
        title=_("UA number"),
        description=_(
            "Serial number and two-digit year, e.g. 065/20; a follow-up adds "
            "a suffix, e.g. 065/20-1. Unique in the site."
        ),
        required=True,
    )
    ai_index = schema.TextLine(
        title=_("AI Index"),
        description=_("e.g. EUR 57/2227/2020"),
        constraint=check_ai_index,
        required=True,
    )
    directives.widget("country", CountryFieldWidget)
    country = schema.Choice(
        title=_("Country"),
        description=_("Type to search, e.g. “bel” for Belarus."),
        vocabulary="collective.urgentactions.countries",
        required=True,
    )
    themes = schema.List(
        title=_("Themes"),
        value_type=schema.Choice(vocabulary="collective.urgentactions.themes"),
        required=False,
        default=[],
        missing_value=[],
    )
    issue_date = schema.Date(
        title=_("Issue date"),
        description=_("The case is filed under the year and month of this date."),
        required=True,
        defaultFactory=date.today,
    )
    closing_date = schema.Date(
        title=_("Closing date"),
        description=_(
            "From this day on the action is closed and takes no more letters. "
            "Leave empty to close it by hand."
        ),
        required=False,
    )
    name_and_pronoun = schema.TextLine(
        title=_("Name and pronoun"),
        description=_(
            "How to name the person at risk, as the International Secretariat "
            "gives it, e.g. Aizada Temirbekova (she/her)."
        ),
        required=False,
    )
    text = RichText(
        title=_("Case text"),
        description=_("What happened and the legal situation."),
        required=False,
    )
    background = RichText(title=_("Background"), required=False)
    outcome = schema.Choice(
        title=_("Outcome"),
        description=_(
            "How the case ended or stands. Shown on the page; once the action "
            "is closed, its followers are told of each new outcome by email."
        ),
        vocabulary="collective.urgentactions.outcomes",
        required=False,
    )

    model.fieldset(
        "letters",
        label=_("Letters"),
        fields=[
            "letter_goal",
            "addressee_entries",
            "addressees",
            "target_languages",
            "copy_entries",
            "copies_to",
            "recommend_initials",
            "suggested_posts",
        ],
    )
    letter_goal = schema.Int(
        title=_("Letter goal"),
        description=_(
            "Optional: how many letters the section aims for. The case page "
            "then shows the progress, e.g. “812 of 1,000 letters”, wherever "
            "it shows the counter (see the display threshold in the control "
            "panel)."
        ),
        min=1,
        max=10_000_000,
        required=False,
    )
    directives.widget(
        "addressee_entries",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options=ENTRY_WIDGET_OPTIONS,
    )
    addressee_entries = address_book_entries(
        _("Addressees"),
        _("The authorities to write to, from the address book."),
    )
    directives.widget("addressees", BlockDataGridFieldFactory, auto_append=False)
    addressees = schema.List(
        title=_("Other addressees"),
        description=_("Authorities that are not in the address book."),
        value_type=DictRow(title=_("Addressee"), schema=IInlineAddressee),
        constraint=check_inline_rows,
        required=False,
        default=[],
        missing_value=[],
    )
    target_languages = schema.TextLine(
        title=_("Preferred language to address the target"),
        description=_("e.g. Kyrgyz, Russian, English"),
        required=False,
    )
    directives.widget(
        "copy_entries",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options=ENTRY_WIDGET_OPTIONS,
    )
    copy_entries = address_book_entries(
        _("Copies to"),
        _("For example the country's embassy, from the address book."),
    )
    directives.widget("copies_to", BlockDataGridFieldFactory, auto_append=False)
    copies_to = schema.List(
        title=_("Other copies to"),
        description=_("Recipients of copies that are not in the address book."),
        value_type=DictRow(title=_("Addressee"), schema=IInlineAddressee),
        constraint=check_inline_rows,
        required=False,
        default=[],
        missing_value=[],
    )
    recommend_initials = schema.Bool(
        title=_("Recommend signing with initials and town only"),
        description=_(
            "For countries where writers or their families may be at risk: the "
            "letter form then suggests signing with initials and town only."
        ),
        required=False,
        default=False,
    )
    directives.widget("suggested_posts", TextLinesFieldWidget)
    suggested_posts = schema.List(
        title=_("Suggested social-media posts"),
        description=_("One post per line."),
        value_type=schema.TextLine(),
        required=False,
        default=[],
        missing_value=[],
    )

    @invariant
    def closing_not_before_issue(data):
        issued = getattr(data, "issue_date", None)
        closing = getattr(data, "closing_date", None)
        if issued and closing and closing < issued:
            raise Invalid(_("The closing date must not be before the issue date."))


@implementer(IUrgentAction)
class UrgentAction(Container):
    """An Urgent Action (folderish: holds updates and letter templates)."""

    def allowedContentTypes(self):
        """The types the current user can add here. Adding needs "Add portal
        content" besides each type's own add permission, which the workflow
        also gives to roles without it (Editors), so those get none offered
        (the add menu, ``@types``)."""
        if not plone.api.user.has_permission("Add portal content", obj=self):
            return []
        return super().allowedContentTypes()

    def items_of_type(self, portal_type):
        """Its updates or letter templates that the current user may view
        (a case holds a handful: no catalog query needed). The security
        manager answers directly: ``plone.api.user.has_permission`` lists
        every permission of the site to check the name whenever the answer
        is no."""
        check = getSecurityManager().checkPermission
        return [
            item
            for item in self.objectValues()
            if getattr(item, "portal_type", None) == portal_type and check("View", item)
        ]


def year_mismatch(ua):
    """``(number's year, issue year)`` when the UA number's two-digit year
    is not the issue date's, else ``None``."""
    number, issued = getattr(ua, "ua_number", None), getattr(ua, "issue_date", None)
    if not number or not issued or "/" not in number:
        return None
    year = number.split("/", 1)[1][:2]
    if year == f"{issued.year % 100:02d}":
        return None
    return year, issued.year


def warn_about_the_year(ua, event):
    """A warning, not an error, on the page after saving: a section may
    reuse an old number on purpose."""
    mismatch = year_mismatch(ua)
    request = getRequest()
    if mismatch is None or request is None:
        return
    message = _(
        "UA ${number} carries the year ${year}, but its issue date is in "
        "${issue_year}. Check the number; keep it if your section reuses an "
        "old one on purpose.",
        mapping={
            "number": ua.ua_number,
            "year": mismatch[0],
            "issue_year": str(mismatch[1]),
        },
    )
    IStatusMessage(request).add(translate(message, context=request), type="warning")


# Where plone.app.multilingual is installed, translations share the case's
# facts (number, index, country, themes, dates, outcome, goal, addressees);
# their texts are translated. The address book relations are left to each
# translation (plone.app.multilingual would relink them to translated entries).
LANGUAGE_INDEPENDENT_FIELDS = (
    "ua_number",
    "ai_index",
    "country",
    "themes",
    "issue_date",
    "closing_date",
    "outcome",
    "letter_goal",
    "addressees",
    "copies_to",
)

try:
    from plone.app.multilingual.dx.interfaces import ILanguageIndependentField
except ImportError:  # pragma: no cover (it ships with Plone)
    pass
else:
    for _name in LANGUAGE_INDEPENDENT_FIELDS:
        alsoProvides(IUrgentAction[_name], ILanguageIndependentField)
