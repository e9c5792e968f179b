"""Syncs run in a background thread, never in a page request.

"Sync now" in the control panel and the cron command (``make
sync-sources``, ``@@urgentactions-maintenance?task=sync-sources``) only ask
for a sync: once their transaction has committed, the process's sync thread
for that site (one per database and site, started on first use) opens its
own database connection and syncs the sources one after the other, as the
system user (``sync.sync_source``). A source asked for twice while waiting
is synced once.
"""

from collective.urgentactions.syndication.sync import sync_source
from collective.urgentactions.threads import site_request
from zope.component.hooks import setSite
from zope.globalrequest import clearRequest

import logging
import threading
import transaction


logger = logging.getLogger("collective.urgentactions.syndication")

_workers = {}
_workers_lock = threading.Lock()


class SyncWorker(threading.Thread):
    def __init__(self, db, site_path, site_url):
        super().__init__(name=f"collective.urgentactions sync {site_url}")
        self.daemon = True
        self.db = db
        self.site_path = site_path
        self.site_url = site_url
        self.wanted = []
        self.lock = threading.Lock()
        self.woken = threading.Event()
        self.idle = threading.Event()
        self.idle.set()
        self.stopped = False

    def ask(self, source_ids):
        with self.lock:
            self.wanted.extend(i for i in source_ids if i not in self.wanted)
            self.idle.clear()
        self.woken.set()

    def run(self):
        while not self.stopped:
            self.woken.wait()
            self.woken.clear()
            while not self.stopped:
                with self.lock:
                    if not self.wanted:
                        self.idle.set()
                        break
                    source_id = self.wanted.pop(0)
                self.sync(source_id)

    def sync(self, source_id):
        connection = self.db.open()
        try:
            site_request(
                connection.root()["Application"], self.site_path, self.site_url
            )
            sync_source(source_id)
        except Exception:
            logger.exception("The sync of source %s failed.", source_id)
        finally:
            transaction.abort()
            setSite(None)
            clearRequest()
            connection.close()

    def stop(self):
        self.stopped = True
        self.woken.set()


def worker_for(db, site_path, site_url):
    key = (id(db), tuple(site_path))
    with _workers_lock:
        thread = _workers.get(key)
        if thread is None or not thread.is_alive() or thread.db is not db:
            thread = _workers[key] = SyncWorker(db, site_path, site_url)
            thread.start()
        return thread


def sync_after_commit(site, source_ids):
    """Have the sources synced in the background once this transaction
    has committed."""
    transaction.get().addAfterCommitHook(
        _wake,
        (site._p_jar.db(), site.getPhysicalPath(), site.absolute_url(), source_ids),
    )


def _wake(committed, db, site_path, site_url, source_ids):
    if committed and source_ids:
        worker_for(db, site_path, site_url).ask(list(source_ids))


def wait_for_workers(timeout=60):
    """Wait until every sync asked for has run (tests, shutdown)."""
    with _workers_lock:
        threads = list(_workers.values())
    return all(thread.idle.wait(timeout) for thread in threads)


def stop_workers():
    with _workers_lock:
        threads = list(_workers.values())
        _workers.clear()
    for thread in threads:
        thread.stop()
        thread.join(timeout=60)
