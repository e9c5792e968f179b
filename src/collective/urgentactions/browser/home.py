"""The site's home page and the year and month folders: cases as cards.

The home page calls to act: the open cases first (those closing soonest
are the most urgent, but the newest come first, as members expect from the
section), then the recently closed ones with their outcome, each group with
a link to the whole list in the section.
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from collective.urgentactions.browser.cards import CARD_MACROS
from collective.urgentactions.browser.cards import case_cards
from collective.urgentactions.search import cards_scope
from collective.urgentactions.search import find_urgent_actions
from collective.urgentactions.section import nearest_section
from collective.urgentactions.translations import listing_language
from datetime import date
from datetime import timedelta
from plone.batching import Batch
from plone.memoize.view import memoize
from Products.Five.browser import BrowserView
from zope.component import getMultiAdapter


OPEN_ON_HOME = 12
CLOSED_ON_HOME = 6
ARCHIVE_BATCH_SIZE = 20


class HomeView(BrowserView):
    """Open cases, then recently closed ones, as cards."""

    card_macros = CARD_MACROS

    def __call__(self):
        self.today = date.today()
        return self.index()

    @memoize
    def section(self):
        return nearest_section(self.context)

    def _group(self, status, size):
        section = self.section()
        if section is None:
            return {"cards": [], "more": 0, "url": ""}
        results = find_urgent_actions(
            self.context,
            status=status,
            today=self.today,
            **cards_scope(self.context, section),
        )
        shown = [results[i] for i in range(min(size, len(results)))]
        return {
            "cards": case_cards(
                shown, self.request, self.today, listing_language(self.context)
            ),
            "total": len(results),
            "more": len(results) > size,
            "url": f"{section.absolute_url()}?status={status}",
        }

    @memoize
    def open_cases(self):
        return self._group("open", OPEN_ON_HOME)

    @memoize
    def closed_cases(self):
        return self._group("closed", CLOSED_ON_HOME)


def archive_period(folder):
    """The first and last day of a year folder (``2020``) or a month folder
    (``2020/04``) of a section."""
    folder = aq_inner(folder)
    name, parent = folder.getId(), aq_parent(folder)
    if len(name) == 2 and name.isdigit() and parent.getId().isdigit():
        first = date(int(parent.getId()), int(name), 1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - timedelta(days=1)
    year = int(name) if name.isdigit() else date.today().year
    return date(year, 1, 1), date(year, 12, 31)


class ArchiveView(BrowserView):
    """A year or month folder of the section: its cases, open first, as
    cards, twenty a page."""

    card_macros = CARD_MACROS

    def __call__(self):
        self.today = date.today()
        return self.index()

    def b_start(self):
        value = self.request.form.get("b_start", 0)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return 0
        return max(value, 0)

    @memoize
    def batch(self):
        query = cards_scope(self.context)
        if "path" not in query:
            # A language's cards: those of this year or month, wherever filed.
            query["issue_date"] = {
                "query": archive_period(self.context),
                "range": "min:max",
            }
        results = find_urgent_actions(
            self.context, today=self.today, drafts=True, **query
        )
        return Batch(results, ARCHIVE_BATCH_SIZE, start=self.b_start())

    def cards(self):
        return case_cards(
            self.batch(), self.request, self.today, listing_language(self.context)
        )

    def batch_navigation(self):
        navigation = getMultiAdapter(
            (self.context, self.request), name="batchnavigation"
        )
        return navigation(self.batch())
