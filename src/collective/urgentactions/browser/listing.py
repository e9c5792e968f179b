"""The "Urgent Actions" section's listing of cases, as cards (``cards.py``).

Open cases come first, then closed ones (see ``collective.urgentactions.search``);
editors also see drafts, labelled, before them.

Filters come from a GET form; a value the listing does not offer (unknown
country or year, malformed UA number, a list instead of a string, a bad
``b_start``) is ignored, never an error.
"""

from collective.urgentactions import _
from collective.urgentactions.browser.cards import CARD_MACROS
from collective.urgentactions.browser.cards import case_cards
from collective.urgentactions.formatting import locale_for
from collective.urgentactions.search import cards_scope
from collective.urgentactions.search import Concatenation
from collective.urgentactions.search import filter_query
from collective.urgentactions.search import find_urgent_actions
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import DRAFT
from collective.urgentactions.status import OPEN
from collective.urgentactions.translations import listing_language
from collective.urgentactions.vocabularies import country_name
from datetime import date
from plone.batching import Batch
from plone.memoize import ram
from plone.memoize.view import memoize
from Products.CMFCore.utils import getToolByName
from Products.Five.browser import BrowserView
from zope.component import getMultiAdapter
from zope.i18n import translate

import re


BATCH_SIZE = 20
FORM_KEYS = ("country", "year", "status", "ua")
STATUSES = ("all", "open", "closed")
GROUP_HEADINGS = {
    DRAFT: _("Drafts"),
    OPEN: _("Open for letters"),
    CLOSED: _("Closed"),
}

# "065/20", "UA 065/20", "65-20", "065 20", "UA065/20-1" (a follow-up).
UA_NUMBER_SEARCH = re.compile(
    r"^(?:UA\s*)?(\d{1,3})\s*[/\- ]\s*(\d{2})(?:\s*-\s*(\d{1,2}))?$", re.IGNORECASE
)


def normalize_ua_number(text):
    """The UA number a visitor typed, as stored ("065/20", "065/20-1"), or
    ``None`` when the text is not a UA number."""
    match = UA_NUMBER_SEARCH.match(text.strip())
    if match is None:
        return None
    serial, year, suffix = match.groups()
    number = f"{int(serial):03d}/{year}"
    return f"{number}-{int(suffix)}" if suffix else number


# Everybody may view the cases in these states (urgentaction_workflow).
PUBLIC_STATES = ("published", "closed")


def facets_of(brains):
    """The countries and years (as text) of the cases ``brains``."""
    countries, years = set(), set()
    for brain in brains:
        if brain.country:
            countries.add(brain.country)
        if brain.issue_date:
            years.add(str(brain.issue_date.year))
    return frozenset(countries), frozenset(years)


@ram.cache(lambda function, context, scope, counter: (scope, counter))
def public_facets(context, scope, counter):
    """``facets_of`` the public cases of ``scope`` (``cards_scope`` as
    sorted items), once per catalog change (``counter``): reading every
    case's metadata on each listing page made the page grow with the section
    (13x for 5,000 cases)."""
    catalog = getToolByName(context, "portal_catalog")
    return facets_of(
        catalog.unrestrictedSearchResults(
            portal_type="UrgentAction", review_state=PUBLIC_STATES, **dict(scope)
        )
    )


