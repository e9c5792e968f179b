"""What the letter tests share: the member, a template with every
placeholder, reading a .docx back."""

from docx import Document
from io import BytesIO
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile

import plone.api


MEMBER = "maria"
PASSWORD = "secret-password-1"
FULLNAME = "Maria Anna Muster"
TOWN = "Winterthur"


def template_docx(body="I urge you to release the prisoner."):
    """A letter template with every placeholder."""
    document = Document()
    document.add_paragraph("{{ sender_name }}\n{{ sender_address }}")
    document.add_paragraph("{{ addressee }}")
    document.add_paragraph(
        "{% if sender_town %}{{ sender_town }}, {% endif %}{{ date }}"
    )
    document.add_paragraph("UA {{ ua_number }}")
    document.add_paragraph("{{ salutation }},")
    document.add_paragraph(body)
    document.add_paragraph("{{ sender_name }}")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def docx_lines(data):
    return [p.text for p in Document(BytesIO(data)).paragraphs]


def add_template(ua, language, data=None, filename=None):
    with plone.api.env.adopt_roles(["Manager"]):
        return createContentInContainer(
            ua,
            "LetterTemplate",
            letter_language=language,
            file=NamedBlobFile(
                data=data or template_docx(), filename=filename or f"ua-{language}.docx"
            ),
        )
