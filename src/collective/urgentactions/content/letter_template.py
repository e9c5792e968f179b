"""A downloadable letter in one language, inside an Urgent Action."""

from Acquisition import aq_base
from Acquisition import aq_parent
from collective.urgentactions import _
from collective.urgentactions.content.fields import document_type
from collective.urgentactions.content.fields import LetterDocument
from collective.urgentactions.content.fields import TemplateLanguage
from collective.urgentactions.vocabularies import language_name
from plone.app.content.interfaces import INameFromTitle
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.formwidget.namedfile.widget import NamedFileWidget
from plone.supermodel import model
from z3c.form.interfaces import IFieldWidget
from z3c.form.widget import FieldWidget
from zope.component import adapter
from zope.interface import implementer


class LetterDocumentWidget(NamedFileWidget):
    """A file the field rejected is not kept: no "File already uploaded",
    no "Keep existing file" for it, only the error saying why. An edit form
    still offers to keep the template's stored file."""

    def render(self):
        if self.error is not None:
            self.value = self.stored_file()
        return super().render()

    @property
    def file_upload_id(self):
        return "" if self.error is not None else super().file_upload_id

    def stored_file(self):
        if self.ignoreContext:
            return None
        return getattr(aq_base(self.context), self.field.__name__, None)


@implementer(IFieldWidget)
def LetterDocumentFieldWidget(field, request):
    return FieldWidget(field, LetterDocumentWidget(request))


class ILetterTemplate(model.Schema):
    letter_language = TemplateLanguage(
        title=_("Language"),
        vocabulary="collective.urgentactions.template_languages",
        required=True,
    )
    directives.widget("file", LetterDocumentFieldWidget)
    file = LetterDocument(
        title=_("Letter"),
        description=_(
            "A .docx, .doc, .odt or .pdf document. A .docx may hold "
            "placeholders that are filled in for each member: {{ date }}, "
            "{{ addressee }}, {{ salutation }}, {{ sender_name }}, "
            "{{ sender_town }}, {{ sender_address }}, {{ ua_number }}."
        ),
        required=True,
    )


@implementer(ILetterTemplate)
class LetterTemplate(Item):
    """Its title is derived, "UA 065/20 English", and kept up to date by
    :func:`update_title` when it or its action changes."""


def store_document_type(template, event=None):
    """Store the file with the type of its checked format, not the type the
    uploader claimed (a "letter.docx" sent as text/html stays a document)."""
    file = getattr(template, "file", None)
    if file is not None and file.contentType != document_type(file.filename):
        file.contentType = document_type(file.filename)


def derived_title(template):
    ua_number = getattr(aq_parent(template), "ua_number", None)
    language = language_name(template.letter_language or "")
    return f"UA {ua_number} {language}" if ua_number else language


def update_title(template, event=None):
    title = derived_title(template)
    if template.title != title:
        template.title = title
        template.reindexObject(idxs=["Title", "SearchableText", "sortable_title"])


def update_titles_of_action(ua, event=None):
    """A new UA number renames the action's letter templates."""
    for template in ua.objectValues():
        if ILetterTemplate.providedBy(template):
            update_title(template)


@implementer(INameFromTitle)
@adapter(ILetterTemplate)
class LetterTemplateName:
    """Letter templates are named after their language: .../english."""

    def __init__(self, context):
        self.title = language_name(context.letter_language or "letter")
