"""The page of an Urgent Action and its "More on this topic" viewlet."""

from Acquisition import aq_inner
from collective.urgentactions import _
from collective.urgentactions.addressbook.recipients import ADDRESSEE
from collective.urgentactions.addressbook.recipients import COPY
from collective.urgentactions.addressbook.recipients import own_salutation
from collective.urgentactions.addressbook.recipients import recipients
from collective.urgentactions.browser.letter_template import template_entry
from collective.urgentactions.browser.update import update_entry
from collective.urgentactions.formatting import locale_for
from collective.urgentactions.formatting import long_date
from collective.urgentactions.formatting import long_dates
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import DRAFT
from collective.urgentactions.status import OPEN
from collective.urgentactions.status import ua_wording
from collective.urgentactions.updates import newest_first
from collective.urgentactions.vocabularies import country_name
from collective.urgentactions.vocabularies import language_name
from collective.urgentactions.vocabularies import THEMES
from plone.app.layout.viewlets.content import ContentRelatedItems
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

import plone.api


STATUS_CSS = {
    DRAFT: "alert-warning",
    OPEN: "alert-success",
    CLOSED: "alert-secondary",
}


def status_notice(ua, request):
    """The case's state (see ``status_wording``), translated, and a
    Bootstrap alert class."""
    wording = ua_wording(ua, long_dates(request))
    return {
        "status": wording.status,
        "label": translate(wording.label, context=request),
        "detail": translate(wording.detail, context=request) if wording.detail else "",
        "css": STATUS_CSS[wording.status],
    }


class UrgentActionView(BrowserView):
    """The case page: number, state, updates, title, AI Index, summary, case
    text, background, facts, addressees, suggested posts and letters."""

    @memoize
    def status(self):
        return status_notice(self.context, self.request)

    def is_open(self):
        return self.status()["status"] == OPEN

    @memoize
    def updates(self):
        """Newest first, by date, then by creation."""
        updates = newest_first(
            aq_inner(self.context).items_of_type("UrgentActionUpdate")
        )
        return [update_entry(update, self.request) for update in updates]

    @memoize
    def letter_templates(self):
        """One entry per template, by language name."""
        templates = sorted(
            aq_inner(self.context).items_of_type("LetterTemplate"),
            key=lambda t: language_name(t.letter_language or "").casefold(),
        )
        entries = (template_entry(t, self.request) for t in templates)
        return [entry for entry in entries if entry]

    def country(self):
        return country_name(self.context.country, locale_for(self.request))

    def themes(self):
        return [
            translate(THEMES[key], context=self.request) if key in THEMES else key
            for key in self.context.themes or ()
        ]

    def issue_date(self):
        issued = self.context.issue_date
        return long_date(issued, self.request) if issued else ""

    def closing_date(self):
        """The closing date to check while the case is a draft or open; once
        closed, its state says the day it closed (perhaps earlier, by hand)."""
        closing = self.context.closing_date
        if not closing or self.closed():
            return ""
        return long_date(closing, self.request)

    def closed(self):
        """A closed case folds its addressees, posts and templates away."""
        return self.status()["status"] == CLOSED

    def rich_text(self, name):
        value = getattr(self.context, name, None)
        return value.output_relative_to(self.context) if value else ""

    @memoize
    def recipients(self):
        return recipients(aq_inner(self.context))

    def addressee_groups(self):
        """ "Addressees" and "Copies to", each with its recipients (from the
        address book and inline, see ``addressbook.recipients``) and the
        salutation in the page's language; empty groups are left out."""
        groups = (
            ("addressees", ADDRESSEE, _("Addressees")),
            ("copies-to", COPY, _("Copies to")),
        )
        language = locale_for(self.request).language
        result = []
        for group_id, role, heading in groups:
            rows = [
                dict(recipient, salutation=own_salutation(recipient, language))
                for recipient in self.recipients()
                if recipient["role"] == role
            ]
            if rows:
                result.append(
                    {
                        "id": group_id,
                        "heading": translate(heading, context=self.request),
                        "rows": rows,
                    }
                )
        return result

    def suggested_posts(self):
        return [post for post in self.context.suggested_posts or () if post.strip()]


class MoreOnThisTopicViewlet(ContentRelatedItems):
    """Teasers of the related items the user may view, headed "More on this
    topic" (the catalog leaves out what the user may not see)."""

    index = ViewPageTemplateFile("templates/more_on_this_topic.pt")

    def teasers(self):
        """Title, description and URL (files and images link to their view
        page, as in Plone's listings)."""
        use_view = plone.api.portal.get_registry_record(
            "plone.types_use_view_action_in_listings", default=[]
        )
        return [
            {
                "title": brain.Title or brain.getId,
                "description": brain.Description,
                "url": brain.getURL()
                + ("/view" if brain.portal_type in use_view else ""),
            }
            for brain in self.related_items()
        ]
