"""Finding Urgent Actions in listing order, for the section's listing page
and the ``@urgent-actions`` REST service.

Open cases come first, then closed ones, each newest first (issue date, then
UA number); drafts, for those who may see them, come before or on request.
Everything comes from catalog queries and metadata: no case is loaded.

Each group is one unsorted catalog query (which applies the user's
permissions and gives the group's length), ordered by the single index
``ua_listing_order`` (issue date and UA number in one text, see
``indexers``). Reading an item reads the window of ``WINDOW`` items that
holds it by walking that index's keys from the nearer end of the order,
keeping the group's cases: a window costs its distance from that end plus
the cases of other groups it passes, so the first and the last pages cost
about the same on a section of 30 cases and of 10,000. Where the walk
would pass more keys than the group has (a group sparse among the keys,
e.g. filtered by country) or the results are ranked (full text), the
catalog sorts the group (its N-best sort), which reads the sort key of
each of the group's cases: at 10,000 cases that alone made the last page
of ``@urgent-actions`` 1.5 times slower than on a small section. The order
cannot hold "open" itself: whether a published case is still open depends
on the day.

"Open" is ``published`` with ``ua_open_until`` after today; "closed" is
``closed``, or ``published`` with ``ua_open_until`` today or earlier (the
closing date has come but the cron job has not closed the case yet). Both
come from one search of the published cases (few: the open ones and those
the daily job has not closed yet), split by the closing date in their
metadata (``status.expired_among``), not from a range query on
``ua_open_until`` up to today, which reads every closing date of the
section's history; a search costs the section-wide indexes (type, path,
dates of effect) however few cases it finds. The expired cases (none
except between a closing date and the next ``close-expired`` run) are
merged into the closed group at the places counted along the order index.
"""

from Acquisition import aq_inner
from BTrees.IIBTree import difference
from BTrees.IIBTree import IISet
from collective.urgentactions.status import expired_among
from collective.urgentactions.translations import CARD_LANGUAGES_INDEX
from collective.urgentactions.translations import listing_language
from datetime import date
from datetime import timedelta
from Products.CMFCore.utils import getToolByName
from ZTUtils.Lazy import LazyMap


ORDER = "ua_listing_order"
WINDOW = 50


def listing_order(issue_date, ua_number):
    """The sort key of a case: newest issue date first, then UA number."""
    return f"{(issue_date or date.min).isoformat()} {ua_number or ''}"


def sort_key(brain):
    return listing_order(brain.issue_date, brain.ua_number)


def record_ids(value):
    """The record ids of one key of a field index (an id, or a set of them)."""
    return (value,) if isinstance(value, int) else value


def result_ids(results):
    """The record ids of an unsorted search's results, or ``None`` for a
    full-text search, whose results are scored."""
    if not len(results):
        return IISet()
    try:
        # An unsorted search is a LazyMap over the result set's ids.
        return IISet(results._seq)
    except TypeError:  # (score, id) pairs
        return None


