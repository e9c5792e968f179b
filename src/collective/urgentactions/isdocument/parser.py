"""Read an International Secretariat (IS) Urgent Action document (.docx).

The layout (see ``docs/import.md``), top to bottom; paragraphs may sit in
tables (the "TAKE ACTION" box), lines may be paragraphs or line breaks:

* ``UA: 065/20 Index: EUR 57/2227/2020 Belarus Date: 28 April 2020``
* the title, then the summary (first paragraph) and the case text;
* ``TAKE ACTION ...``: addressee blocks (function and name, postal address
  lines, ``Email:``, ``Fax:``, ``Salutation:``), optionally ``Copies to:``
  and more blocks, then the model letter from its salutation ("Dear ...");
* ``ADDITIONAL INFORMATION``: the background;
* ``PREFERRED LANGUAGE TO ADDRESS TARGET: ...``;
* ``PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL: <date>``;
* ``NAME AND PRONOUN: ...``;
* ``LINK TO PREVIOUS UA: ...`` (follow-ups).

:func:`read_document` returns a :class:`ParsedDocument` with what it found
and, in ``problems``, a message for each part it could not read. A file that
is not a readable .docx in this layout raises :class:`ImportRefused`.
"""

from babel import Locale
from collective.urgentactions import _
from collective.urgentactions.content.fields import AI_INDEX_PATTERN
from collective.urgentactions.content.fields import UA_NUMBER_PATTERN
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

import io
import re
import zipfile


MAX_FILE_SIZE = 10_000_000
MAX_UNPACKED_SIZE = 50_000_000
MAX_PARAGRAPHS = 5_000

UA_LINE = re.compile(
    r"^UA:?\s*(?P<number>\S+)\s+Index:?\s*(?P<index>[A-Za-z]{2,4}\s*[\d/.-]+)"
    r"\s*(?P<country>.*?)\s*Date:?\s*(?P<date>.+?)\s*$",
    re.I,
)
HEADINGS = {
    "take_action": re.compile(r"^TAKE ACTION\b", re.I),
    "additional": re.compile(r"^ADDITIONAL INFORMATION\b:?\s*(?P<rest>.*)$", re.I),
    "language": re.compile(
        r"^PREFERRED LANGUAGES? TO ADDRESS (THE )?TARGETS?:?\s*(?P<rest>.*)$", re.I
    ),
    "until": re.compile(
        r"^PLEASE TAKE ACTION AS SOON AS POSSIBLE UNTIL:?\s*(?P<rest>.*)$", re.I
    ),
    "name": re.compile(r"^NAME AND (PREFERRED )?PRONOUNS?:?\s*(?P<rest>.*)$", re.I),
    "previous": re.compile(r"^LINK TO PREVIOUS UAS?:?\s*(?P<rest>.*)$", re.I),
}
IGNORED = re.compile(
    r"^(PLEASE CHECK WITH YOUR SECTION|YOU CAN ALSO WRITE IN YOUR OWN LANGUAGE)",
    re.I,
)
ONE_LINE_VALUES = ("language", "until", "name", "previous")
COPIES = re.compile(r"^(AND )?COPIES TO:?\s*$", re.I)
LABELLED = re.compile(r"^(?P<label>E-?mail|Fax|Salutation)\s*:\s*(?P<value>.*)$", re.I)
SALUTATION = re.compile(r"^(Dear|Your (Excellency|Honour|Honor))\b", re.I)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
UA_REFERENCE = re.compile(r"\b(\d{3}/\d{2})(-\d{1,2})?\b")
MONTHS = {
    name.lower(): number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}


class ImportRefused(Exception):
    """A file that cannot be imported; ``message`` says why for people."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedDocument:
    """What was read from the document, as field values of an Urgent Action."""

    ua_number: str | None = None
    ai_index: str | None = None
    country: str | None = None
    issue_date: date | None = None
    title: str | None = None
    summary: str | None = None
    text: list = field(default_factory=list)
    addressees: list = field(default_factory=list)
    copies_to: list = field(default_factory=list)
    salutation: str | None = None
    letter: list = field(default_factory=list)
    background: list = field(default_factory=list)
    target_languages: str | None = None
    last_day: date | None = None
    name_and_pronoun: str | None = None
    previous_ua: str | None = None
    problems: list = field(default_factory=list)

    def problem(self, message):
        self.problems.append(message)

    @property
    def first_case_number(self):
        """The UA number of the case this one follows up, if any: from the
        link to the previous UA, else the number without its suffix."""
        match = UA_REFERENCE.search(self.previous_ua or "")
        if match:
            return match.group(1)
        if self.ua_number and "-" in self.ua_number:
            return self.ua_number.split("-")[0]
        return None


def parse_date(text):
    """ "28 April 2020", "28 Apr 2020", "2020-04-28", "28.04.2020" or
    "28/04/2020" (day first); ``None`` if it is none of these."""
    text = text.strip().rstrip(".")
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = re.match(r"^(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})$", text)
    try:
        if match and match.group(2).lower() in MONTHS:
            day, month, year = match.groups()
            return date(int(year), MONTHS[month.lower()], int(day))
        match = re.match(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$", text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        return None
    return None


def country_code(name):
    """The ISO code of a country's English name ("Belarus" -> "BY")."""
    wanted = name.strip().lower()
    for code, territory in Locale.parse("en").territories.items():
        if len(code) == 2 and code.isalpha() and territory.lower() == wanted:
            return code
    return None


