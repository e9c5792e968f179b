"""The fields a section takes from its source, each able to read the
source's JSON, check it, and compare it with the local value.

A field's ``convert`` turns the source's JSON value into the local value
(downloading files through ``fetch``) or raises :class:`Malformed`; nothing
is written before every field of a case has converted. ``plain`` gives a
JSON-compatible form of a local value, whose fingerprint tells whether an
editor changed it here; ``marker`` fingerprints the source's JSON value, so
an unchanged field costs no download.
"""

from collective.urgentactions import _
from collective.urgentactions.content.fields import AI_INDEX_PATTERN
from collective.urgentactions.content.fields import check_document
from collective.urgentactions.content.fields import NotADocument
from collective.urgentactions.content.fields import UA_NUMBER_PATTERN
from collective.urgentactions.content.urgent_action import IInlineAddressee
from collective.urgentactions.syndication.cases import fingerprint
from collective.urgentactions.vocabularies import COUNTRY_CODES
from collective.urgentactions.vocabularies import OUTCOMES
from collective.urgentactions.vocabularies import TEMPLATE_LANGUAGES
from collective.urgentactions.vocabularies import THEMES
from datetime import date
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage

import hashlib
import html


MAX_TEXT = 200_000
MAX_LINE = 1000
MAX_ROWS = 100


class Malformed(Exception):
    """The source's data for a field is not what the add-on writes."""

    def __init__(self, field, value):
        super().__init__(field)
        self.field = field
        self.value = repr(value)[:80]


class Field:
    """A text line stored as an attribute of the same name."""

    def __init__(self, name, label, json_key=None, required=False):
        self.name = name
        self.label = label
        self.json_key = json_key or name
        self.required = required

    def source_value(self, data):
        return data.get(self.json_key)

    def marker(self, data):
        return fingerprint(self.source_value(data))

    def convert(self, value, fetch):
        if value is None or value == "":
            if self.required:
                raise Malformed(self.name, value)
            return self.empty()
        return self.check(value)

    def empty(self):
        return ""

    def check(self, value):
        if not isinstance(value, str) or len(value) > MAX_LINE:
            raise Malformed(self.name, value)
        return value

    def read(self, obj):
        return getattr(obj, self.name, None)

    def write(self, obj, value):
        setattr(obj, self.name, value)

    def plain(self, value):
        return value or None

    def local_fingerprint(self, obj):
        return fingerprint(self.plain(self.read(obj)))

    def value_fingerprint(self, value):
        return fingerprint(self.plain(value))

    def render(self, value):
        """HTML showing a value beside another (editors' decisions)."""
        return html.escape(str(value or ""))


class PatternField(Field):
    def __init__(self, name, label, pattern, **kw):
        super().__init__(name, label, **kw)
        self.pattern = pattern

    def check(self, value):
        value = super().check(value)
        if not self.pattern.match(value):
            raise Malformed(self.name, value)
        return value


class TokenField(Field):
    """A choice: the source sends ``{"token", "title"}`` (or the token)."""

    def __init__(self, name, label, tokens, **kw):
        super().__init__(name, label, **kw)
        self.tokens = tokens

    def empty(self):
        return None

    def check(self, value):
        token = value.get("token") if isinstance(value, dict) else value
        if token not in self.tokens:
            raise Malformed(self.name, value)
        return token


class TokensField(TokenField):
    def empty(self):
        return []

    def check(self, value):
        if not isinstance(value, list) or len(value) > len(self.tokens):
            raise Malformed(self.name, value)
        return [super(TokensField, self).check(item) for item in value]

    def plain(self, value):
        return list(value or ())

    def render(self, value):
        return html.escape(", ".join(value or ()))


class DateField(Field):
    def empty(self):
        return None

    def check(self, value):
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise Malformed(self.name, value)

    def plain(self, value):
        return value.isoformat() if value else None


class RichField(Field):
    """``{"data", "content-type", "encoding"}``, shown through the safe HTML
    filter like every rich text of the site."""

    def empty(self):
        return None

    def check(self, value):
        data = value.get("data") if isinstance(value, dict) else None
        if not isinstance(data, str) or len(data) > MAX_TEXT:
            raise Malformed(self.name, value)
        mimetype = value.get("content-type") or "text/html"
        if mimetype not in ("text/html", "text/plain", "text/x-web-markdown"):
            raise Malformed(self.name, value)
        return RichTextValue(data, mimetype, "text/x-html-safe")

    def plain(self, value):
        return value.raw if value is not None else None

    def render(self, value):
        return value.output if value is not None else ""


class LinesField(Field):
    def empty(self):
        return []

    def check(self, value):
        if not isinstance(value, list) or len(value) > MAX_ROWS:
            raise Malformed(self.name, value)
        return [super(LinesField, self).check(line) for line in value]

    def plain(self, value):
        return list(value or ())

    def render(self, value):
        return "<br/>".join(html.escape(line) for line in value or ())


