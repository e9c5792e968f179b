"""Letter templates of the demo cases as real Word documents (python-docx)."""

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
    sender: str
    place_and_date: str
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: str
    copy_to: str


def letter_filename(ua_number, language):
    """``ua-123-26-en.docx`` for UA 123/26 in English."""
    return f"ua-{ua_number.replace('/', '-')}-{language}.docx"


def letter_docx(letter, ua_number, subject, addressee):
    """The letter as the bytes of a .docx file."""
    document = Document()
    document.core_properties.title = f"UA {ua_number}: {subject}"
    document.core_properties.language = letter.language
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)

    document.add_paragraph(letter.sender)
    address = document.add_paragraph(addressee["name"])
    for line in (addressee.get("address") or "").splitlines():
        address.add_run().add_break()
        address.add_run(line)
    document.add_paragraph(letter.place_and_date)
    document.add_paragraph().add_run(f"{subject} (UA {ua_number})").bold = True
    document.add_paragraph(letter.salutation)
    for text in letter.paragraphs:
        document.add_paragraph(text)
    document.add_paragraph(letter.closing)
    document.add_paragraph(letter.signature)
    document.add_paragraph(letter.copy_to)

    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()
