"""The compiled template fills a letter exactly as docxtpl itself does,
headers included, and a new upload is compiled anew."""

from collective.urgentactions.testing import template_docx
from collective.urgentactions.wordtemplates.compiled import compiled
from docx import Document
from docxtpl import DocxTemplate
from docxtpl import Listing
from io import BytesIO


VALUES = {
    "date": "1. Dezember 2026",
    "addressee": Listing("Prosecutor & General\nStreet <1>"),
    "salutation": "Sehr geehrter Herr",
    "sender_name": "Maria Muster",
    "sender_town": "Bern",
    "sender_address": "",
    "ua_number": "065/20",
}


def with_header():
    document = Document(BytesIO(template_docx()))
    document.sections[0].header.paragraphs[0].text = "UA {{ ua_number }} – {{ date }}"
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def texts(data):
    document = Document(BytesIO(data))
    return (
        [p.text for p in document.paragraphs],
        [p.text for p in document.sections[0].header.paragraphs],
    )


def test_same_letter_as_docxtpl():
    data = with_header()
    reference = DocxTemplate(BytesIO(data))
    reference.render(VALUES, autoescape=True)
    out = BytesIO()
    reference.save(out)
    assert texts(compiled(data).render(VALUES)) == texts(out.getvalue())
    body, header = texts(compiled(data).render(VALUES))
    assert body[1] == "Prosecutor & General\nStreet <1>"
    assert header == ["UA 065/20 – 1. Dezember 2026"]


def test_placeholders_of_every_part():
    assert compiled(with_header()).placeholders == {
        "date",
        "addressee",
        "salutation",
        "sender_name",
        "sender_town",
        "sender_address",
        "ua_number",
    }


def test_cached_by_content():
    data = template_docx()
    assert compiled(data) is compiled(bytes(data))
    assert compiled(template_docx(body="Another text.")) is not compiled(data)
