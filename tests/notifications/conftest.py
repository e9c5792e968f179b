"""A real SMTP server (aiosmtpd) on a free local port, the site's mail
settings pointing to it, an outbox per test, and members with addresses and
languages."""

from aiosmtpd.controller import Controller
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.rules import set_following
from collective.urgentactions.notifications import fanout
from collective.urgentactions.notifications import outbox
from collective.urgentactions.notifications import preferences
from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import create_update
from datetime import date
from email import message_from_bytes
from email import policy
from plone.app.testing import login
from plone.app.testing import logout
from urllib.parse import urlsplit
from zope.globalrequest import setRequest

import logging
import plone.api
import pytest
import socket
import threading
import time
import transaction


SENDER = "urgent-actions@example.org"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received: ``(recipients, message)`` pairs."""

    def __init__(self):
        self.received = []
        self.refused = set()  # addresses whose mail is refused for good
        self.refusals = 0
        self.changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        if self.refused & set(envelope.rcpt_tos):
            self.refusals += 1
            return "550 5.1.1 Mailbox unavailable"
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.changed:
            self.received.append((list(envelope.rcpt_tos), message))
            self.changed.notify_all()
        return "250 Message accepted"

    def wait_for(self, count, timeout=30):
        """The messages, once at least ``count`` have arrived."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{len(self.received)} of {count} mails arrived in {timeout} s"
                    )
                self.changed.wait(left)
            return list(self.received)

    def settle(self, seconds=1.5):
        """The messages, after waiting for stragglers (to prove absence)."""
        time.sleep(seconds)
        with self.changed:
            return list(self.received)

    def to(self, address):
        return [message for rcpts, message in self.received if address in rcpts]

    @staticmethod
    def addresses(received):
        return sorted(address for rcpts, _message in received for address in rcpts)

    @staticmethod
    def body(message, subtype="plain"):
        content = message.get_body(preferencelist=(subtype,)).get_content()
        return content.replace("\r\n", "\n")


class SMTPServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def logs(caplog):
    """Every record the site's loggers write during the test, as text (not
    the test's SMTP server's: aiosmtpd logs the conversation as ``mail.log``)."""
    caplog.set_level(logging.DEBUG)

    def text():
        return "\n".join(
            f"{record.name} {record.getMessage()} {record.exc_text or ''}"
            for record in caplog.records
            if not record.name.startswith("mail.log")
        )

    return text


@pytest.fixture
def smtp_factory():
    """Start SMTP servers (on a given port, or a free one)."""
    servers = []

    def start(port=None):
        server = SMTPServer(port)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def smtp(smtp_factory):
    return smtp_factory()


@pytest.fixture
def queue_dir(tmp_path, monkeypatch):
    path = tmp_path / "mailqueue"
    monkeypatch.setenv(outbox.ENVIRONMENT_KEY, str(path))
    yield path
    fanout.stop_workers()
    outbox.stop_processors()


def configure_mail(port):
    plone.api.portal.set_registry_record("plone.smtp_host", "127.0.0.1")
    plone.api.portal.set_registry_record("plone.smtp_port", port)
    plone.api.portal.set_registry_record("plone.email_from_address", SENDER)
    plone.api.portal.set_registry_record("plone.email_from_name", "Urgent Actions")


@pytest.fixture
def site(functional_portal, functional_http_request, smtp, queue_dir):
    """The functional site, sending through the test's SMTP server. The
    editors' actions in these tests run in the test's request, which stands
    for an HTTP request to the test server (a script's request has no
    ``Host`` and its events wait for the cron command)."""
    configure_mail(smtp.port)
    transaction.commit()
    host = urlsplit(functional_portal.absolute_url()).netloc
    functional_http_request.environ["HTTP_HOST"] = host
    yield functional_portal
    logout()


@pytest.fixture
def add_member(functional_portal):
    """``add_member("anna", "de", delivery="digest")``: a member with an
    address (``anna@example.org``), a language and preferences."""

    def factory(userid, language="en", **prefs):
        functional_portal.acl_users.userFolderAddUser(
            userid, "secret-password-1", ["Member"], []
        )
        plone.api.user.get(userid).setMemberProperties(
            {
                "email": f"{userid}@example.org",
                "language": language,
                "fullname": userid.capitalize(),
            }
        )
        if prefs:
            preferences.save(storage.member_records().ensure(userid), prefs)
        return userid

    return factory


@pytest.fixture
def follow(functional_portal):
    """Make a member follow an action (as that member would)."""

    def follow(userid, ua):
        login(functional_portal, userid)
        set_following(ua, True)
        logout()

    return follow


@pytest.fixture
def new_ua(functional_portal, functional_http_request):
    """Create an action and commit (which files it into ``YYYY/MM``); returns
    it at its final place."""

    def factory(state="published", **fields):
        setRequest(functional_http_request)  # the editor's (after a testbrowser's)
        uid = create_ua(functional_portal["urgent-actions"], state, **fields).UID()
        transaction.commit()
        return plone.api.content.get(UID=uid)

    return factory


@pytest.fixture
def publish_update(functional_http_request):
    """Add an update to an action and publish it; commit when asked."""

    def factory(ua, title="Latest news", text="<p>He was moved.</p>"):
        setRequest(functional_http_request)  # the editor's (after a testbrowser's)
        return create_update(ua, title, date(2020, 6, 23), text)

    return factory
