"""What the letter tests share: the member, a template with every
placeholder, reading a .docx back."""

from collective.urgentactions.testing import create_template
from collective.urgentactions.testing import docx_bytes
from docx import Document
from io import BytesIO


MEMBER = "maria"
FULLNAME = "Maria Anna Muster"
TOWN = "Winterthur"


def template_docx(body="I urge you to release the prisoner."):
    """A letter template with every placeholder."""
    return docx_bytes(
        "{{ sender_name }}\n{{ sender_address }}",
        "{{ addressee }}",
        "{% if sender_town %}{{ sender_town }}, {% endif %}{{ date }}",
        "UA {{ ua_number }}",
        "{{ salutation }},",
        body,
        "{{ sender_name }}",
    )


def docx_lines(data):
    return [p.text for p in Document(BytesIO(data)).paragraphs]


def add_template(ua, language, data=None, filename=None):
    """A template with every placeholder, added as the add form does."""
    return create_template(ua, language, data or template_docx(), filename, title=None)
