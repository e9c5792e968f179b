"""A ZEO client storage that never uses an oid handed out before a reconnection,
and whose cache finds an old revision without listing every revision.

ZEO's ``ClientStorage`` asks the server for 100 new object ids at a time and
hands them out one by one. A FileStorage does not remember the oids it handed
out: when the ZEO server restarts (stopped cleanly or killed), it counts on
from the highest oid *stored*, so it hands out again the oids that clients
prefetched and have not used yet. ZEO 4 dropped a client's prefetched oids
whenever it connected; ZEO 5 and 6 keep them across a reconnection. After a
restart one client then adds a new object under an oid the server has since
given another client for a different one: the later commit fails with a
ConflictError, or with ``ValueError: A different object already has the same
oid`` where the client has loaded the other object (a 500 in Zope).
``tests/zeoclient/test_oids.py`` shows both against a real ZEO server.

This storage forgets its prefetched oids when it loses or regains its
server, so every new oid comes from the server it is connected to.

Its cache (:class:`RevisionIndexCache`) answers a load the way ZEO's does,
but finds the revision by a key search. ZEO's ``ClientCache.loadBefore``
first lists every old revision of the object it keeps (up to the
transaction), then takes the last: a letter counter that members pressed on
10,000 times has 10,000 old revisions in each instance's cache (they stay,
in the cache file, across restarts), and every press loads the counters
the other instance changed, so every press got slower with the case's
letters (``docs/benchmarks.md``, "Many members counting at once").
``tests/zeoclient/test_cache.py`` shows both.

Use it in
``zope.conf`` instead of ZEO's ``<clientstorage>``, with the same keys::

    %import collective.urgentactions.zeoclient
    <zodb_db main>
        <clientstorage-fresh-oids>
            server 127.0.0.1:8100
            ...
        </clientstorage-fresh-oids>
        mount-point /
    </zodb_db>
"""

from ZODB.utils import u64

import os
import ZEO.cache
import ZEO.ClientStorage
import ZEO.zconfig


# Below this many old revisions ZEO's list is cheaper than the key search
# (``python -m bench.zeo_cache``).
FEW_REVISIONS = 32


class RevisionIndexCache(ZEO.cache.ClientCache):
    """ZEO's client cache whose ``loadBefore`` costs the same however many
    old revisions of the object it keeps."""

    def loadBefore(self, oid, before_tid):
        # ``noncurrent`` is ZEO's (private) index: oid -> LLBucket of the
        # old revisions' start tid -> file offset. ZEO reads the last entry
        # of ``bucket.items(None, before - 1)``, a list of all of them; it
        # gets here a bucket holding only that entry, found by a key search,
        # and does the rest (reading the record, falling back to the
        # current revision) as it always does.
        with self._lock:
            key = u64(oid)
            revisions = self.noncurrent.get(key)
            if revisions is None or len(revisions) < FEW_REVISIONS:
                return super().loadBefore(oid, before_tid)
            self.noncurrent[key] = revision_before(revisions, u64(before_tid))
            try:
                return super().loadBefore(oid, before_tid)
            finally:
                self.noncurrent[key] = revisions


def revision_before(revisions, before):
    """A bucket with the one entry of ``revisions`` (start tid -> offset)
    that started last before the transaction ``before``, or none."""
    found = type(revisions)()
    try:
        start = revisions.maxKey(before - 1)
    except ValueError:
        return found
    found[start] = revisions[start]
    return found


class FreshOidsClientStorage(ZEO.ClientStorage.ClientStorage):
    """``ClientStorage`` whose prefetched oids end with their connection,
    with a :class:`RevisionIndexCache`."""

    def __init__(
        self,
        addr,
        storage="1",
        cache_size=20 * ZEO.ClientStorage.MB,
        *args,
        cache=None,
        client=None,
        var=None,
        **kwargs,
    ):
        if cache is None and client:
            # ZEO's rule for the cache file of a client without a path.
            cache = os.path.join(var or os.getcwd(), f"{client}-{storage}.zec")
        if cache is None or isinstance(cache, str):
            cache = RevisionIndexCache(cache, cache_size)
        super().__init__(
            addr,
            storage,
            cache_size,
            *args,
            cache=cache,
            client=client,
            var=var,
            **kwargs,
        )

    def _forget_prefetched_oids(self):
        # ``_oids`` is ZEO's (private) list of prefetched oids, which
        # ``new_oid`` pops; ZEO has no public way to drop them.
        # tests/zeoclient/test_oids.py fails if ZEO renames or replaces it.
        del self._oids[:]

    def notify_disconnected(self):
        # While disconnected, ``new_oid`` asks the server and fails rather
        # than handing out an oid the restarted server may give again.
        self._forget_prefetched_oids()
        super().notify_disconnected()

    def notify_connected(self, conn, info):
        # A batch fetched just before the connection dropped may have been
        # added after ``notify_disconnected``.
        self._forget_prefetched_oids()
        super().notify_connected(conn, info)


class FreshOidsClientStorageConfig(ZEO.zconfig.ClientStorageConfig):
    """The ``<clientstorage-fresh-oids>`` section: ZEO's ``<clientstorage>``
    keys, opening a ``FreshOidsClientStorage``."""

    def open(self):
        config = self.config
        options = {
            name: getattr(config, name)
            for name in ("blob_cache_size", "blob_cache_size_check", "client_label")
            if getattr(config, name) is not None
        }
        if config.ssl:
            options["ssl"], options["ssl_server_hostname"] = config.ssl
        return FreshOidsClientStorage(
            [server.address for server in config.server],
            blob_dir=config.blob_dir,
            shared_blob_dir=config.shared_blob_dir,
            storage=config.storage,
            cache_size=config.cache_size,
            cache=config.cache_path,
            name=config.name,
            read_only=config.read_only,
            read_only_fallback=config.read_only_fallback,
            server_sync=config.server_sync,
            wait_timeout=config.wait_timeout,
            **options,
        )
