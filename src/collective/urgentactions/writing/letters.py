"""The member's letter for a case: checks, then the document or the email.

The Classic UI form (``browser``) and the ``@letter`` REST service call
:func:`personal_letter` and :func:`personal_email`; a request that breaks a
rule raises ``LetterError`` (message for people, HTTP status) before anything
is made. Nothing here stores or logs the letter or who asked for it.
"""

from AccessControl import getSecurityManager
from collective.urgentactions import _
from collective.urgentactions.addressbook.recipients import ADDRESSEE
from collective.urgentactions.addressbook.recipients import COPY
from collective.urgentactions.addressbook.recipients import recipients
from collective.urgentactions.addressbook.recipients import salutation
from collective.urgentactions.formatting import file_extension
from collective.urgentactions.letters.rules import COUNT_PERMISSION
from collective.urgentactions.letters.rules import current_userid
from collective.urgentactions.letters.rules import has_permission
from collective.urgentactions.letters.rules import LetterError
from collective.urgentactions.status import OPEN
from collective.urgentactions.status import ua_status
from collective.urgentactions.writing import document
from collective.urgentactions.writing import pdf
from collective.urgentactions.writing.document import Sender
from collective.urgentactions.writing.mail import Email
from dataclasses import dataclass
from zope.i18n import translate

import plone.api


FORMATS = {"docx": document.DOCX_MIMETYPE, "pdf": "application/pdf"}
MAX_LENGTHS = {"name": 100, "town": 100, "address": 400}


@dataclass(frozen=True)
class LetterFile:
    filename: str
    content_type: str
    data: bytes


def word_templates(ua):
    """``{language: template}`` of the case's .docx letter templates (the ones
    that can be personalised), in the order the page lists them."""
    templates = {}
    for template in ua.items_of_type("LetterTemplate"):
        file = getattr(template, "file", None)
        if file is not None and file_extension(file.filename) == ".docx":
            templates.setdefault(template.letter_language, template)
    return templates


def addressees(ua):
    """The recipients a member may write to (not the copies)."""
    return recipients(ua, ADDRESSEE)


def profile_sender():
    """Name and town from the member's profile (``fullname``, ``location``).

    A site member's user object carries its property sheets; only other
    users (a Zope administrator) are wrapped as member data first, which
    costs more than filling the letter."""
    user = getSecurityManager().getUser()
    if not hasattr(user, "getProperty"):
        user = plone.api.user.get_current()
    return Sender(
        name=(user.getProperty("fullname", "") or "").strip(),
        town=(user.getProperty("location", "") or "").strip(),
    )


def check_may_write(ua):
    if current_userid() is None:
        raise LetterError(
            _(
                "Log in to get the letter addressed and signed for you; "
                "visitors can download the letter templates."
            ),
            status=401,
        )
    if not has_permission(COUNT_PERMISSION, ua):
        raise LetterError(_("You are not allowed to write letters."), status=403)
    if ua_status(ua) != OPEN and not has_permission("Modify portal content", ua):
        raise LetterError(_("This Urgent Action is not open for letters."), status=409)


def choose(value, allowed, unknown_message, default=None):
    if value in (None, ""):
        if default is None:
            raise LetterError(unknown_message)
        return default
    if not isinstance(value, str) or value not in allowed:
        raise LetterError(unknown_message)
    return value


def sender_from(name=None, town=None, address=None, initials_only=False):
    """The profile's sender, corrected by what the member typed."""
    profile = profile_sender()
    given = {"name": name, "town": town, "address": address}
    for key, value in given.items():
        if value is not None and not isinstance(value, str):
            raise LetterError(_("Name, town and address must be text."))
        if value and len(value) > MAX_LENGTHS[key]:
            raise LetterError(
                _(
                    "That is too long for a letter (at most ${size} characters).",
                    mapping={"size": MAX_LENGTHS[key]},
                )
            )
    sender = Sender(
        name=(name if name is not None else profile.name).strip(),
        town=(town if town is not None else profile.town).strip(),
        address=(address or "").strip(),
    )
    return sender.initials_only() if initials_only else sender


@dataclass(frozen=True)
class Choice:
    """A checked request: template, language and addressee."""

    template: object
    language: str
    recipient: dict


def checked_choice(ua, language, addressee_id):
    check_may_write(ua)
    templates = word_templates(ua)
    if not templates:
        raise LetterError(
            _("This Urgent Action has no Word letter template to fill in."),
            status=404,
        )
    language = choose(
        language,
        templates,
        _(
            "There is no letter template in this language. Choose one of: ${languages}.",
            mapping={"languages": ", ".join(templates)},
        ),
        default=next(iter(templates)),
    )
    people = {recipient["id"]: recipient for recipient in addressees(ua)}
    if not people:
        raise LetterError(_("This Urgent Action names no addressee."), status=404)
    addressee_id = choose(
        addressee_id,
        people,
        _("Choose one of the addressees of this Urgent Action."),
        default=next(iter(people)),
    )
    return Choice(templates[language], language, people[addressee_id])


def filename(ua, language, extension):
    number = (ua.ua_number or "letter").replace("/", "-")
    return f"UA-{number}-{language}.{extension}"


def fill(ua, choice, sender):
    values = document.letter_values(
        ua.ua_number, choice.recipient, choice.language, sender
    )
    return document.render(choice.template.file.data, values)


def personal_letter(
    ua,
    language=None,
    addressee=None,
    file_format="docx",
    initials_only=False,
    name=None,
    town=None,
    address=None,
):
    """The member's letter as a :class:`LetterFile` (.docx or .pdf)."""
    file_format = choose(
        file_format, FORMATS, _("The format must be docx or pdf."), default="docx"
    )
    choice = checked_choice(ua, language, addressee)
    data = fill(ua, choice, sender_from(name, town, address, initials_only))
    if file_format == "pdf":
        try:
            data = pdf.docx_to_pdf(data)
        except pdf.ConversionError as error:
            raise LetterError(error.message, status=error.status)
    return LetterFile(
        filename(ua, choice.language, file_format), FORMATS[file_format], data
    )


def personal_email(
    ua, language=None, addressee=None, initials_only=False, name=None, town=None
):
    """The member's letter as an :class:`Email` to the addressee, with the
    case's copies in ``cc``. The body starts at the salutation."""
    choice = checked_choice(ua, language, addressee)
    if not choice.recipient["email"]:
        raise LetterError(
            _("This addressee has no email address: send a letter or a fax.")
        )
    sender = sender_from(name, town, None, initials_only)
    lines = document.document_text(fill(ua, choice, sender))
    greeting = salutation(choice.recipient, choice.language)
    start = next(
        (index for index, line in enumerate(lines) if line.startswith(greeting)), 0
    )
    body = "\n".join(lines[start:]).strip()
    copies = tuple(
        recipient["email"] for recipient in recipients(ua, COPY) if recipient["email"]
    )
    return Email(
        to=(choice.recipient["email"],),
        cc=copies,
        subject=f"UA {ua.ua_number}: {ua.Title()}",
        body=body,
    )


def plain_letter(template):
    """A visitor's letter: the template addressed to the case's first
    addressee, with hints where the writer adds name, place and date."""
    ua = template.__parent__
    people = addressees(ua)
    language = template.letter_language

    def hint(message):
        return translate(message, target_language=language)

    values = document.letter_values(
        ua.ua_number,
        people[0] if people else None,
        language,
        Sender(name=hint(_("[Your name]")), address=hint(_("[Your address]"))),
    )
    values["date"] = hint(_("[Place, date]"))
    return document.render(template.file.data, values)