class RowsField(Field):
    """Whom to write to, as the case's inline rows (``IInlineAddressee``).

    The source's case JSON lists every recipient under ``recipients``, its
    address-book entries and inline rows alike (``addressbook.recipients``);
    relations cannot cross sites, so they all arrive here as inline rows.
    """

    names = IInlineAddressee.names()

    def __init__(self, name, label, role, **kw):
        super().__init__(name, label, **kw)
        self.role = role

    def source_value(self, data):
        items = data.get("recipients")
        if items is None:
            return data.get(self.json_key)
        if not isinstance(items, list):
            return items
        rows = []
        for item in items:
            if not isinstance(item, dict):
                return items  # refused by check()
            if item.get("role") != self.role:
                continue
            salutations = item.get("salutations")
            rows.append(
                {
                    "name": item.get("name"),
                    "salutation": salutations.get("")
                    if isinstance(salutations, dict)
                    else None,
                    "address": item.get("address"),
                    "email": item.get("email"),
                    "fax": item.get("fax"),
                }
            )
        return rows

    def empty(self):
        return []

    def check(self, value):
        if not isinstance(value, list) or len(value) > MAX_ROWS:
            raise Malformed(self.name, value)
        rows = []
        for row in value:
            if not isinstance(row, dict) or not isinstance(row.get("name"), str):
                raise Malformed(self.name, row)
            cleaned = {}
            for key in self.names:
                item = row.get(key)
                if item in (None, ""):
                    continue
                if not isinstance(item, str) or len(item) > MAX_LINE:
                    raise Malformed(self.name, row)
                cleaned[key] = item
            rows.append(cleaned)
        return rows

    def plain(self, value):
        return [
            {key: item for key, item in dict(row).items() if item}
            for row in value or ()
        ]

    def render(self, value):
        return "<br/>".join(
            html.escape(" — ".join(str(item) for item in dict(row).values()))
            for row in value or ()
        )


class BlobField(Field):
    """A file the source offers for download: ``{"download", "filename",
    "content-type", "size"}``."""

    factory = NamedBlobFile

    def marker(self, data):
        value = self.source_value(data)
        if isinstance(value, dict):
            value = {
                key: value.get(key)
                for key in ("download", "filename", "size", "modified", "content-type")
            }
        return fingerprint(value)

    def empty(self):
        return None

    def check(self, value):
        raise NotImplementedError  # convert() downloads

    def convert(self, value, fetch):
        if value is None:
            if self.required:
                raise Malformed(self.name, value)
            return None
        url = value.get("download") if isinstance(value, dict) else None
        filename = value.get("filename") if isinstance(value, dict) else None
        if not isinstance(url, str) or not isinstance(filename, str):
            raise Malformed(self.name, value)
        blob = self.factory(
            data=fetch(url),
            filename=filename[:200],
            contentType=value.get("content-type") or "",
        )
        self.validate(blob)
        return blob

    def validate(self, blob):
        pass

    def plain(self, value):
        if value is None:
            return None
        return {
            "filename": value.filename,
            "sha256": hashlib.sha256(value.data).hexdigest(),
        }

    def render(self, value):
        if value is None:
            return ""
        return html.escape(f"{value.filename} ({value.getSize()} bytes)")


class ImageField(BlobField):
    factory = NamedBlobImage

    def validate(self, blob):
        if not blob.contentType.startswith("image/") or blob.getImageSize()[0] <= 0:
            raise Malformed(self.name, blob.filename)


class DocumentField(BlobField):
    def validate(self, blob):
        try:
            check_document(blob)
        except NotADocument:
            raise Malformed(self.name, blob.filename)


class LanguageField(TokenField):
    """A template's language: the source sends ``language: {"token"}``."""


CASE_FIELDS = (
    Field("title", _("Title"), required=True),
    Field("description", _("Summary")),
    PatternField("ua_number", _("UA number"), UA_NUMBER_PATTERN, required=True),
    PatternField("ai_index", _("AI Index"), AI_INDEX_PATTERN, required=True),
    TokenField("country", _("Country"), COUNTRY_CODES, required=True),
    TokensField("themes", _("Themes"), tuple(THEMES)),
    DateField("issue_date", _("Issue date"), required=True),
    DateField("closing_date", _("Closing date")),
    RichField("text", _("Case text")),
    RichField("background", _("Background")),
    TokenField("outcome", _("Outcome"), tuple(OUTCOMES)),
    RowsField("addressees", _("Addressees"), "addressee"),
    RowsField("copies_to", _("Copies to"), "copy"),
    LinesField("suggested_posts", _("Suggested social-media posts")),
    ImageField("image", _("Lead image")),
)

UPDATE_FIELDS = (
    Field("title", _("Heading"), required=True),
    DateField("date", _("Date"), required=True),
    RichField("text", _("Text")),
)

TEMPLATE_FIELDS = (
    LanguageField(
        "letter_language",
        _("Language"),
        TEMPLATE_LANGUAGES,
        json_key="language",
        required=True,
    ),
    DocumentField("file", _("Letter"), json_key="file", required=True),
)
