"""A downloadable letter in one language, inside an Urgent Action."""

from Acquisition import aq_parent
from collective.urgentactions import _
from collective.urgentactions.content.fields import LetterDocument
from collective.urgentactions.vocabularies import language_name
from plone.app.content.interfaces import INameFromTitle
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.component import adapter
from zope.interface import implementer


class ILetterTemplate(model.Schema):
    letter_language = schema.Choice(
        title=_("Language"),
        vocabulary="collective.urgentactions.template_languages",
        required=True,
    )
    file = LetterDocument(
        title=_("Letter"),
        description=_("A .docx, .doc, .odt or .pdf document."),
        required=True,
    )


@implementer(ILetterTemplate)
class LetterTemplate(Item):
    """Its title is derived: "UA 065/20 english"."""

    @property
    def title(self):
        ua_number = getattr(aq_parent(self), "ua_number", None)
        language = language_name(self.letter_language or "")
        return f"UA {ua_number} {language}" if ua_number else language

    @title.setter
    def title(self, value):
        """The title is derived from the action and the language."""


@implementer(INameFromTitle)
@adapter(ILetterTemplate)
class LetterTemplateName:
    """Letter templates are named after their language: .../english."""

    def __init__(self, context):
        self.title = language_name(context.letter_language or "letter")
