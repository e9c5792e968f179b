"""The letter as an email: a ``mailto:`` link and webmail compose links.

``mailto:`` (RFC 6068) with every part percent-encoded and CRLF line ends,
which Outlook and Gmail's mailto handler both keep as line breaks. Outlook
and some browsers cut links longer than about 2000 characters, so a link
longer than :data:`MAX_MAILTO_LENGTH` carries recipients and subject only
and the page offers the text to copy instead (``complete`` is then false).
"""

from dataclasses import dataclass
from urllib.parse import quote
from urllib.parse import urlencode


MAX_MAILTO_LENGTH = 2000

WEBMAIL = (
    ("Gmail", "https://mail.google.com/mail/", {"view": "cm", "fs": "1"},
     ("to", "cc", "su", "body")),
    ("Outlook.com", "https://outlook.live.com/mail/0/deeplink/compose", {},
     ("to", "cc", "subject", "body")),
    ("Yahoo Mail", "https://compose.mail.yahoo.com/", {},
     ("to", "cc", "subject", "body")),
)  # fmt: skip


@dataclass(frozen=True)
class Email:
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    body: str

    @property
    def crlf_body(self):
        return "\r\n".join(self.body.splitlines())


def _encode(value, safe=""):
    return quote(value, safe=safe)


def _addresses(addresses):
    """Addresses keep "@" and the separating commas (RFC 6068 allows them
    as they are, and some mail programs do not decode them)."""
    return ",".join(_encode(address, safe="@") for address in addresses)


def mailto(email, with_body=True):
    """The ``mailto:`` URL."""
    fields = []
    if email.cc:
        fields.append(("cc", _addresses(email.cc)))
    fields.append(("subject", _encode(email.subject)))
    if with_body:
        fields.append(("body", _encode(email.crlf_body)))
    query = "&".join(f"{name}={value}" for name, value in fields)
    return f"mailto:{_addresses(email.to)}?{query}"


def mailto_link(email):
    """``(url, complete)``: the full link, or, when that is too long for
    mail programs, one without the body."""
    url = mailto(email)
    if len(url) <= MAX_MAILTO_LENGTH:
        return url, True
    return mailto(email, with_body=False), False


def webmail_links(email):
    """``[(name, url)]`` compose links of common webmail services."""
    links = []
    for name, base, fixed, keys in WEBMAIL:
        values = (
            ",".join(email.to),
            ",".join(email.cc),
            email.subject,
            email.crlf_body,
        )
        params = dict(
            fixed,
            **{key: value for key, value in zip(keys, values, strict=True) if value},
        )
        links.append((name, f"{base}?{urlencode(params, quote_via=quote)}"))
    return links
