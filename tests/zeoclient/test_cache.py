"""A ZEO client cache keeps the old revisions of an object that another client
changed; an instance loads such an object (a letter counter the other
instance's presses changed) on nearly every press. ZEO's cache lists every
old revision it keeps on each of those loads; ``RevisionIndexCache`` finds
the one it needs, with the same answers."""

from BTrees.LLBTree import LLBucket
from collective.urgentactions.zeoclient import RevisionIndexCache
from ZEO.cache import ClientCache
from ZODB.utils import p64
from ZODB.utils import u64

import pytest


OID = p64(42)
OTHER = p64(43)
REVISIONS = 300  # old revisions; the current one starts at tid 2 * REVISIONS + 1


def fill(cache):
    """OID written at tids 1, 3, 5, ...: old revisions [1, 3), [3, 5), ...
    and the current one; OTHER has only a current revision."""
    for number in range(REVISIONS):
        start = 2 * number + 1
        cache.store(OID, p64(start), p64(start + 2), b"state %d" % start)
    cache.store(OID, p64(2 * REVISIONS + 1), None, b"current")
    cache.store(OTHER, p64(7), None, b"other")
    cache.setLastTid(p64(2 * REVISIONS + 1))
    return cache


class CountingBucket(LLBucket):
    """A revision index that remembers how many entries were listed."""

    listed = 0

    def items(self, *args):
        items = super().items(*args)
        self.listed += len(items)
        return items


def count_listed(cache, before_tids):
    index = cache.noncurrent[u64(OID)]
    counting = cache.noncurrent[u64(OID)] = CountingBucket(index)
    for before in before_tids:
        cache.loadBefore(OID, p64(before))
    return counting.listed


class TestRevisionIndexCache:
    @pytest.fixture(autouse=True)
    def _caches(self):
        self.zeo = fill(ClientCache(None, 10_000_000))
        self.fast = fill(RevisionIndexCache(None, 10_000_000))
        yield
        self.zeo.close()
        self.fast.close()

    def test_every_load_before_a_transaction_answers_as_zeos_cache(self):
        # Before the first revision, inside each, on each boundary, and
        # after the current one starts.
        for before in range(1, 2 * REVISIONS + 4):
            assert self.fast.loadBefore(OID, p64(before)) == self.zeo.loadBefore(
                OID, p64(before)
            ), before
        assert self.fast.loadBefore(OID, p64(10)) == (b"state 9", p64(9), p64(11))
        assert self.fast.loadBefore(OID, p64(1)) is None
        assert self.fast.loadBefore(OTHER, p64(9)) == (b"other", p64(7), None)
        assert self.fast.loadBefore(p64(44), p64(9)) is None

    def test_the_cache_keeps_every_revision_it_had(self):
        self.fast.loadBefore(OID, p64(100))

        assert len(self.fast.noncurrent[u64(OID)]) == REVISIONS
        assert self.fast.loadBefore(OID, p64(4)) == (b"state 3", p64(3), p64(5))

    def test_a_load_lists_no_revision(self):
        assert count_listed(self.fast, [2 * REVISIONS, 2 * REVISIONS + 5, 50]) == 0

    def test_zeos_cache_lists_every_old_revision_on_each_load(self):
        """What the add-on's cache avoids (when ZEO fixes it, this fails and
        the subclass can go): a load of the newest state lists all 300."""
        assert count_listed(self.zeo, [2 * REVISIONS]) == REVISIONS

    def test_a_revision_another_client_replaced_is_found(self):
        """Another client's commit at tid 603 makes the current state old."""
        self.fast.invalidate(OID, p64(2 * REVISIONS + 3))

        assert self.fast.loadBefore(OID, p64(2 * REVISIONS + 3)) == (
            b"current",
            p64(2 * REVISIONS + 1),
            p64(2 * REVISIONS + 3),
        )
        assert self.fast.loadBefore(OID, p64(2 * REVISIONS + 9)) is None
        assert count_listed(self.fast, [2 * REVISIONS + 3]) == 0


def test_a_persistent_cache_file_is_reopened_with_its_revisions(tmp_path):
    path = str(tmp_path / "instance1.zec")
    cache = fill(RevisionIndexCache(path, 10_000_000))
    cache.close()

    reopened = RevisionIndexCache(path, 10_000_000)
    try:
        assert reopened.loadBefore(OID, p64(8)) == (b"state 7", p64(7), p64(9))
        assert count_listed(reopened, [2 * REVISIONS]) == 0
    finally:
        reopened.close()