class UrgentActionsListing(BrowserView):
    """Open cases, then closed ones, with filters and batching."""

    def __call__(self):
        self.today = date.today()
        self.filters = self._read_filters()
        return self.index()

    # -- reading the form ----------------------------------------------------

    def _value(self, key):
        value = self.request.form.get(key)
        return value.strip() if isinstance(value, str) else ""

    def _read_filters(self):
        country = self._value("country")
        year = self._value("year")
        status = self._value("status")
        search = self._value("ua")
        return {
            "country": country if country in self.countries_available() else "",
            "year": year if year in self.years_available() else "",
            "status": status if status in STATUSES else "all",
            "ua": search,
            "ua_number": normalize_ua_number(search) if search else None,
        }

    def search_not_understood(self):
        return bool(self.filters["ua"]) and self.filters["ua_number"] is None

    def b_start(self):
        """The batch start; page links send it as ``b_start:int``."""
        value = self.request.form.get("b_start")
        if isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                return 0
        return value if isinstance(value, int) and value > 0 else 0

    # -- catalog ---------------------------------------------------------------

    @memoize
    def scope(self):
        """The section's cases, or in a language's section (``/de``) the
        site's cases for that language (``search.cards_scope``)."""
        return cards_scope(self.context)

    def _catalog(self, **query):
        catalog = getToolByName(self.context, "portal_catalog")
        return catalog(portal_type="UrgentAction", **self.scope(), **query)

    @memoize
    def _facets(self):
        """Countries and years of the cases the user may see: those of the
        public cases (the same for everybody, kept until the catalog
        changes), and of the drafts the user may see."""
        scope = tuple(sorted(self.scope().items()))
        counter = getToolByName(self.context, "portal_catalog").getCounter()
        countries, years = public_facets(self.context, scope, counter)
        drafts = facets_of(self._catalog(review_state={"not": PUBLIC_STATES}))
        return countries | drafts[0], years | drafts[1]

    def countries_available(self):
        return self._facets()[0]

    def years_available(self):
        return self._facets()[1]

    def _grouped(self, **query):
        """Drafts (for "all"), open, then closed cases inside the section."""
        status = self.filters["status"]
        return find_urgent_actions(
            self.context,
            status="" if status == "all" else status,
            drafts=True,
            today=self.today,
            **self.scope(),
            **query,
        )

    @memoize
    def results(self):
        """The filtered cases in listing order; a UA number search lists the
        exact match first, then that case's follow-ups (065/20-1, ...)."""
        year = self.filters["year"]
        query = filter_query(
            country=self.filters["country"], year=int(year) if year else None
        )
        number = self.filters["ua_number"]
        if not number:
            return self._grouped(**query)
        exact = self._grouped(ua_number=number, **query)
        if "-" in number:
            return exact
        follow_ups = self._grouped(
            ua_number={
                "query": (f"{number}-", f"{number}-\uffff"),
                "range": "min:max",
            },
            **query,
        )
        return Concatenation(exact, follow_ups)

    @memoize
    def batch(self):
        return Batch(self.results(), BATCH_SIZE, start=self.b_start())

    def batch_navigation(self):
        navigation = getMultiAdapter(
            (self.context, self.request), name="batchnavigation"
        )
        return navigation(self.batch(), batchformkeys=FORM_KEYS)

    # -- display ---------------------------------------------------------------

    def country_options(self):
        locale = locale_for(self.request)
        options = [
            {
                "value": code,
                "title": country_name(code, locale),
                "selected": code == self.filters["country"],
            }
            for code in self.countries_available()
        ]
        return sorted(options, key=lambda option: option["title"].casefold())

    def year_options(self):
        return [
            {"value": year, "selected": year == self.filters["year"]}
            for year in sorted(self.years_available(), reverse=True)
        ]

    def status_options(self):
        titles = {
            "all": _("All"),
            "open": _("Open"),
            "closed": _("Closed"),
        }
        return [
            {
                "value": status,
                "title": translate(titles[status], context=self.request),
                "selected": status == self.filters["status"],
            }
            for status in STATUSES
        ]

    def groups(self):
        """The batch's cards, in runs of one state, each under its heading."""
        groups = []
        language = listing_language(self.context)
        for card in case_cards(self.batch(), self.request, self.today, language):
            if not groups or groups[-1]["status"] != card["status"]:
                heading = translate(
                    GROUP_HEADINGS[card["status"]], context=self.request
                )
                groups.append(
                    {"status": card["status"], "heading": heading, "cards": []}
                )
            groups[-1]["cards"].append(card)
        return groups

    card_macros = CARD_MACROS
