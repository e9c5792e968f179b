"""What the letter tests share: the member, a template with every
placeholder in a case, reading a .docx back."""

from collective.urgentactions.testing import create_template
from collective.urgentactions.testing import template_docx
from docx import Document
from io import BytesIO


MEMBER = "maria"
FULLNAME = "Maria Anna Muster"
TOWN = "Winterthur"


def docx_lines(data):
    return [p.text for p in Document(BytesIO(data)).paragraphs]


def add_template(ua, language, data=None, filename=None):
    """A template with every placeholder, added as the add form does."""
    return create_template(ua, language, data or template_docx(), filename, title=None)
