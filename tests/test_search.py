"""The listings' order comes from the catalog: one sort index, and a page
asks the catalog for a window of cases, never for every case sorted."""

from collective.urgentactions import search
from collective.urgentactions.search import find_urgent_actions
from collective.urgentactions.status import close_expired
from datetime import date
from datetime import timedelta
from Products.ZCatalog.Catalog import Catalog

import plone.api
import pytest


WINDOW = 4


class TestListingOrder:
    @pytest.fixture(autouse=True)
    def cases(self, portal, make_ua, monkeypatch):
        """Three open cases and twenty closed ones, read four at a time."""
        self.portal = portal
        today = date.today()
        self.open = [
            make_ua(ua_number=f"{n:03d}/26", issue_date=today - timedelta(days=n))
            for n in (3, 1, 2)
        ]
        self.closed = [
            make_ua(
                state="closed",
                ua_number=f"{n:03d}/20",
                issue_date=date(2020, 1, 1) + timedelta(days=n % 10),
            )
            for n in range(100, 120)
        ]
        self.make_ua = make_ua
        monkeypatch.setattr(search, "WINDOW", WINDOW)
        self.sorted_sizes = []

        def whole_sort(name):
            original = getattr(Catalog, name)

            def sort(catalog, actual, result, rs, *args, **kw):
                self.sorted_sizes.append(len(rs))
                return original(catalog, actual, result, rs, *args, **kw)

            monkeypatch.setattr(Catalog, name, sort)

        whole_sort("_sort_iterate_resultset")
        whole_sort("_sort_iterate_index")

    def numbers(self, results):
        return [results[index].ua_number for index in range(len(results))]

    def expected(self, expired=()):
        closed = self.closed + list(expired)
        closed.sort(key=lambda ua: (ua.issue_date, ua.ua_number), reverse=True)
        opened = sorted(self.open, key=lambda ua: ua.issue_date, reverse=True)
        return [ua.ua_number for ua in opened + closed]

    def test_open_first_then_closed_newest_first(self):
        assert self.numbers(find_urgent_actions(self.portal)) == self.expected()

    def test_a_closing_date_passed_before_the_daily_job_counts_as_closed(self):
        expired = self.make_expired()
        assert self.numbers(find_urgent_actions(self.portal)) == self.expected(
            [expired]
        )

    @pytest.mark.parametrize("expired", [False, True])
    def test_a_page_never_sorts_every_case(self, expired):
        """A first and a deep page never sort the whole result in Python,
        as the catalog did for two sort indexes; a case whose closing date
        passed before the daily job closed it is merged in where it
        belongs."""
        few = []
        if expired:
            few.append(self.make_expired())
        expected = self.expected(few)
        results = find_urgent_actions(self.portal)
        count = len(results)
        read = [0, 1, count - 2, count - 1]
        assert [results[index].ua_number for index in read] == [
            expected[index] for index in read
        ]
        assert max(self.sorted_sizes, default=0) <= 4 * WINDOW

    @pytest.mark.parametrize("status", ["", "closed"])
    def test_every_window_in_order_without_sorting_the_group(self, monkeypatch, status):
        """Each window is read along the sort index from the nearer end of
        the order: the catalog never ranks the group's cases to find it (at
        10,000 cases its N-best sort read every closed case's key on the
        last page)."""
        ranked = []
        for name in ("_sort_nbest", "_sort_nbest_reverse"):
            original = getattr(Catalog, name)

            def rank(catalog, actual, result, rs, *args, _original=original, **kw):
                ranked.append(len(rs))
                return _original(catalog, actual, result, rs, *args, **kw)

            monkeypatch.setattr(Catalog, name, rank)
        results = find_urgent_actions(self.portal, status=status)
        expected = self.expected()[len(self.open) if status else 0 :]
        assert self.numbers(results) == expected
        assert list(reversed(self.numbers_backwards(results))) == expected
        assert ranked == []
        assert self.sorted_sizes == []

    def test_a_group_sparse_among_the_keys_is_sorted_by_the_catalog(self):
        """Where walking the index would pass many cases of other groups
        (a filter keeps 2 of 23), the catalog sorts the few results."""
        for ua in self.closed[:2]:
            ua.country = "IR"
            ua.reindexObject()
        results = find_urgent_actions(self.portal, country="IR")
        assert self.numbers(results) == sorted(
            [ua.ua_number for ua in self.closed[:2]],
            key=lambda number: self.expected().index(number),
        )
        assert self.sorted_sizes == [2]

    def test_one_search_per_state(self, monkeypatch):
        """A page searches the published cases once, for the open ones and
        those past their closing date alike, and the closed ones once: each
        search costs the section-wide indexes, however few cases it finds."""
        self.make_expired()
        queries = self.record_searches(monkeypatch)
        results = find_urgent_actions(self.portal)
        read = [results[index].ua_number for index in (0, len(results) - 1)]
        assert read == [self.expected()[0], self.expected()[-1]]
        assert sorted(query.get("review_state") for query in queries) == [
            "closed",
            "published",
        ]

    def make_expired(self):
        """A case whose closing date passed yesterday, not closed yet."""
        return self.make_ua(
            ua_number="050/20",
            issue_date=date(2020, 1, 6),
            closing_date=date.today() - timedelta(days=1),
        )

    def record_searches(self, monkeypatch):
        """The queries the catalog is asked from now on."""
        queries = []
        original = Catalog.search

        def search_(catalog, query, *args, **kw):
            queries.append(query)
            return original(catalog, query, *args, **kw)

        monkeypatch.setattr(Catalog, "search", search_)
        return queries

    def numbers_backwards(self, results):
        return [results[index].ua_number for index in range(-1, -len(results) - 1, -1)]

    def test_no_query_reads_every_closing_date_up_to_today(self, monkeypatch):
        """A case whose closing date passed before the daily job closed it
        is found among the published cases (the listing and the daily job
        itself), not by a range on ``ua_open_until`` up to today, which
        reads every closing date of the section's history (on 10,000 cases
        it made the first page of ``@urgent-actions`` 1.6 times slower)."""
        expired = self.make_expired()
        queries = self.record_searches(monkeypatch)
        results = find_urgent_actions(self.portal)
        assert self.numbers(results) == self.expected([expired])
        assert (
            self.numbers(find_urgent_actions(self.portal, status="closed"))
            == (self.expected([expired])[len(self.open) :])
        )
        assert close_expired(self.portal) == [expired]
        ranges = [query.get("ua_open_until") for query in queries]
        assert not [
            value
            for value in ranges
            if isinstance(value, dict) and "max" in value.get("range", "")
        ]

    def test_sort_key_is_in_the_catalog(self):
        catalog = plone.api.portal.get_tool("portal_catalog")
        brains = catalog(
            portal_type="UrgentAction",
            sort_on="ua_listing_order",
            sort_order="descending",
            sort_limit=1,
        )
        assert brains[0].ua_number == self.expected()[0]
