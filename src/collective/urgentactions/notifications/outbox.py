"""The outbox: a maildir queue, so that no request ever waits for SMTP.

Enqueueing uses zope.sendmail's ``QueuedMailDelivery``: the message is
written to the maildir's ``tmp/`` during the transaction and moved to
``new/`` when the transaction commits (an aborted or retried transaction
leaves nothing behind). Publishing therefore only writes files.

Delivery uses the SMTP settings of Plone's MailHost (the mail control panel)
through :class:`OutboxProcessor`, zope.sendmail's queue processor with two
changes:

* after a failed attempt (server down, timeout, 4xx) the message is retried
  on the next pass, backing off from ``RETRY_INTERVAL`` to ``MAX_DELAY``
  seconds; the stock processor keeps its ``.sending-`` lock link and does not
  retry for three hours;
* a commit that enqueued mail wakes it at once.

One processor thread runs per process and queue directory, started by the
first commit that enqueues; the ``send-digests`` cron command also delivers
the queue in one pass, which picks up what was left when a process stopped.
Several processes may work on one directory: zope.sendmail's lock links make
sure each message is sent once.

The queue directory is, in this order: the environment variable
``COLLECTIVE_URGENTACTIONS_MAIL_QUEUE``, ``mail-queue`` in the zope.conf
section ``<product-config collective.urgentactions>``, or ``mailqueue`` in
the instance's ``clienthome`` (``var/``).
"""

from App.config import getConfiguration
from zope.sendmail.delivery import QueuedMailDelivery
from zope.sendmail.queue import QueueProcessorThread

import atexit
import logging
import os
import threading
import transaction


logger = logging.getLogger("collective.urgentactions.notifications")

ENVIRONMENT_KEY = "COLLECTIVE_URGENTACTIONS_MAIL_QUEUE"
RETRY_INTERVAL = 3.0
MAX_DELAY = 300.0

_processors = {}
_TO_WAKE = object()
_processors_lock = threading.Lock()


def queue_path():
    """The maildir directory of the outbox (see the module docstring)."""
    path = os.environ.get(ENVIRONMENT_KEY)
    if not path:
        config = getConfiguration()
        product_config = getattr(config, "product_config", None) or {}
        path = (product_config.get("collective.urgentactions") or {}).get("mail-queue")
    if not path:
        path = os.path.join(getConfiguration().clienthome, "mailqueue")
    return os.path.abspath(path)


def make_mailer(mailhost):
    """An SMTP mailer with the MailHost's (the mail control panel's) settings."""
    return mailhost._makeMailer()


def enqueue(mailhost, sender, recipient, message):
    """Put a message (bytes) for one recipient into the outbox, as part of the
    current transaction; the processor is woken after the commit."""
    path = queue_path()
    QueuedMailDelivery(path).send(sender, [recipient], message)
    txn = transaction.get()
    try:
        queues = txn.data(_TO_WAKE)
    except KeyError:
        queues = {}
        txn.set_data(_TO_WAKE, queues)
        txn.addAfterCommitHook(_wake_after_commit, (queues,))
    if path not in queues:
        queues[path] = make_mailer(mailhost)


def _wake_after_commit(committed, queues):
    if committed:
        for path, mailer in queues.items():
            processor(path, mailer).wake()


def pending(path=None):
    """How many messages wait in the outbox. Counts names only: Maildir's
    own iteration looks at each file's time and fails when a processor
    delivers (removes) that file meanwhile."""
    path = path or queue_path()
    count = 0
    for subdir in ("new", "cur"):
        try:
            names = os.listdir(os.path.join(path, subdir))
        except FileNotFoundError:
            continue
        count += sum(1 for name in names if not name.startswith("."))
    return count


class _ReportingMailer:
    """Wraps the mailer to tell the processor that an attempt failed."""

    def __init__(self, mailer, processor):
        self.mailer = mailer
        self.processor = processor

    def send(self, fromaddr, toaddrs, message):
        try:
            self.mailer.send(fromaddr, toaddrs, message)
        except Exception:
            self.processor.failed = True
            raise


class OutboxProcessor(QueueProcessorThread):
    """zope.sendmail's queue processor, retrying failed messages soon."""

    def __init__(self, path, mailer):
        super().__init__(interval=RETRY_INTERVAL)
        self.name = f"collective.urgentactions outbox {path}"
        self.setQueuePath(path)
        self.setMailer(mailer)
        self.failed = False
        self._wake = threading.Event()

    def setMailer(self, mailer):
        self.mailer = _ReportingMailer(mailer, self)

    def _process_one_file(self, filename):
        self.failed = False
        super()._process_one_file(filename)
        # A message the server refused for good is gone (zope.sendmail keeps
        # a ``.rejected-`` link); one that failed otherwise is still there.
        self.failed = self.failed and os.path.exists(filename)
        if self.failed:
            # This pass made the lock link: release it for the next pass.
            head, tail = os.path.split(filename)
            self._unlink_if_exists(os.path.join(head, ".sending-" + tail))

    def deliver(self):
        """One pass over the queue; ``False`` when a delivery failed (the
        rest of the queue is then left for the next pass)."""
        try:
            filenames = list(self.maildir)
        except OSError:  # another process removed a message meanwhile
            return True
        for filename in filenames:
            if self._stopped:
                break
            self._process_one_file(filename)
            if self.failed:
                return False
        return True

    def run(self, forever=True):
        atexit.register(self.stop)
        delay = self.interval
        while not self._stopped:
            if self.deliver():
                delay = self.interval
            else:
                delay = min(delay * 2, MAX_DELAY)
                logger.warning("Mail delivery failed; next try in %.0f s.", delay)
            if not forever:
                break
            self._wake.wait(delay)
            self._wake.clear()

    def wake(self):
        self._wake.set()

    def stop(self):
        self._stopped = True
        self._wake.set()
        super().stop()


def processor(path, mailer):
    """The running processor thread for a queue directory (started when
    missing); it sends with ``mailer`` from now on."""
    with _processors_lock:
        thread = _processors.get(path)
        if thread is None or not thread.is_alive():
            thread = _processors[path] = OutboxProcessor(path, mailer)
            thread.start()
            logger.info("Outbox processor for %s started.", path)
        else:
            thread.setMailer(mailer)
        return thread


def stop_processors():
    """Stop every processor thread of this process (tests, shutdown)."""
    with _processors_lock:
        threads = list(_processors.values())
        _processors.clear()
    for thread in threads:
        thread.stop()
        thread.join(timeout=30)


def deliver_now(mailhost, path=None):
    """Deliver the outbox in one pass (for the cron command). Returns the
    number of messages still waiting."""
    path = path or queue_path()
    if not os.path.isdir(path):
        return 0
    OutboxProcessor(path, make_mailer(mailhost)).deliver()
    return pending(path)
