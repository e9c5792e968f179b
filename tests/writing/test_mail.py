"""The letter by email: the mailto: URL parses back to the right fields, with
CRLF line ends, and falls back clearly when it is too long."""

from collective.urgentactions.writing.letters import personal_email
from collective.urgentactions.writing.mail import Email
from collective.urgentactions.writing.mail import mailto_link
from collective.urgentactions.writing.mail import MAX_MAILTO_LENGTH
from collective.urgentactions.writing.mail import webmail_links
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit
from writing_helpers import FULLNAME

import pytest


def parse_mailto(url):
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    fields = parse_qs(parts.query, keep_blank_values=True)
    return [unquote(a) for a in parts.path.split(",")], {
        key: value[0] for key, value in fields.items()
    }


EMAIL = Email(
    to=("prosecutor.general@example.org",),
    cc=("embassy.kg@example.org", "ombuds+ua@example.org"),
    subject="UA 065/20: Blogger & journalist detained?",
    body="Dear Prosecutor General,\n\nRelease her = now!\nYours, M. M.",
)


class TestMailto:
    def test_parses_back_to_the_fields(self):
        url, complete = mailto_link(EMAIL)
        assert complete
        to, fields = parse_mailto(url)
        assert to == ["prosecutor.general@example.org"]
        assert fields["cc"] == "embassy.kg@example.org,ombuds+ua@example.org"
        assert fields["subject"] == "UA 065/20: Blogger & journalist detained?"
        assert fields["body"] == (
            "Dear Prosecutor General,\r\n\r\nRelease her = now!\r\nYours, M. M."
        )

    def test_nothing_unencoded_that_outlook_or_gmail_would_cut(self):
        url, _ = mailto_link(EMAIL)
        query = url.split("?", 1)[1]
        for character in " \n\r#+<>\"'":
            assert character not in query

    def test_too_long_keeps_recipients_and_subject_without_body(self):
        long = Email(EMAIL.to, EMAIL.cc, EMAIL.subject, "Free them. " * 400)
        url, complete = mailto_link(long)
        assert not complete
        assert len(url) <= MAX_MAILTO_LENGTH
        to, fields = parse_mailto(url)
        assert to == ["prosecutor.general@example.org"]
        assert fields["subject"] == EMAIL.subject
        assert "body" not in fields

    def test_webmail_compose_links(self):
        links = dict(webmail_links(EMAIL))
        gmail = parse_qs(urlsplit(links["Gmail"]).query)
        assert gmail["to"] == ["prosecutor.general@example.org"]
        assert gmail["su"] == [EMAIL.subject]
        assert gmail["body"][0].startswith("Dear Prosecutor General,\r\n")
        outlook = parse_qs(urlsplit(links["Outlook.com"]).query)
        assert outlook["cc"] == ["embassy.kg@example.org,ombuds+ua@example.org"]
        assert outlook["subject"] == [EMAIL.subject]


class TestPersonalEmail:
    @pytest.fixture(autouse=True)
    def setup(self, case, as_member, prosecutor_uid):
        self.case = case
        self.prosecutor = prosecutor_uid

    def test_email_to_the_addressee_with_copies(self):
        email = personal_email(self.case, language="de", addressee=self.prosecutor)
        assert email.to == ("prosecutor.general@example.org",)
        assert email.cc == ("embassy.kg@example.org",)
        assert (
            email.subject == "UA 065/20: Journalist detained for reporting on protests"
        )
        assert email.body.startswith("Sehr geehrter Herr Generalstaatsanwalt,\n")
        assert email.body.endswith(FULLNAME)
        assert "Erkindik" not in email.body  # no postal address block

    def test_initials_only(self):
        email = personal_email(self.case, addressee=self.prosecutor, initials_only=True)
        assert "Maria" not in email.body
        assert email.body.endswith("M. A. M.")

    def test_addressee_without_email(self):
        from collective.urgentactions.letters.rules import LetterError

        with pytest.raises(LetterError) as raised:
            personal_email(self.case, addressee="inline-addressees-0")
        assert "no email address" in str(raised.value.message)
