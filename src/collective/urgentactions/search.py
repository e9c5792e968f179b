"""Finding Urgent Actions in listing order, for the section's listing page
and the ``@urgent-actions`` REST service.

Open cases come first, then closed ones, each newest first (issue date, then
UA number); drafts, for those who may see them, come before or on request.
Everything comes from catalog queries and metadata: no case is loaded.

"Open" is ``published`` with ``ua_open_until`` after today; "closed" is
``closed``, or ``published`` with ``ua_open_until`` today or earlier (the
closing date has come but the cron job has not closed the case yet). The
closed group is therefore two queries, merged lazily by issue date.
"""

from datetime import date
from datetime import timedelta
from Products.CMFCore.utils import getToolByName

import heapq
import itertools


NEWEST_FIRST = {"sort_on": ("issue_date", "ua_number"), "sort_order": "descending"}


def sort_key(brain):
    return (brain.issue_date or date.min, brain.ua_number or "")


class Concatenation:
    """Sequences one after the other; indexing reads none of the items
    before the wanted one (catalog results stay lazy)."""

    def __init__(self, *sequences):
        self.sequences = sequences

    def __len__(self):
        return sum(len(sequence) for sequence in self.sequences)

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        for sequence in self.sequences:
            if 0 <= index < len(sequence):
                return sequence[index]
            index -= len(sequence)
        raise IndexError(index)


class Merge:
    """Catalog results each sorted newest first, merged newest first; only
    the items up to the wanted one are read."""

    def __init__(self, *sequences):
        self.sequences = sequences
        self.merged = heapq.merge(*sequences, key=sort_key, reverse=True)
        self.seen = []

    def __len__(self):
        return sum(len(sequence) for sequence in self.sequences)

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        missing = index + 1 - len(self.seen)
        if index >= 0 and missing > 0:
            self.seen.extend(itertools.islice(self.merged, missing))
        if not 0 <= index < len(self.seen):
            raise IndexError(index)
        return self.seen[index]


def filter_query(country=None, year=None, theme=None, text=None):
    """Catalog criteria for the listing's filters (``None`` for no filter)."""
    query = {}
    if country:
        query["country"] = country
    if year:
        query["issue_date"] = {
            "query": (date(year, 1, 1), date(year, 12, 31)),
            "range": "min:max",
        }
    if theme:
        query["ua_themes"] = theme
    if text:
        query["SearchableText"] = text
    return query


def find_urgent_actions(context, status="", drafts=False, today=None, **query):
    """The cases matching ``query`` in listing order.

    ``status`` is ``open``, ``closed``, ``draft`` or empty for all; with
    ``drafts`` "all" starts with the drafts the user may see.
    """
    today = today or date.today()
    catalog = getToolByName(context, "portal_catalog")

    def search(**criteria):
        return catalog(portal_type="UrgentAction", **NEWEST_FIRST, **query, **criteria)

    if status == "draft":
        return search(review_state="draft")
    groups = []
    if not status and drafts:
        groups.append(search(review_state="draft"))
    if status in ("", "open"):
        groups.append(
            search(
                review_state="published",
                ua_open_until={"query": today + timedelta(days=1), "range": "min"},
            )
        )
    if status in ("", "closed"):
        groups.append(
            Merge(
                search(review_state="closed"),
                search(
                    review_state="published",
                    ua_open_until={"query": today, "range": "max"},
                ),
            )
        )
    return Concatenation(*groups)
