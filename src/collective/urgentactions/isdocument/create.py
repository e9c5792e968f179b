"""A draft Urgent Action from a parsed IS document.

The draft gets every field that was read, the addressees and copies as
entries of the section's address book (an entry that is already there, the
same authority or the country's embassy, is reused), the model letter as the
English letter template (a .docx made with
python-docx), and, for a follow-up, a relation to its first case. Anything
that refuses the import is checked before the first object is created.
"""

from collective.urgentactions import _
from collective.urgentactions.addressbook.book import ensure_address_book
from collective.urgentactions.addressbook.conversion import Converter
from collective.urgentactions.content.fields import actions_numbered
from collective.urgentactions.filing import section_of
from collective.urgentactions.isdocument.parser import ImportRefused
from collective.urgentactions.isdocument.parser import read_document
from collective.urgentactions.writing.letter_templates import DOCX_MIMETYPE
from collective.urgentactions.writing.letter_templates import Letter
from collective.urgentactions.writing.letter_templates import letter_docx
from collective.urgentactions.writing.letter_templates import letter_filename
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from markupsafe import escape
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile

import plone.api


LETTER_CLOSING = "Yours sincerely,"


@dataclass
class ImportResult:
    ua: object
    problems: list


def html(paragraphs):
    text = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    return RichTextValue(text, "text/html", "text/x-html-safe") if text else None


def refuse_duplicate(ua_number):
    for brain in actions_numbered(ua_number):
        raise ImportRefused(
            _(
                "UA ${number} is already on this site: “${title}” "
                "(${url}). Nothing was imported.",
                mapping={
                    "number": ua_number,
                    "title": brain.Title,
                    "url": brain.getURL(),
                },
            )
        )


def _closing_date(parsed, issue_date):
    """The day after the last day to take action: the first day closed."""
    if parsed.last_day is None:
        return None
    if parsed.last_day < issue_date:
        parsed.problem(
            _(
                "The date until which to take action is before the issue "
                "date; no closing date was set."
            )
        )
        return None
    return parsed.last_day + timedelta(days=1)


def _model_letter(parsed):
    """The model letter without its closing lines (put back in the file)."""
    paragraphs = list(parsed.letter)
    while paragraphs and (
        paragraphs[-1].lower().startswith(("yours", "sincerely", "[", "kind regards"))
    ):
        paragraphs.pop()
    return paragraphs


def import_document(container, data, filename="document.docx"):
    """Read ``data`` and create the draft in ``container``."""
    parsed = read_document(data)
    if parsed.ua_number:
        refuse_duplicate(parsed.ua_number)
    issue_date = parsed.issue_date or date.today()
    background = list(parsed.background)
    if parsed.previous_ua:
        background.append(f"Link to previous UA: {parsed.previous_ua}")
    addressees = [entry for entry in parsed.addressees if entry["name"]]
    ua = plone.api.content.create(
        container=container,
        type="UrgentAction",
        title=parsed.title or filename,
        description=parsed.summary or "",
        ua_number=parsed.ua_number,
        ai_index=parsed.ai_index,
        country=parsed.country,
        issue_date=issue_date,
        closing_date=_closing_date(parsed, issue_date),
        text=html(parsed.text),
        background=html(background),
        addressees=addressees,
        copies_to=[entry for entry in parsed.copies_to if entry["name"]],
        target_languages=parsed.target_languages,
        name_and_pronoun=parsed.name_and_pronoun,
    )
    if parsed.salutation:
        _add_letter_template(ua, parsed, addressees)
    _to_address_book(ua, container, parsed)
    _relate_to_first_case(ua, parsed)
    return ImportResult(ua=ua, problems=parsed.problems)


def _add_letter_template(ua, parsed, addressees):
    letter = Letter(
        language="en",
        salutation=parsed.salutation,
        paragraphs=tuple(_model_letter(parsed)),
        closing=LETTER_CLOSING,
        copy_to="",
    )
    number = ua.ua_number or "000/00"
    createContentInContainer(
        ua,
        "LetterTemplate",
        letter_language="en",
        file=NamedBlobFile(
            data=letter_docx(letter, number, ua.Title()),
            contentType=DOCX_MIMETYPE,
            filename=letter_filename(number, "en"),
        ),
    )


def _to_address_book(ua, container, parsed):
    """Turn the inline rows into address-book entries; without a country an
    entry cannot be filed, so the rows then stay with the case."""
    if not (ua.addressees or ua.copies_to):
        return
    if not ua.country:
        parsed.problem(
            _(
                "Without a country the addressees were not put in the address "
                "book: they are listed under “Other addressees” of the draft."
            )
        )
        return
    Converter(ensure_address_book(section_of(ua) or container)).convert(ua)


def _relate_to_first_case(ua, parsed):
    number = parsed.first_case_number
    if number is None:
        return
    for brain in actions_numbered(number):
        plone.api.relation.create(
            source=ua,
            target=brain._unrestrictedGetObject(),
            relationship="relatedItems",
        )
        return
    parsed.problem(
        _(
            "This is a follow-up of UA ${number}, which is not on this site: "
            "relate the first case by hand if you add it.",
            mapping={"number": number},
        )
    )
