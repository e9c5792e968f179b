"""Atom and RSS feeds of new cases (on the site root) and of each case's
updates (on the case), and an iCal calendar of the open cases' last days
for letters.

Feeds carry only what anonymous visitors see on the pages: published or
closed cases and published updates, never letter writers or drafts. They are
written with ElementTree (not templates), so they are well-formed whatever
the texts hold, and may be cached publicly for a few minutes.
"""

from collective.urgentactions import _
from collective.urgentactions.formatting import long_date
from collective.urgentactions.search import cards_scope
from collective.urgentactions.search import find_urgent_actions
from collective.urgentactions.section import nearest_section
from collective.urgentactions.status import last_day_for_letters
from datetime import datetime
from datetime import time
from datetime import UTC
from email.utils import format_datetime
from plone.uuid.interfaces import IUUID
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from xml.etree import ElementTree
from zope.i18n import translate

import html
import icalendar
import plone.api


ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 20
FEED_MAX_AGE = 300  # seconds


def case_title(ua_number, title, request):
    return translate(
        _("UA ${number}: ${title}", mapping={"number": ua_number, "title": title}),
        context=request,
    )


def as_datetime(value):
    """A timezone-aware datetime from a Zope DateTime, date or datetime."""
    if hasattr(value, "asdatetime"):
        value = value.asdatetime()
    elif not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def feed_item(title, url, uid, summary, published, updated, html=""):
    return {
        "title": title,
        "url": url,
        "id": f"urn:uuid:{uid}",
        "summary": summary or "",
        "html": html,
        "published": as_datetime(published),
        "updated": as_datetime(updated),
    }


def atom(feed):
    """An Atom 1.0 document (RFC 4287)."""
    ElementTree.register_namespace("", ATOM)

    def sub(parent, name, text=None, **attributes):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        if text is not None:
            element.text = text
        return element

    root = ElementTree.Element(
        f"{{{ATOM}}}feed",
        {"{http://www.w3.org/XML/1998/namespace}lang": feed["language"]},
    )
    sub(root, "title", feed["title"])
    if feed["subtitle"]:
        sub(root, "subtitle", feed["subtitle"])
    sub(root, "id", feed["id"])
    sub(root, "link", rel="alternate", type="text/html", href=feed["url"])
    sub(root, "link", rel="self", type="application/atom+xml", href=feed["self"])
    sub(root, "updated", feed["updated"].isoformat())
    author = sub(root, "author")
    sub(author, "name", feed["author"])
    for item in feed["items"]:
        entry = sub(root, "entry")
        sub(entry, "title", item["title"])
        sub(entry, "id", item["id"])
        sub(entry, "link", rel="alternate", type="text/html", href=item["url"])
        sub(entry, "published", item["published"].isoformat())
        sub(entry, "updated", item["updated"].isoformat())
        if item["summary"]:
            sub(entry, "summary", item["summary"])
        if item["html"]:
            sub(entry, "content", item["html"], type="html")
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def rss(feed):
    """An RSS 2.0 document."""
    root = ElementTree.Element("rss", {"version": "2.0", "xmlns:atom": ATOM})
    channel = ElementTree.SubElement(root, "channel")

    def sub(parent, name, text=None, **attributes):
        element = ElementTree.SubElement(parent, name, attributes)
        if text is not None:
            element.text = text
        return element

    sub(channel, "title", feed["title"])
    sub(channel, "link", feed["url"])
    sub(channel, "description", feed["subtitle"] or feed["title"])
    sub(channel, "language", feed["language"])
    sub(channel, "lastBuildDate", format_datetime(feed["updated"]))
    sub(channel, "atom:link", rel="self", type="application/rss+xml", href=feed["self"])
    for entry in feed["items"]:
        item = sub(channel, "item")
        sub(item, "title", entry["title"])
        sub(item, "link", entry["url"])
        sub(item, "guid", entry["id"], isPermaLink="false")
        sub(item, "pubDate", format_datetime(entry["published"]))
        # RSS descriptions are HTML: plain summaries are escaped.
        description = entry["html"] or html.escape(entry["summary"], quote=False)
        if description:
            sub(item, "description", description)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


FORMATS = {
    "atom": (atom, "application/atom+xml"),
    "rss": (rss, "application/rss+xml"),
}


def public_response(request, content_type, max_age=FEED_MAX_AGE):
    """Headers of a response that is the same for everybody."""
    response = request.response
    response.setHeader("Content-Type", f"{content_type}; charset=utf-8")
    response.setHeader("Cache-Control", f"public, max-age={max_age}")
    response.setHeader("Vary", "Accept-Language")
    response.setHeader("X-Content-Type-Options", "nosniff")


