"""The mails' wording, in the member's language.

Every mail is built as a *content* dict of already translated strings
(subject, greeting, introduction, sections of items, why the member gets it,
links); ``mime`` renders it as text and HTML and assembles the message.
Mails that belong to a subscription carry an RFC 8058 one-click
``List-Unsubscribe`` link with a signed token (see ``tokens``).
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from babel.dates import format_date
from collective.urgentactions import _
from collective.urgentactions.formatting import babel_locale
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import tokens
from collective.urgentactions.notifications.html_text import html_to_text
from collective.urgentactions.status import ua_wording
from collective.urgentactions.vocabularies import country_name
from collective.urgentactions.vocabularies import OUTCOMES
from html import escape
from urllib.parse import quote
from zope.i18n import translate

import functools
import plone.api


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


def mail_content(who, write, subject, intro, sections, reason, unsubscribe):
    """The content dict of a mail (see the module docstring). ``unsubscribe``
    is ``(purpose, target, label)`` of its one-click unsubscribe link; the
    footer links to it and to the notification settings."""
    purpose, target, label = unsubscribe
    unsubscribe_link = unsubscribe_url(who["userid"], purpose, target)
    return {
        "language": who["language"],
        "subject": subject,
        "greeting": greeting(who, write),
        "intro": intro,
        "sections": sections,
        "reason": reason,
        "links": [
            {"label": label, "url": unsubscribe_link},
            {
                "label": write(_("Change your notification settings")),
                "url": preferences_url(),
            },
        ],
        "unsubscribe": unsubscribe_link,
    }


# -- the kinds of mail -------------------------------------------------------


def follower_mail(ua, who, write, subject, intro, item):
    """A mail to a follower of ``ua``: one section, and a link to stop
    following it."""
    return mail_content(
        who,
        write,
        subject,
        intro,
        [section(ua, [item])],
        write(_("You receive this email because you follow this Urgent Action.")),
        (
            tokens.UNFOLLOW,
            storage.action_uid(ua),
            write(_("Stop following this Urgent Action")),
        ),
    )


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
    return mail_content(
        who,
        write,
        write(_("New Urgent Action: ${title}", mapping={"title": ua.Title()})),
        write(_("A new Urgent Action matches the countries or themes you chose.")),
        [
            {
                "title": "",
                "url": "",
                "entries": [cached(cache, write, new_action_item, ua)],
            }
        ],
        write(
            _(
                "You receive this email because you subscribed to new Urgent "
                "Actions by country or theme."
            )
        ),
        (tokens.NEW_ACTIONS, "", write(_("No more emails about new Urgent Actions"))),
    )


def reminder_section(uas, write, cache=None):
    return {
        "title": write(_("Closing soon — still waiting for your letter")),
        "url": "",
        "entries": [cached(cache, write, reminder_item, ua) for ua in uas],
    }


def reminder_mail(uas, who, days, cache=None):
    write = writer(who["language"])
    return mail_content(
        who,
        write,
        write(_("Urgent Actions closing soon")),
        write(
            _(
                "These Urgent Actions you follow close soon, and you have not "
                "counted a letter for them yet."
            )
        ),
        [reminder_section(uas, write, cache)],
        write(
            _(
                "You receive this reminder because you asked for one ${days} "
                "days before an Urgent Action you follow closes.",
                mapping={"days": days},
            )
        ),
        (tokens.REMINDERS, "", write(_("No more closing reminders"))),
    )


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
    return mail_content(
        who,
        write,
        write(_("Your Urgent Actions digest")),
        write(_("This is what happened since your last digest.")),
        sections,
        write(
            _(
                "You receive this digest because you chose one email a day in "
                "your notification settings."
            )
        ),
        (tokens.ALL, "", write(_("Stop all emails about Urgent Actions"))),
    )
