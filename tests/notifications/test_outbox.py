"""The outbox's processor: zope.sendmail's, retrying soon, and logging
counts and outcomes, never an address (the refused mail's log:
``test_updates.test_a_refused_mail_does_not_hold_up_the_others``)."""

from collective.urgentactions.notifications import outbox
from Products.MailHost.MailHost import queue_threads
from test_updates import wait_until

import os
import plone.api
import pytest
import socket
import transaction


@pytest.fixture
def anna_follows(add_member, new_ua, follow):
    """``anna_follows()``: a new action Anna (anna@example.org) follows."""

    def make():
        ua = new_ua()
        add_member("anna")
        follow("anna", ua)
        transaction.commit()
        return ua

    return make


def test_a_failed_delivery_is_tried_again_soon_without_naming_anyone(
    site, anna_follows, publish_update, smtp_factory, logs
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens: connections are refused
    plone.api.portal.set_registry_record("plone.smtp_port", port)
    ua = anna_follows()

    publish_update(ua, "Media reaction")
    transaction.commit()
    assert wait_until(lambda: "next try in" in logs())
    server = smtp_factory(port)
    received = server.inbox.wait_for(1, timeout=60)
    assert server.inbox.addresses(received) == ["anna@example.org"]
    assert wait_until(lambda: outbox.pending() == 0)
    assert "@example.org" not in logs()
    assert "anna" not in logs()


def test_plone_mails_queued_by_the_mailhost_go_through_the_outbox(
    site, smtp, anna_follows, publish_update, logs, tmp_path, monkeypatch
):
    """With the MailHost's queue on, its directory is the outbox, and a mail
    Plone itself queues (a password reset, say) is delivered by the outbox's
    processor, which logs no address, not by a stock one."""
    monkeypatch.delenv(outbox.ENVIRONMENT_KEY)
    mailhost = plone.api.portal.get_tool("MailHost")
    mailhost.smtp_queue = True
    mailhost.smtp_queue_directory = str(tmp_path / "mailhost-queue")
    ua = anna_follows()
    publish_update(ua, "Media reaction")
    transaction.commit()
    smtp.inbox.wait_for(1)
    assert outbox.queue_path(mailhost) == mailhost.smtp_queue_directory

    mailhost.send(
        "Subject: Password reset\n\nFollow the link to reset your password.",
        mto="ben@example.org",
        mfrom="urgent-actions@example.org",
    )
    transaction.commit()
    received = smtp.inbox.wait_for(2)
    assert smtp.inbox.addresses(received) == ["anna@example.org", "ben@example.org"]
    thread = queue_threads[os.path.realpath(mailhost.smtp_queue_directory)]
    assert isinstance(thread, outbox.OutboxProcessor)
    assert "@example.org" not in logs()
