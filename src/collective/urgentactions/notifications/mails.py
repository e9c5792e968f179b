"""The mails: what they say, in the member's language, as text and HTML.

Every mail is built as a *content* dict of already translated strings
(subject, greeting, introduction, sections of items, why the member gets it,
links) and rendered twice: as plain text here and as HTML by
``templates/mail.pt``; both go out as one ``multipart/alternative`` message.
Mails that belong to a subscription carry an RFC 8058 one-click
``List-Unsubscribe`` link with a signed token (see ``tokens``).
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from babel.dates import format_date
from collective.urgentactions import _
from collective.urgentactions.formatting import babel_locale
from collective.urgentactions.notifications import tokens
from collective.urgentactions.status import ua_wording
from collective.urgentactions.vocabularies import country_name
from collective.urgentactions.vocabularies import OUTCOMES
from email.charset import Charset
from email.charset import QP
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from email.utils import formatdate
from email.utils import make_msgid
from html import escape
from html.parser import HTMLParser
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import quote
from zope.globalrequest import getRequest
from zope.i18n import translate

import email.policy
import functools
import plone.api
import re


# SMTP line ends (the mailer sends the bytes as they are), and long header
# lines stay whole (RFC 5322 allows 998 characters): folding would break the
# List-Unsubscribe URL into encoded words.
POLICY = email.policy.compat32.clone(max_line_length=998, linesep="\r\n")
UTF8 = Charset("utf-8")
UTF8.header_encoding = UTF8.body_encoding = QP


class Writer:
    """Translates and formats for one language (see :func:`writer`)."""

    def __init__(self, language):
        self.language = language
        self.locale = babel_locale(language)

    def __call__(self, message):
        return translate(message, target_language=self.language)

    def day(self, value):
        return format_date(value, "long", locale=self.locale) if value else ""


@functools.cache
def writer(language):
    return Writer(language)


def sender():
    """``(name, address)`` of the site's mail settings, or ``None``."""
    address = plone.api.portal.get_registry_record(
        "plone.email_from_address", default=None
    )
    if not address:
        return None
    name = plone.api.portal.get_registry_record("plone.email_from_name", default="")
    return (name or "", address)


def portal_url():
    return plone.api.portal.get().absolute_url()


def unsubscribe_url(userid, purpose, target=""):
    token = tokens.make_token(userid, purpose, target)
    return f"{portal_url()}/@@urgentactions-unsubscribe?token={quote(token)}"


def preferences_url():
    return f"{portal_url()}/@@urgentactions-preferences"


def ua_label(ua):
    return f"UA {ua.ua_number}"


def parent_action(update):
    return aq_parent(aq_inner(update))


