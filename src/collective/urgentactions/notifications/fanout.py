"""Write the immediate mails after the publishing transaction, off the request.

Publishing an update only logs the event (``state``). When that transaction
has committed, a worker thread of the same process opens its own ZODB
connection, writes one mail per recipient into the outbox and marks the
event done, all in one transaction: each event is fanned out once, even
with several instances (the second one to finish conflicts, is retried and
finds nothing left to do), and a failed fan-out leaves the event pending
for the next wake-up or the cron command. So the editor waits neither for
SMTP nor for rendering a mail per follower.

One worker runs per process, database and site, started by the first commit
that needs it; it also looks for pending events every ``INTERVAL`` seconds.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from AccessControl.SpecialUsers import system
from collective.urgentactions.threads import site_request
from collective.urgentactions.threads import ThreadRegistry
from collective.urgentactions.transactions import once_per_transaction
from zope.component.hooks import setSite
from zope.globalrequest import clearRequest

import logging
import threading
import transaction


logger = logging.getLogger("collective.urgentactions.notifications")

INTERVAL = 300.0

_workers = ThreadRegistry()
_TO_WAKE = object()


class Worker(threading.Thread):
    """Runs ``job()`` in the site, as the system user, when woken."""

    def __init__(self, db, site_path, site_url, job):
        super().__init__(name=f"collective.urgentactions fan-out {site_url}")
        self.daemon = True
        self.db = db
        self.site_path = site_path
        self.site_url = site_url
        self.job = job
        self.stopped = False
        self.woken = threading.Event()

    def run(self):
        while not self.stopped:
            self.woken.wait(INTERVAL)
            self.woken.clear()
            if self.stopped:
                break
            try:
                self.work()
            except Exception:
                logger.exception("Writing the immediate mails failed; will retry.")

    def work(self):
        connection = self.db.open()
        try:
            site_request(
                connection.root()["Application"], self.site_path, self.site_url
            )
            newSecurityManager(None, system)
            for attempt in transaction.manager.attempts(3):
                with attempt:
                    self.job()
        finally:
            transaction.abort()
            noSecurityManager()
            setSite(None)
            clearRequest()
            connection.close()

    def wake(self):
        self.woken.set()

    def stop(self):
        self.stopped = True
        self.woken.set()


def wake_after_commit(site, job):
    """Run ``job`` in a worker once the current transaction has committed."""
    once_per_transaction(
        _TO_WAKE,
        lambda: (site._p_jar.db(), site.getPhysicalPath(), site.absolute_url(), job),
        _wake,
    )


def _wake(committed, target):
    if committed:
        worker(*target).wake()


def worker(db, site_path, site_url, job):
    return _workers.running(
        (id(db), site_path),
        lambda: Worker(db, site_path, site_url, job),
        fits=lambda thread: thread.db is db,
    )


def stop_workers():
    """Stop every worker of this process (tests, shutdown)."""
    _workers.stop_all(timeout=60)
