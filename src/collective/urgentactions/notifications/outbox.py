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
* a commit that enqueued mail wakes it at once;
* its log never names an address: zope.sendmail's own messages ("Mail from
  ... to ... sent.") are replaced by counts and outcomes.

One processor thread runs per process and queue directory, started by the
first commit that enqueues; the ``send-digests`` cron command also delivers
the queue in one pass, which picks up what was left when a process stopped.
Several processes may work on one directory: zope.sendmail's lock links make
sure each message is sent once.

The queue directory is, in this order: the environment variable
``COLLECTIVE_URGENTACTIONS_MAIL_QUEUE``, ``mail-queue`` in the zope.conf
section ``<product-config collective.urgentactions>``, the MailHost's own
queue directory when its queue is switched on (ZMI, MailHost, "Use mail
queue"), or ``mailqueue`` in the instance's ``clienthome`` (``var/``).

The processor of a directory is also the MailHost's queue thread for it
(``Products.MailHost.MailHost.queue_threads``): when the MailHost queues
Plone's own mails (password resets, registrations) in the same directory,
this processor delivers them too, so they also retry soon and log no
address, and the MailHost starts no stock processor beside it.
"""

from App.config import getConfiguration
from collective.urgentactions.threads import ThreadRegistry
from collective.urgentactions.transactions import once_per_transaction
from Products.MailHost.MailHost import MailBase
from Products.MailHost.MailHost import queue_threads
from zope.sendmail.delivery import QueuedMailDelivery
from zope.sendmail.queue import QueueProcessorThread

import atexit
import contextlib
import logging
import os
import smtplib
import sys
import threading


logger = logging.getLogger("collective.urgentactions.notifications")

ENVIRONMENT_KEY = "COLLECTIVE_URGENTACTIONS_MAIL_QUEUE"
RETRY_INTERVAL = 3.0
MAX_DELAY = 300.0

_processors = ThreadRegistry()
_TO_WAKE = object()


def queue_path(mailhost=None):
    """The maildir directory of the outbox (see the module docstring)."""
    path = os.environ.get(ENVIRONMENT_KEY)
    if not path:
        config = getConfiguration()
        product_config = getattr(config, "product_config", None) or {}
        path = (product_config.get("collective.urgentactions") or {}).get("mail-queue")
    if not path and mailhost is not None and getattr(mailhost, "smtp_queue", False):
        path = mailhost.smtp_queue_directory
    if not path:
        path = os.path.join(getConfiguration().clienthome, "mailqueue")
    return os.path.abspath(path)


def make_mailer(mailhost):
    """An SMTP mailer with the MailHost's (the mail control panel's) settings."""
    return mailhost._makeMailer()


def enqueue(mailhost, sender, recipient, message):
    """Put a message (bytes) for one recipient into the outbox, as part of the
    current transaction; the processor is woken after the commit."""
    path = queue_path(mailhost)
    QueuedMailDelivery(path).send(sender, [recipient], message)
    queues = once_per_transaction(_TO_WAKE, dict, _wake_after_commit)
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


SENT = "sent"
REFUSED = "refused"  # for good: the server answered 5xx or refused every recipient
FAILED = "failed"  # server down, timeout, 4xx: tried again soon


def outcome_of(error):
    """What zope.sendmail's processor does after ``mailer.send`` raised."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return REFUSED
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500:
        return REFUSED
    return FAILED


class _ReportingMailer:
    """Wraps the mailer to tell the processor how each attempt ended."""

    def __init__(self, mailer, processor):
        self.mailer = mailer
        self.processor = processor

    def send(self, fromaddr, toaddrs, message):
        try:
            self.mailer.send(fromaddr, toaddrs, message)
        except Exception as error:
            self.processor.outcome = outcome_of(error)
            raise
        self.processor.outcome = SENT