class _TextExtractor(HTMLParser):
    """HTML to plain text that keeps link targets: "CLICK HERE <url>"."""

    BLOCKS = {"p", "div", "ul", "ol", "blockquote", "table", "tr", "pre"}
    BLOCKS |= {f"h{level}" for level in range(1, 7)}
    SKIP = {"script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.parts[start:]).strip()
            if href.startswith(("http:", "https:", "mailto:")) and href != label:
                self.parts.append(f" <{href}>")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        lines = (line.strip() for line in "".join(self.parts).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html):
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    return extractor.text()


# -- items -------------------------------------------------------------------


def update_item(update, write):
    """An update: heading, date, text (links kept) and a link to the case."""
    text = getattr(update, "text", None)
    html = text.output_relative_to(update) if text else ""
    return {
        "heading": update.Title(),
        "meta": write.day(update.date),
        "html": html,
        "text": html_to_text(html),
        "url": parent_action(update).absolute_url(),
        "link_label": write(_("Read the update on the Urgent Action's page")),
    }


def action_meta(ua, write):
    """ "UA 065/20 · Belarus · Open for letters until 7 June 2020" (the state
    worded as on the case's page)."""
    parts = [
        ua_label(ua),
        country_name(ua.country, write.locale),
        write(ua_wording(ua, write.day).label),
    ]
    return " · ".join(part for part in parts if part)


def action_item(ua, write, link_label=None):
    """An action: title, number, country, last day, summary and a link."""
    summary = ua.Description() or ""
    return {
        "heading": ua.Title(),
        "meta": action_meta(ua, write),
        "html": f"<p>{escape(summary)}</p>" if summary else "",
        "text": summary,
        "url": ua.absolute_url(),
        "link_label": link_label or write(_("Read the Urgent Action")),
    }


def outcome_item(ua, outcome, write):
    return {
        "heading": write(OUTCOMES.get(outcome, outcome)),
        "meta": ua_label(ua),
        "html": "",
        "text": "",
        "url": ua.absolute_url(),
        "link_label": write(_("See the outcome on the Urgent Action's page")),
    }


def cached(cache, write, factory, obj):
    """``factory(obj, write)``, once per object and language with a cache."""
    if cache is None:
        return factory(obj, write)
    key = (factory.__name__, obj.UID(), write.language)
    if key not in cache:
        cache[key] = factory(obj, write)
    return cache[key]


def new_action_item(ua, write):
    return action_item(ua, write, write(_("Read it and write a letter")))


def reminder_item(ua, write):
    return action_item(ua, write, write(_("Write a letter")))


def section(ua, items):
    return {"title": ua.Title(), "url": ua.absolute_url(), "entries": items}


def greeting(who, write):
    return write(_("Hello ${name},", mapping={"name": who["name"]}))


def links(who, write, purpose, target="", label=None):
    """The footer links: unsubscribe (one click, no login) and preferences."""
    unsubscribe = unsubscribe_url(who["userid"], purpose, target)
    return unsubscribe, [
        {"label": label, "url": unsubscribe},
        {
            "label": write(_("Change your notification settings")),
            "url": preferences_url(),
        },
    ]


# -- the kinds of mail -------------------------------------------------------


def follower_mail(ua, who, write, subject, intro, item):
    """A mail to a follower of ``ua``: one section, and a link to stop
    following it."""
    unsubscribe, footer = links(
        who,
        write,
        tokens.UNFOLLOW,
        ua.UID(),
        write(_("Stop following this Urgent Action")),
    )
    return {
        "language": who["language"],
        "subject": subject,
        "greeting": greeting(who, write),
        "intro": intro,
        "sections": [section(ua, [item])],
        "reason": write(
            _("You receive this email because you follow this Urgent Action.")
        ),
        "links": footer,
        "unsubscribe": unsubscribe,
    }


def update_mail(update, who, cache=None):
    """``cache`` (a dict) keeps what is the same for every member who reads
    the language: the update's part of the mail."""
    write = writer(who["language"])
    ua = parent_action(update)
    return follower_mail(
        ua,
        who,
        write,
        subject=write(
            _(
                "Update on ${ua}: ${heading}",
                mapping={"ua": ua_label(ua), "heading": update.Title()},
            )
        ),
        intro=write(
            _(
                "There is news on an Urgent Action you follow: ${title}",
                mapping={"title": ua.Title()},
            )
        ),
        item=cached(cache, write, update_item, update),
    )


def outcome_mail(ua, outcome, who):
    write = writer(who["language"])
    outcome_title = write(OUTCOMES.get(outcome, outcome))
    return follower_mail(
        ua,
        who,
        write,
        subject=write(
            _(
                "News on ${ua}: ${outcome}",
                mapping={"ua": ua_label(ua), "outcome": outcome_title},
            )
        ),
        intro=write(
            _(
                "The Urgent Action you followed has an outcome: ${outcome}. "
                "Thank you for writing!",
                mapping={"outcome": outcome_title},
            )
        ),
        item=outcome_item(ua, outcome, write),
    )


def new_action_mail(ua, who, cache=None):
    write = writer(who["language"])
    unsubscribe, footer = links(
        who,
        write,
        tokens.NEW_ACTIONS,
        label=write(_("No more emails about new Urgent Actions")),
    )
    return {
        "language": who["language"],
        "subject": write(
            _("New Urgent Action: ${title}", mapping={"title": ua.Title()})
        ),
        "greeting": greeting(who, write),
        "intro": write(
            _("A new Urgent Action matches the countries or themes you chose.")
        ),
        "sections": [
            {
                "title": "",
                "url": "",
                "entries": [cached(cache, write, new_action_item, ua)],
            }
        ],
        "reason": write(
            _(
                "You receive this email because you subscribed to new Urgent "
                "Actions by country or theme."
            )
        ),
        "links": footer,
        "unsubscribe": unsubscribe,
    }


def reminder_section(uas, write, cache=None):
    return {
        "title": write(_("Closing soon — still waiting for your letter")),
        "url": "",
        "entries": [cached(cache, write, reminder_item, ua) for ua in uas],
    }


def reminder_mail(uas, who, days, cache=None):
    write = writer(who["language"])
    unsubscribe, footer = links(
        who, write, tokens.REMINDERS, label=write(_("No more closing reminders"))
    )
    return {
        "language": who["language"],
        "subject": write(_("Urgent Actions closing soon")),
        "greeting": greeting(who, write),
        "intro": write(
            _(
                "These Urgent Actions you follow close soon, and you have not "
                "counted a letter for them yet."
            )
        ),
        "sections": [reminder_section(uas, write, cache)],
        "reason": write(
            _(
                "You receive this reminder because you asked for one ${days} "
                "days before an Urgent Action you follow closes.",
                mapping={"days": days},
            )
        ),
        "links": footer,
        "unsubscribe": unsubscribe,
    }


def digest_mail(who, followed, new_actions, closing, cache=None):
    """One mail with everything since the last digest.

    ``followed``: ``[(ua, updates, outcomes)]`` for actions the member
    follows; ``new_actions``: actions matching their subscriptions;
    ``closing``: actions to remind them of."""
    write = writer(who["language"])
    sections = []
    for ua, updates, outcomes in followed:
        items = [outcome_item(ua, outcome, write) for outcome in outcomes]
        items += [cached(cache, write, update_item, update) for update in updates]
        sections.append(section(ua, items))
    if new_actions:
        sections.append(
            {
                "title": write(_("New Urgent Actions")),
                "url": "",
                "entries": [
                    cached(cache, write, new_action_item, ua) for ua in new_actions
                ],
            }
        )
    if closing:
        sections.append(reminder_section(closing, write, cache))
    unsubscribe, footer = links(
        who, write, tokens.ALL, label=write(_("Stop all emails about Urgent Actions"))
    )
    return {
        "language": who["language"],
        "subject": write(_("Your Urgent Actions digest")),
        "greeting": greeting(who, write),
        "intro": write(_("This is what happened since your last digest.")),
        "sections": sections,
        "reason": write(
            _(
                "You receive this digest because you chose one email a day in "
                "your notification settings."
            )
        ),
        "links": footer,
        "unsubscribe": unsubscribe,
    }


# -- rendering and sending ---------------------------------------------------


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