class FeedView(BrowserView):
    """Base: ``format`` ("atom" or "rss") is set by the ZCML registration."""

    format = "atom"

    def __call__(self):
        write, content_type = FORMATS[self.format]
        public_response(self.request, content_type)
        return write(self.feed())

    def language(self):
        return self.request.get("LANGUAGE") or plone.api.portal.get_default_language()

    def self_url(self):
        return self.request.get("ACTUAL_URL") or self.request.URL

    def newest(self, items, fallback):
        return max((item["updated"] for item in items), default=as_datetime(fallback))


class NewCasesFeed(FeedView):
    """The newest published (or already closed) cases of the section."""

    def feed(self):
        portal = plone.api.portal.get()
        section = nearest_section(self.context)
        catalog = getToolByName(portal, "portal_catalog")
        brains = (
            catalog(
                portal_type="UrgentAction",
                review_state=("published", "closed"),
                **cards_scope(self.context, section),
                sort_on=("issue_date", "ua_number"),
                sort_order="descending",
                sort_limit=FEED_SIZE,
            )[:FEED_SIZE]
            if section is not None
            else []
        )
        items = [
            feed_item(
                case_title(brain.ua_number, brain.Title, self.request),
                brain.getURL(),
                brain.UID,
                brain.Description,
                brain.effective if brain.effective.year() > 1900 else brain.created,
                brain.modified,
            )
            for brain in brains
        ]
        title = translate(_("Urgent Actions"), context=self.request)
        return {
            "title": f"{portal.Title()}: {title}",
            "subtitle": translate(
                _("New Urgent Actions: write letters for people at risk."),
                context=self.request,
            ),
            "id": f"urn:uuid:{IUUID(section) if section is not None else IUUID(portal, '')}",
            "url": (section or portal).absolute_url(),
            "self": self.self_url(),
            "updated": self.newest(items, portal.modified()),
            "author": portal.Title(),
            "language": self.language(),
            "items": items,
        }


class UpdatesFeed(FeedView):
    """A case's published updates, newest first."""

    def feed(self):
        ua = self.context
        updates = [
            update
            for update in ua.items_of_type("UrgentActionUpdate")
            if plone.api.content.get_state(update, default=None) == "published"
        ]
        updates.sort(key=lambda u: (u.date, u.created()), reverse=True)
        items = []
        for update in updates[:FEED_SIZE]:
            text = getattr(update, "text", None)
            items.append(
                feed_item(
                    f"{long_date(update.date, self.request)}: {update.Title()}",
                    update.absolute_url(),
                    IUUID(update),
                    "",
                    update.effective()
                    if update.effective().year() > 1900
                    else update.created(),
                    update.modified(),
                    html=text.output_relative_to(update) if text else "",
                )
            )
        title = case_title(ua.ua_number, ua.Title(), self.request)
        return {
            "title": translate(
                _("Updates on ${case}", mapping={"case": title}), context=self.request
            ),
            "subtitle": ua.Description(),
            "id": f"urn:uuid:{IUUID(ua)}",
            "url": ua.absolute_url(),
            "self": self.self_url(),
            "updated": self.newest(items, ua.modified()),
            "author": plone.api.portal.get().Title(),
            "language": self.language(),
            "items": items,
        }


class ClosingDatesCalendar(BrowserView):
    """iCal: one all-day event per open case, on its last day for letters."""

    def __call__(self):
        portal = plone.api.portal.get()
        section = nearest_section(self.context)
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//collective.urgentactions//closing dates//EN")
        calendar.add("version", "2.0")
        calendar.add(
            "x-wr-calname",
            translate(_("Urgent Actions: last days for letters"), context=self.request),
        )
        brains = (
            find_urgent_actions(
                portal, status="open", **cards_scope(self.context, section)
            )
            if section is not None
            else []
        )
        stamp = datetime.now(UTC)
        for brain in sorted(
            (brain for brain in brains if brain.closing_date is not None),
            key=lambda brain: brain.closing_date,
        ):
            last_day = last_day_for_letters(brain.closing_date)
            event = icalendar.Event()
            event.add("uid", f"{brain.UID}@closing-date")
            event.add("dtstamp", stamp)
            event.add("dtstart", last_day)
            event.add("dtend", brain.closing_date)
            event.add(
                "summary",
                translate(
                    _(
                        "Last day for letters: ${case}",
                        mapping={
                            "case": case_title(
                                brain.ua_number, brain.Title, self.request
                            )
                        },
                    ),
                    context=self.request,
                ),
            )
            event.add("url", brain.getURL())
            event.add("description", brain.Description or "")
            calendar.add_component(event)
        public_response(self.request, "text/calendar")
        self.request.response.setHeader(
            "Content-Disposition", 'inline; filename="urgent-actions.ics"'
        )
        return calendar.to_ical()


class NewCasesRSS(NewCasesFeed):
    format = "rss"


class UpdatesRSS(UpdatesFeed):
    format = "rss"