def _check_container(data):
    """Refuse what is not a .docx before python-docx reads it: too large,
    not a zip, or packing far more than a Word document does (a zip bomb)."""
    if len(data) > MAX_FILE_SIZE:
        raise ImportRefused(
            _(
                "The file is too large: at most ${size} MB.",
                mapping={"size": MAX_FILE_SIZE // 1_000_000},
            )
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(
            _(
                "This is an old Word document (.doc). Open it in Word or "
                "LibreOffice, save it as .docx and import that."
            )
        )
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused(_("This is not a Word document (.docx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefused(
            _("The file could not be read as a Word document: it may be damaged.")
        )
    if "word/document.xml" not in names:
        raise ImportRefused(_("This is not a Word document (.docx)."))
    if unpacked > MAX_UNPACKED_SIZE:
        raise ImportRefused(
            _("The file unpacks to far more than a Word document: not imported.")
        )


def document_paragraphs(data):
    """The document's paragraphs in reading order, those in tables included;
    the lines of a paragraph (line breaks) joined by ``\\n``, an empty
    paragraph as an empty string."""
    _check_container(data)
    try:
        document = Document(io.BytesIO(data))
    except Exception:
        # python-docx raises many kinds (KeyError, ValueError, lxml errors)
        # for damaged parts or other Office formats.
        raise ImportRefused(
            _("The file could not be read as a Word document: it may be damaged.")
        )
    paragraphs = []
    for block in document.iter_inner_content():
        for paragraph in _paragraphs(block):
            lines = paragraph.text.replace("\xa0", " ").split("\n")
            paragraphs.append(
                "\n".join(" ".join(line.split()) for line in lines if line.strip())
            )
        if len(paragraphs) > MAX_PARAGRAPHS:
            raise ImportRefused(
                _("The document is far longer than an Urgent Action: not imported.")
            )
    return paragraphs


def _paragraphs(block):
    if isinstance(block, Paragraph):
        return [block]
    if isinstance(block, Table):
        paragraphs = []
        seen = set()
        for row in block.rows:
            for cell in row.cells:
                # A merged cell is listed once per grid column.
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                for inner in cell.iter_inner_content():
                    paragraphs.extend(_paragraphs(inner))
                paragraphs.append(_EMPTY)
        return paragraphs
    return []


class _Empty:
    text = ""


_EMPTY = _Empty()


def _sections(paragraphs):
    """``{"first_page": [...], "take_action": [...], ...}`` (paragraphs) and
    the one-line values (``language``, ``until``, ``name``, ``previous``)."""
    sections = {"first_page": []}
    values = {}
    current = "first_page"
    for paragraph in paragraphs:
        first_line, _newline, more = paragraph.partition("\n")
        if first_line and IGNORED.match(first_line):
            continue
        heading = next(
            (name for name, pattern in HEADINGS.items() if pattern.match(first_line)),
            None,
        )
        if heading is None:
            sections[current].append(paragraph)
            continue
        rest = (
            HEADINGS[heading].match(first_line).groupdict().get("rest") or ""
        ).strip()
        current = heading
        sections[heading] = [more] if more else []
        if heading in ONE_LINE_VALUES:
            values[heading] = rest
        elif rest:
            sections[heading].insert(0, rest)
    for name in ONE_LINE_VALUES:
        # A value written in the paragraph after its heading.
        if name in values and not values[name]:
            following = [text for text in sections[name] if text]
            values[name] = following[0].replace("\n", " ") if following else ""
            sections[name] = following[1:]
    return sections, values


def _paragraph_texts(paragraphs):
    """The non-empty paragraphs, their lines joined by spaces."""
    return [text.replace("\n", " ") for text in paragraphs if text]


def _read_first_page(parsed, paragraphs):
    texts = _paragraph_texts(paragraphs)
    match = UA_LINE.match(texts[0]) if texts else None
    if match is None:
        parsed.problem(
            _(
                "The first line with the UA number, AI Index, country and "
                'date ("UA: 065/20 Index: EUR 57/2227/2020 Belarus Date: '
                '28 April 2020") was not found.'
            )
        )
    else:
        _read_ua_line(parsed, match)
        texts.pop(0)
    if texts:
        parsed.title = texts.pop(0)
    else:
        parsed.problem(_("No title was found."))
    if texts:
        parsed.summary = texts.pop(0)
    else:
        parsed.problem(_("No summary was found below the title."))
    parsed.text = texts


def _read_ua_line(parsed, match):
    number = match.group("number").strip().rstrip(",;")
    if UA_NUMBER_PATTERN.match(number):
        parsed.ua_number = number
    else:
        parsed.problem(
            _(
                'The UA number "${value}" is not in the form 065/20 (or '
                "065/20-1 for a follow-up).",
                mapping={"value": number[:40]},
            )
        )
    index = " ".join(match.group("index").split())
    index = re.sub(r"^([A-Z]{3})(\d)", r"\1 \2", index)
    if AI_INDEX_PATTERN.match(index):
        parsed.ai_index = index
    else:
        parsed.problem(
            _(
                'The AI Index "${value}" is not in the form EUR 57/2227/2020.',
                mapping={"value": index[:40]},
            )
        )
    country = match.group("country").strip(" ,;")
    parsed.country = country_code(country) if country else None
    if parsed.country is None:
        parsed.problem(
            _(
                'The country "${value}" was not recognised: choose it in the form.',
                mapping={"value": country[:60]},
            )
        )
    parsed.issue_date = parse_date(match.group("date"))
    if parsed.issue_date is None:
        parsed.problem(
            _(
                'The date "${value}" could not be read; today\'s date was '
                "used as the issue date.",
                mapping={"value": match.group("date")[:40]},
            )
        )


def _addressee(lines):
    """One addressee from its block of lines."""
    entry = {"name": None, "salutation": None, "address": None, "email": None}
    address = []
    entry["fax"] = None
    for line in lines:
        labelled = LABELLED.match(line)
        if labelled:
            label = labelled.group("label").lower().replace("-", "")
            entry["email" if label == "email" else label] = (
                labelled.group("value").strip() or None
            )
        elif entry["name"] is None:
            entry["name"] = line
        else:
            address.append(line)
    entry["address"] = "\n".join(address) or None
    return entry


def _read_take_action(parsed, paragraphs):
    letter_start = next(
        (i for i, text in enumerate(paragraphs) if SALUTATION.match(text)), None
    )
    head = paragraphs if letter_start is None else paragraphs[:letter_start]
    target = parsed.addressees
    block = []

    def flush():
        if block:
            target.append(_addressee(block))
            block.clear()

    for paragraph in head:
        lines = paragraph.split("\n") if paragraph else []
        if lines and COPIES.match(lines[0]):
            flush()
            target = parsed.copies_to
            lines = lines[1:]
        if len(lines) > 1:
            # An addressee written as one paragraph with line breaks.
            flush()
            block.extend(lines)
            flush()
        elif not lines:
            flush()
        else:
            block.extend(lines)
            if lines[0].lower().startswith("salutation"):
                flush()
    flush()
    if letter_start is None:
        parsed.problem(
            _('No model letter was found: it starts with its salutation ("Dear ...").')
        )
    else:
        parsed.salutation = paragraphs[letter_start]
        parsed.letter = _paragraph_texts(paragraphs[letter_start + 1 :])
    if not parsed.addressees:
        parsed.problem(_("No addressee was found above the model letter."))
    for entry in [*parsed.addressees, *parsed.copies_to]:
        if entry["email"] and not EMAIL.match(entry["email"]):
            parsed.problem(
                _(
                    'The email address "${value}" of ${name} is not valid '
                    "and was left out.",
                    mapping={"value": entry["email"][:80], "name": entry["name"]},
                )
            )
            entry["email"] = None
        if not entry["salutation"] and entry in parsed.addressees:
            entry["salutation"] = parsed.salutation


def read_document(data):
    """Read the IS document in ``data`` (bytes of a .docx)."""
    paragraphs = document_paragraphs(data)
    sections, values = _sections(paragraphs)
    first = next((text for text in paragraphs if text), "")
    if not UA_LINE.match(first) and "take_action" not in sections:
        raise ImportRefused(
            _(
                "This document is not in the layout of an International "
                "Secretariat Urgent Action: it has neither the first line "
                '"UA: ... Index: ..." nor a "TAKE ACTION" part.'
            )
        )
    parsed = ParsedDocument()
    _read_first_page(parsed, sections["first_page"])
    if "take_action" in sections:
        _read_take_action(parsed, sections["take_action"])
    else:
        parsed.problem(
            _(
                'The "TAKE ACTION" part with the addressees and the model letter was not found.'
            )
        )
    if "additional" in sections:
        parsed.background = _paragraph_texts(sections["additional"])
    else:
        parsed.problem(_('The "ADDITIONAL INFORMATION" part was not found.'))
    parsed.target_languages = values.get("language") or None
    if parsed.target_languages is None:
        parsed.problem(_("The preferred language to address the target was not found."))
    until = values.get("until")
    parsed.last_day = parse_date(until) if until else None
    if parsed.last_day is None:
        parsed.problem(
            _("The date until which to take action was not found or could not be read.")
        )
    parsed.name_and_pronoun = values.get("name") or None
    if parsed.name_and_pronoun is None:
        parsed.problem(_("The name and pronoun were not found."))
    parsed.previous_ua = values.get("previous") or None
    for name in ONE_LINE_VALUES:
        for text in _paragraph_texts(sections.get(name, ())):
            parsed.problem(
                _(
                    'This text was not placed in any field: "${text}"',
                    mapping={"text": text[:120]},
                )
            )
    return parsed
