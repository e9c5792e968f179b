"""Letter templates as real Word documents (python-docx): a letter's words in
the layout of placeholders the site fills in (used by the IS-document import
and the demo cases)."""

from dataclasses import dataclass
from docx import Document
from docx.shared import Pt
from io import BytesIO


DOCX_MIMETYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


@dataclass(frozen=True)
class Letter:
    """The words of one letter in one language; the addressee and the UA
    number come from the case."""

    language: str
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    copy_to: str


def letter_filename(ua_number, language):
    """``ua-123-26-en.docx`` for UA 123/26 in English."""
    return f"ua-{ua_number.replace('/', '-')}-{language}.docx"


def letter_docx(letter, ua_number, subject):
    """The letter as the bytes of a .docx template: the date, the addressee,
    the salutation and the sender are placeholders the site fills in."""
    document = Document()
    document.core_properties.title = f"UA {ua_number}: {subject}"
    document.core_properties.language = letter.language
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)

    document.add_paragraph("{{ sender_name }}\n{{ sender_address }}")
    document.add_paragraph("{{ addressee }}")
    document.add_paragraph(
        "{% if sender_town %}{{ sender_town }}, {% endif %}{{ date }}"
    )
    document.add_paragraph().add_run(f"{subject} (UA {{{{ ua_number }}}})").bold = True
    document.add_paragraph("{{ salutation }},")
    for text in letter.paragraphs:
        document.add_paragraph(text)
    document.add_paragraph(letter.closing)
    document.add_paragraph("{{ sender_name }}")
    document.add_paragraph(letter.copy_to)

    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()


def salutation_rows(letters):
    """Each letter's salutation (without its comma) as an address-book
    entry's per-language salutation."""
    return [
        {"language": letter.language, "salutation": letter.salutation.rstrip(", ")}
        for letter in letters
    ]
