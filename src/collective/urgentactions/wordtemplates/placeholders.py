"""The placeholders a letter template may use, and the check on upload.

Templates are Word documents with Jinja placeholders (docxtpl), for example
``{{ date }}`` or ``{{ salutation }},``. A template with a placeholder not
listed here, or one docxtpl cannot read, is refused when it is uploaded.
"""

from collective.urgentactions import _
from collective.urgentactions.wordtemplates.compiled import compiled
from jinja2 import TemplateError
from zope import schema

import zipfile


PLACEHOLDERS = (
    "date",  # today, in the letter's language
    "addressee",  # function and name, postal address (several lines)
    "salutation",  # e.g. "Dear Prosecutor General", in the letter's language
    "sender_name",  # the writer's name, or their initials
    "sender_town",
    "sender_address",  # several lines; empty when signing with initials
    "ua_number",
)


class UnknownPlaceholder(schema.ValidationError):
    """A template names a placeholder the letters do not fill."""

    def __init__(self, names):
        super().__init__(names)
        self.names = names

    def doc(self):
        return _(
            "Unknown placeholder in the letter template: ${names}. "
            "Use only: ${allowed}.",
            mapping={
                "names": ", ".join(self.names),
                "allowed": ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS),
            },
        )


class BrokenTemplate(schema.ValidationError):
    """docxtpl cannot read the template."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason

    def doc(self):
        return _(
            "The letter template cannot be used: ${reason}. Check the "
            "placeholders' braces, e.g. {{ date }}.",
            mapping={"reason": self.reason},
        )


def placeholders_of(data):
    """The placeholder names a .docx template uses; raises
    :class:`BrokenTemplate` when it cannot be read."""
    try:
        return set(compiled(data).placeholders)
    except TemplateError as error:
        raise BrokenTemplate(str(error.message or error)[:200])
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise BrokenTemplate(str(error)[:200] or "not a Word document")


def check_template(data):
    """Refuse unknown placeholders and templates that cannot be rendered."""
    unknown = sorted(placeholders_of(data) - set(PLACEHOLDERS))
    if unknown:
        raise UnknownPlaceholder(unknown)
    return True