class _AddressFreeLog:
    """Stands in for zope.sendmail's ``QueueProcessorThread.log``, whose
    messages name the sender and every recipient ("Mail from ... to ...
    sent."), and whose tracebacks may quote the server naming them. The
    processor logs counts and outcomes instead; an error outside the
    mailer is logged by its type only."""

    def __init__(self, processor):
        self.processor = processor

    def info(self, *args, **kwargs):
        pass

    def error(self, *args, **kwargs):
        pass

    def exception(self, *args, **kwargs):
        if self.processor.outcome is None:
            logger.error(
                "A queued mail could not be processed (%s).",
                type(sys.exc_info()[1]).__name__,
            )


class OutboxProcessor(QueueProcessorThread):
    """zope.sendmail's queue processor, retrying failed messages soon.

    The stock processor keeps the ``.sending-`` lock link of a message whose
    delivery failed and does not try it again for three hours; this one
    releases the link and tries again on its next pass, backing off from
    ``RETRY_INTERVAL`` to ``MAX_DELAY`` seconds. It logs how many mails a
    pass sent, refused or left waiting, never an address."""

    def __init__(self, path, mailer):
        super().__init__(interval=RETRY_INTERVAL)
        self.name = f"collective.urgentactions outbox {path}"
        self.log = _AddressFreeLog(self)
        self.setQueuePath(path)
        self.setMailer(mailer)
        self.outcome = None
        self.stopping = False
        self.woken = threading.Event()

    def setMailer(self, mailer):
        self.mailer = _ReportingMailer(mailer, self)

    def deliver(self):
        """One pass over the queue; ``False`` when a delivery failed (the
        rest of the queue is then left for the next pass)."""
        try:
            filenames = list(self.maildir)
        except OSError:  # another process removed a message meanwhile
            return True
        counts = dict.fromkeys((SENT, REFUSED, FAILED), 0)
        for filename in filenames:
            if self.stopping:
                break
            self.outcome = None
            self._process_one_file(filename)
            if self.outcome is not None:
                counts[self.outcome] += 1
            if self.outcome == FAILED:
                head, tail = os.path.split(filename)
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(head, ".sending-" + tail))
                break
        if any(counts.values()):
            logger.info(
                "Outbox: %d mail(s) sent, %d refused for good, %d failed.",
                counts[SENT],
                counts[REFUSED],
                counts[FAILED],
            )
        return not counts[FAILED]

    def run(self, forever=True):
        atexit.register(self.stop)
        delay = self.interval
        while not self.stopping:
            if self.deliver():
                delay = self.interval
            else:
                delay = min(delay * 2, MAX_DELAY)
                logger.warning("Mail delivery failed; next try in %.0f s.", delay)
            if not forever:
                break
            self.woken.wait(delay)
            self.woken.clear()

    def wake(self):
        self.woken.set()

    def stop(self):
        self.stopping = True
        self.woken.set()
        super().stop()


def processor(path, mailer):
    """The running processor thread for a queue directory (started when
    missing); it sends with ``mailer`` from now on."""
    thread = _processors.running(path, lambda: _start_processor(path, mailer))
    thread.setMailer(mailer)
    _serve_mailhost_queue(path, thread)
    return thread


def _serve_mailhost_queue(path, thread):
    """Make ``thread`` the MailHost's queue thread for ``path``, stopping a
    stock processor the MailHost may have started there."""
    key = os.path.realpath(path)
    with MailBase.lock:
        running = queue_threads.get(key)
        if running is thread:
            return
        if running is not None:
            running.stop()
        queue_threads[key] = thread


def _start_processor(path, mailer):
    logger.info("Outbox processor for %s started.", path)
    return OutboxProcessor(path, mailer)


def stop_processors():
    """Stop every processor thread of this process (tests, shutdown)."""
    stopped = _processors.stop_all(timeout=30)
    with MailBase.lock:
        for key, thread in list(queue_threads.items()):
            if thread in stopped:
                del queue_threads[key]


def deliver_now(mailhost, path=None):
    """Deliver the outbox in one pass (for the cron command). Returns the
    number of messages still waiting."""
    path = path or queue_path(mailhost)
    if not os.path.isdir(path):
        return 0
    OutboxProcessor(path, make_mailer(mailhost)).deliver()
    return pending(path)
