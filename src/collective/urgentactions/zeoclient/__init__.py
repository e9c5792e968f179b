"""A ZEO client storage that never uses an oid handed out before a reconnection.

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
server, so every new oid comes from the server it is connected to. Use it in
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

import ZEO.ClientStorage
import ZEO.zconfig


class FreshOidsClientStorage(ZEO.ClientStorage.ClientStorage):
    """``ClientStorage`` whose prefetched oids end with their connection."""

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
