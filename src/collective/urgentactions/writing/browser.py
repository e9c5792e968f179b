"""Classic UI: the "Your letter" section of the case page, the form handler
that answers with the .docx, the PDF or the email page, and the plain letter
visitors download."""

from collective.urgentactions.formatting import file_extension
from collective.urgentactions.formatting import locale_for
from collective.urgentactions.hardening.csrf import form_post_refusal
from collective.urgentactions.letters.rules import current_userid
from collective.urgentactions.letters.rules import LetterError
from collective.urgentactions.settings import get_settings
from collective.urgentactions.vocabularies import language_name
from collective.urgentactions.wordtemplates.placeholders import BrokenTemplate
from collective.urgentactions.wordtemplates.placeholders import placeholders_of
from collective.urgentactions.writing import letters
from collective.urgentactions.writing import mail
from collective.urgentactions.writing import pdf
from collective.urgentactions.writing.document import DOCX_MIMETYPE
from plone.memoize.view import memoize
from plone.protect.authenticator import createToken
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

import plone.api
import uuid


PRIVATE = "private, no-store, max-age=0"


def send_file(response, letter_file):
    """The letter as a download that no cache keeps."""
    response.setHeader("Content-Type", letter_file.content_type)
    response.setHeader(
        "Content-Disposition", f'attachment; filename="{letter_file.filename}"'
    )
    response.setHeader("Content-Length", str(len(letter_file.data)))
    response.setHeader("Cache-Control", PRIVATE)
    response.setHeader("X-Content-Type-Options", "nosniff")
    return letter_file.data


def fax_numbers(ua):
    return [
        {"name": recipient["name"], "fax": recipient["fax"]}
        for recipient in letters.recipients(ua)
        if recipient["fax"]
    ]


class YourLetterSection(BrowserView):
    """The form on the case page: language, addressee, name and town (from the
    profile), initials only; Word, PDF or email."""

    index = ViewPageTemplateFile("templates/your_letter.pt")

    def __call__(self):
        self.templates = letters.word_templates(self.context)
        self.people = letters.addressees(self.context)
        return self.index()

    def anonymous(self):
        return current_userid() is None

    def offered(self):
        return bool(self.templates and self.people)

    def languages(self):
        current = locale_for(self.request).language
        return [
            {
                "value": code,
                "title": language_name(code),
                "selected": code == current,
            }
            for code in self.templates
        ]

    def addressees(self):
        return [
            {
                "value": person["id"],
                "title": person["name"],
                "note": person["note"],
                "has_email": bool(person["email"]),
            }
            for person in self.people
        ]

    def can_email(self):
        return any(person["email"] for person in self.people)

    def can_pdf(self):
        return pdf.available()

    def sender(self):
        return letters.profile_sender()

    def recommend_initials(self):
        return bool(getattr(self.context, "recommend_initials", False))

    def faxes(self):
        return fax_numbers(self.context)

    def post_channel(self):
        channels = get_settings().channels
        return "letter" if "letter" in channels else channels[0]

    @memoize
    def submission_id(self):
        return uuid.uuid4().hex

    @memoize
    def authenticator(self):
        return createToken()

    def login_url(self):
        portal_url = plone.api.portal.get().absolute_url()
        return f"{portal_url}/login?came_from={self.context.absolute_url()}"


class YourLetter(BrowserView):
    """POST target of the section's form. Answers with the file, or the
    email page; a broken rule returns to the case with its message."""

    email_page = ViewPageTemplateFile("templates/letter_email.pt")

    def __call__(self):
        refusal = form_post_refusal(self.request)
        if refusal:
            return self.back(*refusal)
        form = self.request.form
        options = {
            "language": form.get("language"),
            "addressee": form.get("addressee"),
            "initials_only": bool(form.get("initials_only")),
            "name": form.get("sender_name"),
            "town": form.get("sender_town"),
        }
        try:
            if form.get("format") == "email":
                return self.show_email(letters.personal_email(self.context, **options))
            letter_file = letters.personal_letter(
                self.context,
                file_format=form.get("format"),
                address=form.get("sender_address"),
                **options,
            )
        except LetterError as error:
            return self.back(error.message, error.status)
        return send_file(self.request.response, letter_file)

    def back(self, message, status):
        plone.api.portal.show_message(message, self.request, type="error")
        self.request.response.redirect(
            f"{self.context.absolute_url()}#ua-your-letter", status=303
        )
        return ""

    def show_email(self, email):
        self.request.response.setHeader("Cache-Control", PRIVATE)
        self.email = email
        self.mailto, self.complete = mail.mailto_link(email)
        self.webmail = mail.webmail_links(email)
        settings = get_settings()
        self.channel = "email" if "email" in settings.channels else None
        self.submission_id = uuid.uuid4().hex
        self.token = createToken()
        self.faxes = fax_numbers(self.context)
        return self.email_page()


def has_placeholders(data):
    """Whether a .docx uses placeholders (one that cannot be read, uploaded
    before templates were checked, is served as it is)."""
    try:
        return bool(placeholders_of(data))
    except BrokenTemplate:
        return False


class PlainLetter(BrowserView):
    """A letter template for visitors: addressed, unsigned, no placeholders
    showing. Templates that are not .docx, or have no placeholders, come
    as they are."""

    def __call__(self):
        file = self.context.file
        data = file.data
        is_word = file_extension(file.filename) == ".docx"
        if is_word and has_placeholders(data):
            data = letters.plain_letter(self.context)
        letter_file = letters.LetterFile(
            file.filename, DOCX_MIMETYPE if is_word else file.contentType, data
        )
        return send_file(self.request.response, letter_file)
