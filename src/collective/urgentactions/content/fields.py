"""Fields whose validation forms and the REST API share.

Every rule lives in the field itself (``_validate`` or a constraint), so the
z3c.form edit forms and plone.restapi's deserializers reject the same input
with the same message.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from collective.urgentactions import _
from collective.urgentactions.formatting import file_extension
from collective.urgentactions.translations import translation_group
from collective.urgentactions.vocabularies import language_name
from collective.urgentactions.wordtemplates.placeholders import check_template
from html import escape
from plone.namedfile.field import NamedBlobFile
from plone.uuid.interfaces import IUUID
from z3c.form.error import ErrorViewSnippet
from zope import schema
from zope.i18n import translate
from zope.interface import implementer
from zope.schema.interfaces import ITextLine

import plone.api
import re


UA_NUMBER_PATTERN = re.compile(r"^\d{3}/\d{2}(-\d{1,2})?$")
AI_INDEX_PATTERN = re.compile(r"^[A-Z]{3} \d{2}/\d{3,4}/\d{4}$")


class InvalidUANumber(schema.ValidationError):
    __doc__ = _(
        "A UA number is a three-digit serial number and a two-digit year, "
        "e.g. 065/20; a follow-up adds a suffix, e.g. 065/20-1."
    )


class DuplicateUANumber(schema.ValidationError):
    """Raised with the number, the other case's title and its URL; forms
    link the other case (``DuplicateUANumberError``)."""

    __doc__ = _("Another Urgent Action already has this UA number.")

    def doc(self):
        if len(self.args) < 3:
            return self.__doc__
        return _(
            "Another Urgent Action already has this UA number: ${title} (${url}).",
            mapping={"title": self.args[1], "url": self.args[2]},
        )


class InvalidAIIndex(schema.ValidationError):
    __doc__ = _(
        "An AI Index is a three-letter region code, a two-digit number, a "
        "document number and the year, e.g. EUR 57/2227/2020."
    )


class NotADocument(schema.ValidationError):
    __doc__ = _(
        "A letter template must be a Word (.docx, .doc), OpenDocument (.odt) "
        "or PDF (.pdf) document."
    )

    def doc(self):
        return _(
            "“${filename}” was not kept: it is not a Word (.docx, .doc), "
            "OpenDocument (.odt) or PDF (.pdf) document (its content was "
            "checked, not just its name). Choose the letter file again.",
            mapping={"filename": self.args[0] if self.args else ""},
        )


class DuplicateTemplateLanguage(schema.ValidationError):
    __doc__ = _("This Urgent Action already has a letter template in this language.")

    def doc(self):
        return _(
            "This Urgent Action already has a letter template in ${language}. "
            "Replace the file of that template instead of adding a second one.",
            mapping={"language": language_name(self.args[0])},
        )


def actions_numbered(ua_number):
    """Catalog brains of every Urgent Action with this number, whoever may see
    them (uniqueness must count drafts too)."""
    catalog = plone.api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type="UrgentAction", ua_number=ua_number
    )


class TemplateLanguage(schema.Choice):
    """The language of a letter template: one template per language and
    Urgent Action. Bound to the action in an add form, to the template in an
    edit form."""

    def _validate(self, value):
        super()._validate(value)
        context = self.context
        if context is None:
            return
        own = None
        if getattr(context, "portal_type", None) == "LetterTemplate":
            own, context = aq_base(context), aq_parent(aq_inner(context))
        for item in getattr(aq_base(context), "objectValues", list)():
            if (
                getattr(item, "portal_type", None) == "LetterTemplate"
                and aq_base(item) is not own
                and item.letter_language == value
            ):
                raise DuplicateTemplateLanguage(value)


class IUANumber(ITextLine):
    """A UA number, unique in the site."""


@implementer(IUANumber)
class UANumber(schema.TextLine):
    """``NNN/YY`` with an optional follow-up suffix, unique in the site.

    Uniqueness is checked when the field is bound: to the folder in an add
    form, to the Urgent Action itself in an edit form or a REST PATCH, so an
    action never collides with itself.
    """

    def _validate(self, value):
        super()._validate(value)
        if not UA_NUMBER_PATTERN.match(value):
            raise InvalidUANumber(value)
        context = self.context
        if context is None:
            return
        # IUUID, not context.UID(): an object being created through the REST
        # API is validated before it has a UUID or a place.
        own_uid = IUUID(context, None)
        # Translations of a case (plone.app.multilingual) share its number.
        own_group = translation_group(context)
        for brain in actions_numbered(value):
            if own_uid == brain.UID:
                continue
            if own_group and getattr(brain, "TranslationGroup", None) == own_group:
                continue
            raise DuplicateUANumber(value, brain.Title, brain.getURL())


class DuplicateUANumberError(ErrorViewSnippet):
    """The duplicate-number error of a form, with a link to the other case."""

    def render(self):
        number, title, url = self.error.args
        text = translate(
            _("Another Urgent Action already has this UA number:"), context=self.request
        )
        return (
            f'<div class="invalid-feedback ua-duplicate-number">{escape(text)} '
            f'<a href="{escape(url)}">UA {escape(number)}: {escape(title)}</a></div>'
        )


def check_ai_index(value):
    if not AI_INDEX_PATTERN.match(value):
        raise InvalidAIIndex(value)
    return True


# Leading bytes and extensions of the accepted letter-template formats.
# .docx and .odt are zip archives, .doc is an OLE2 compound file.
DOCUMENT_SIGNATURES = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".odt": b"PK\x03\x04",
    ".doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
}


# The content type each accepted format is stored and served with, whatever
# type the uploader's browser claimed.
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".doc": "application/msword",
}


def document_type(filename):
    """The content type of a letter document, from its checked extension."""
    return DOCUMENT_TYPES.get(file_extension(filename), "application/octet-stream")


def check_document(value):
    """Accept only files whose name *and* content are a letter document."""
    extension = file_extension(value.filename)
    signature = DOCUMENT_SIGNATURES.get(extension)
    if signature is None or not value.data.startswith(signature):
        raise NotADocument(value.filename)
    if extension == ".docx" and b"word/" not in value.data:
        raise NotADocument(value.filename)
    if extension == ".docx":
        check_template(value.data)
    if (
        extension == ".odt"
        and b"application/vnd.oasis.opendocument.text" not in value.data[:200]
    ):
        raise NotADocument(value.filename)
    return True


class LetterDocument(NamedBlobFile):
    """A letter-template file: .docx, .doc, .odt or .pdf, checked by content."""

    def __init__(self, **kw):
        kw.setdefault("constraint", check_document)
        super().__init__(**kw)
