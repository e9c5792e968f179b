"""The address book: authorities and embassies that Urgent Actions write to.

An ``Addressee`` lives in the ``AddressBook`` folder of the Urgent Actions
section. Cases point to entries by relations (``addressee_entries``,
``copy_entries``), so an address corrected once is corrected on every case.
"""

from collective.urgentactions import _
from collective.z3cform.datagridfield.datagridfield import DataGridFieldFactory
from collective.z3cform.datagridfield.row import DictRow
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.schema.email import Email
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


AUTHORITY = "authority"
EMBASSY = "embassy"

KINDS = SimpleVocabulary(
    [
        SimpleTerm(AUTHORITY, AUTHORITY, _("Authority")),
        SimpleTerm(EMBASSY, EMBASSY, _("Embassy")),
    ]
)


class ISalutationRow(model.Schema):
    """A salutation for one language."""

    language = schema.Choice(
        title=_("Language"),
        vocabulary="collective.urgentactions.template_languages",
        required=False,
    )
    salutation = schema.TextLine(title=_("Salutation"), required=False)


class IAddressee(model.Schema):
    """An authority or an embassy, with everything a letter needs."""

    title = schema.TextLine(
        title=_("Function and name"),
        description=_(
            "The first line of the address block, e.g. "
            "“Prosecutor General Kanat Esenaliev” or “Embassy of the Kyrgyz Republic”."
        ),
        required=True,
    )
    kind = schema.Choice(
        title=_("Kind"),
        vocabulary=KINDS,
        default=AUTHORITY,
        required=True,
    )
    country = schema.Choice(
        title=_("Country"),
        description=_(
            "The country the authority belongs to or the embassy represents."
        ),
        vocabulary="collective.urgentactions.countries",
        required=True,
    )
    salutation = schema.TextLine(
        title=_("Salutation"),
        description=_(
            "e.g. “Dear Prosecutor General”; used in every language the list "
            "below does not name."
        ),
        required=False,
    )
    directives.widget("salutations", DataGridFieldFactory, auto_append=False)
    salutations = schema.List(
        title=_("Salutation in other languages"),
        description=_(
            "Only where it differs, e.g. German “Sehr geehrter Herr "
            "Generalstaatsanwalt”."
        ),
        value_type=DictRow(title=_("Salutation"), schema=ISalutationRow),
        required=False,
        default=[],
        missing_value=[],
    )
    address = schema.Text(
        title=_("Postal address"),
        description=_("One line per line of the envelope, the country last."),
        required=False,
    )
    email = Email(title=_("Email"), required=False)
    fax = schema.TextLine(title=_("Fax"), required=False)
    note = schema.Text(
        title=_("Note for writers"),
        description=_(
            "Shown with the address, e.g. “Post to this country is suspended: "
            "send your letter through the embassy.”"
        ),
        required=False,
    )


class IAddressBook(model.Schema):
    """The folder of address-book entries."""


@implementer(IAddressee)
class Addressee(Item):
    """An address-book entry."""

    def salutation_for(self, language):
        """The salutation in ``language``: its own row, else the general one."""
        for row in self.salutations or ():
            if (
                row.get("language") == language
                and (row.get("salutation") or "").strip()
            ):
                return row["salutation"].strip()
        return (self.salutation or "").strip()


@implementer(IAddressBook)
class AddressBook(Container):
    """Holds the section's ``Addressee`` entries."""
