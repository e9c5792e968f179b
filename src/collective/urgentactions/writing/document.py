"""The member's letter as a Word document, made in memory.

A template with placeholders (see ``placeholders``) is rendered by docxtpl's
rules from a template compiled once (see ``compiled``).
A template without any gets a letterhead: sender, town and date, and the
addressee block inserted before its first paragraph, and the sender's name
after its last. Nothing is written to disk or kept.
"""

from babel.dates import format_date
from collective.urgentactions.addressbook.recipients import address_block
from collective.urgentactions.addressbook.recipients import salutation
from collective.urgentactions.formatting import babel_locale
from collective.urgentactions.wordtemplates.compiled import compiled
from collective.urgentactions.wordtemplates.placeholders import placeholders_of
from dataclasses import dataclass
from datetime import date
from docx import Document
from docxtpl import Listing
from io import BytesIO


DOCX_MIMETYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


@dataclass(frozen=True)
class Sender:
    """Who signs: name, town and (optional) postal address."""

    name: str = ""
    town: str = ""
    address: str = ""

    def initials_only(self):
        """Initials and town: "Maria Anna Muster" signs "M. A. M.", no address."""
        initials = " ".join(f"{part[0]}." for part in self.name.split() if part)
        return Sender(name=initials, town=self.town, address="")


def letter_date(language, today=None):
    """Today in the letter's language: "1 December 2026", "1. Dezember 2026"."""
    return format_date(today or date.today(), "long", locale=babel_locale(language))


def letter_values(ua_number, recipient, language, sender, today=None):
    """What the placeholders stand for, as plain text."""
    return {
        "date": letter_date(language, today),
        "addressee": "\n".join(address_block(recipient)) if recipient else "",
        "salutation": salutation(recipient, language) if recipient else "",
        "sender_name": sender.name,
        "sender_town": sender.town,
        "sender_address": sender.address,
        "ua_number": ua_number or "",
    }


def render(template_data, values):
    """The filled document's bytes."""
    if placeholders_of(template_data):
        return _render_placeholders(template_data, values)
    return _add_letterhead(template_data, values)


def _render_placeholders(template_data, values):
    # Multi-line values keep their line breaks; single lines stay strings,
    # so that {% if sender_town %} tests them.
    return compiled(template_data).render(
        {
            name: Listing(value) if "\n" in value else value
            for name, value in values.items()
        }
    )


def _add_letterhead(template_data, values):
    document = Document(BytesIO(template_data))
    paragraphs = document.paragraphs
    first = paragraphs[0] if paragraphs else document.add_paragraph()
    sender_lines = [values["sender_name"], *values["sender_address"].splitlines()]
    place_and_date = ", ".join(v for v in (values["sender_town"], values["date"]) if v)
    for block in (sender_lines, [place_and_date], values["addressee"].splitlines()):
        lines = [line for line in block if line.strip()]
        if lines:
            _lines_paragraph(first.insert_paragraph_before(), lines)
    if values["sender_name"]:
        document.add_paragraph(values["sender_name"])
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _lines_paragraph(paragraph, lines):
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(line)
    return paragraph


def document_text(data):
    """The paragraphs of a .docx as plain text lines (for the email body)."""
    document = Document(BytesIO(data))
    return [paragraph.text for paragraph in document.paragraphs]
