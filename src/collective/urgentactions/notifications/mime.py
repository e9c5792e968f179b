"""A mail's content dict (see ``mails``) as a ``multipart/alternative``
message: plain text rendered here, HTML by ``templates/mail.pt``."""

from email.charset import Charset
from email.charset import QP
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from email.utils import formatdate
from email.utils import make_msgid
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.globalrequest import getRequest

import email.policy
import plone.api


# SMTP line ends (the mailer sends the bytes as they are), and long header
# lines stay whole (RFC 5322 allows 998 characters): folding would break the
# List-Unsubscribe URL into encoded words.
POLICY = email.policy.compat32.clone(max_line_length=998, linesep="\r\n")
UTF8 = Charset("utf-8")
UTF8.header_encoding = UTF8.body_encoding = QP


class MailTemplate(BrowserView):
    """Renders a content dict as the HTML part."""

    template = ViewPageTemplateFile("templates/mail.pt")

    def __call__(self, content):
        return self.template(content=content)


def render_text(content):
    lines = [content["greeting"], "", content["intro"], ""]
    for part in content["sections"]:
        if part["title"]:
            lines += [part["title"], "=" * len(part["title"])]
            if part["url"]:
                lines.append(part["url"])
            lines.append("")
        for item in part["entries"]:
            lines += [item["heading"], "-" * len(item["heading"])]
            if item["meta"]:
                lines.append(item["meta"])
            lines.append("")
            if item["text"]:
                lines += [item["text"], ""]
            if item["url"]:
                lines += [f"{item['link_label']}: {item['url']}", ""]
    lines += ["-- ", content["reason"]]
    lines += [f"{link['label']}: {link['url']}" for link in content["links"]]
    return "\n".join(lines) + "\n"


def render_html(content):
    portal = plone.api.portal.get()
    return MailTemplate(portal, getRequest() or portal.REQUEST)(content)


def _header(value):
    return value if value.isascii() else Header(value, UTF8)


def _address(name, address):
    return formataddr((name, address), charset="utf-8")


def message(content, who, from_):
    """The ``multipart/alternative`` message as bytes."""
    msg = MIMEMultipart("alternative")
    msg["Subject"] = _header(content["subject"])
    msg["From"] = _address(*from_)
    msg["To"] = _address(who["name"], who["email"])
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=from_[1].rpartition("@")[2] or None)
    msg["Content-Language"] = content["language"]
    msg["Auto-Submitted"] = "auto-generated"
    if content.get("unsubscribe"):
        msg["List-Unsubscribe"] = f"<{content['unsubscribe']}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.attach(MIMEText(render_text(content), "plain", UTF8))
    msg.attach(MIMEText(render_html(content), "html", UTF8))
    return msg.as_bytes(policy=POLICY)