class Sorted:
    """One catalog query's results newest first, read a window at a time
    (see the module docstring). ``rids``, where given, are the query's
    record ids, already found."""

    def __init__(self, catalog, query, rids=None):
        self.catalog = catalog
        self.query = query
        self.windows = {}
        self.rids = rids
        self.length = None if rids is None else len(rids)

    def _search(self):
        """One unsorted search: the group's length and its record ids
        (``None`` for a full-text search)."""
        if self.length is None:
            results = self.catalog(**self.query)
            self.length = len(results)
            self.rids = result_ids(results)
        return self.rids

    def __len__(self):
        self._search()
        return self.length

    def count_from(self, key):
        """How many of the results sort at or before ``key`` (newest first):
        the group's cases among the index's keys from ``key`` up."""
        rids = self._search()
        if rids is None:
            return len(
                self.catalog(**self.query, **{ORDER: {"query": key, "range": "min"}})
            )
        return sum(
            1
            for value in self._order_index().values(min=key)
            for rid in record_ids(value)
            if rid in rids
        )

    def _order_index(self):
        """The sort index's key -> record id(s) mapping."""
        return self.catalog._catalog.getIndex(ORDER)._index

    def __getitem__(self, index):
        length = len(self)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError(index)
        start = index - index % WINDOW
        if start not in self.windows:
            self.windows[start] = self._walk(start, length) or self.catalog(
                sort_on=ORDER,
                sort_order="descending",
                b_start=start,
                b_size=WINDOW,
                **self.query,
            )
        window = self.windows[start]
        if index - start >= len(window):  # the catalog changed meanwhile
            raise IndexError(index)
        return window[index - start]

    def _walk(self, start, length):
        """The window at ``start`` read along the sort index from the
        nearer end, or ``None`` where that passes more keys than the
        catalog's sort would read (the group is sparse among the keys)."""
        rids = self._search()
        if rids is None:
            return None
        end = min(start + WINDOW, length)
        newest_first = start <= length - end
        skip = start if newest_first else length - end
        budget = max(length, 2 * WINDOW)
        items = self._order_index().items()
        found = []
        for passed, (_key, value) in enumerate(
            reversed(items) if newest_first else items
        ):
            if len(found) >= end - start:
                break
            if passed >= budget:
                return None
            for rid in record_ids(value):
                if rid in rids:
                    if skip:
                        skip -= 1
                    else:
                        found.append(rid)
        found = found[: end - start]
        if not newest_first:
            found.reverse()
        return LazyMap(self.catalog._catalog.__getitem__, found, len(found))


class Concatenation:
    """Sequences one after the other; indexing reads none of the items
    before the wanted one (catalog results stay lazy). The lengths are
    counted once: a batch asks for them again for every item."""

    def __init__(self, *sequences):
        self.sequences = sequences
        self.lengths = None

    def _lengths(self):
        if self.lengths is None:
            self.lengths = [len(sequence) for sequence in self.sequences]
        return self.lengths

    def __len__(self):
        return sum(self._lengths())

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        for sequence, length in zip(self.sequences, self._lengths(), strict=True):
            if 0 <= index < length:
                return sequence[index]
            index -= length
        raise IndexError(index)


class Merge:
    """A group with a few more cases merged in by listing order: where each
    of the ``few`` goes is counted by the catalog (the cases of ``group``
    sorting before it), so reading an item reads no case before it."""

    def __init__(self, group, few):
        self.group = group
        self.few = few
        self.positions = None

    def __len__(self):
        return len(self.group) + len(self.few)

    def _positions(self):
        if self.positions is None:
            self.positions = [
                self.group.count_from(sort_key(self.few[k])) + k
                for k in range(len(self.few))
            ]
        return self.positions

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        before = 0
        for k, position in enumerate(self._positions()):
            if position == index:
                return self.few[k]
            before += position < index
        return self.group[index - before]


def cards_scope(context, inside=None):
    """Catalog criteria for the cases the pages of ``context`` show: in a
    language root folder of plone.app.multilingual (``/de``) the site's
    cases, one translation each, in that language where there is one
    (``translations.card_languages``); elsewhere the cases inside ``inside``
    (by default ``context``)."""
    language = listing_language(context)
    if language:
        return {CARD_LANGUAGES_INDEX: language}
    return {"path": "/".join(aq_inner(inside or context).getPhysicalPath())}


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

    def search(rids=None, **criteria):
        return Sorted(
            catalog, dict(portal_type="UrgentAction", **query, **criteria), rids
        )

    if status == "draft":
        return search(review_state="draft")
    groups = []
    if not status and drafts:
        groups.append(search(review_state="draft"))
    published = catalog(portal_type="UrgentAction", review_state="published", **query)
    expired = sorted(expired_among(published, today), key=sort_key, reverse=True)
    if status in ("", "open"):
        rids = result_ids(published)
        if rids is not None:
            rids = difference(rids, IISet(brain.getRID() for brain in expired))
        groups.append(
            search(
                rids,
                review_state="published",
                ua_open_until={"query": today + timedelta(days=1), "range": "min"},
            )
        )
    if status in ("", "closed"):
        closed = search(review_state="closed")
        groups.append(Merge(closed, expired) if expired else closed)
    return Concatenation(*groups)
