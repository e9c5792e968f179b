"""The outbox's processor: zope.sendmail's, retrying soon, and logging
counts and outcomes, never an address."""

from collective.urgentactions.notifications import outbox
from test_updates import wait_until

import logging
import plone.api
import pytest
import re
import socket
import transaction


COUNTS = re.compile(
    r"Outbox: (\d+) mail\(s\) sent, (\d+) refused for good, (\d+) failed"
)


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


def test_delivery_logs_name_no_address(
    site, smtp, add_member, new_ua, follow, publish_update, logs
):
    ua = new_ua()
    for userid in ("anna", "bounce"):
        add_member(userid)
        follow(userid, ua)
    transaction.commit()
    smtp.inbox.refused.add("bounce@example.org")

    publish_update(ua, "Media reaction")
    transaction.commit()
    smtp.inbox.wait_for(1)
    assert wait_until(lambda: outbox.pending() == 0)
    assert wait_until(lambda: "refused for good" in logs())

    text = logs()
    counts = [tuple(map(int, found)) for found in COUNTS.findall(text)]
    assert [sum(column) for column in zip(*counts, strict=True)] == [1, 1, 0]
    assert "@example.org" not in text
    assert "anna" not in text and "bounce" not in text
    assert smtp.inbox.addresses(smtp.inbox.received) == ["anna@example.org"]


def test_a_failed_delivery_is_tried_again_soon_without_naming_anyone(
    site, add_member, new_ua, follow, publish_update, smtp_factory, logs
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens: connections are refused
    plone.api.portal.set_registry_record("plone.smtp_port", port)
    ua = new_ua()
    add_member("anna")
    follow("anna", ua)
    transaction.commit()

    publish_update(ua, "Media reaction")
    transaction.commit()
    assert wait_until(lambda: "next try in" in logs())
    server = smtp_factory(port)
    received = server.inbox.wait_for(1, timeout=60)
    assert server.inbox.addresses(received) == ["anna@example.org"]
    assert wait_until(lambda: outbox.pending() == 0)
    assert "@example.org" not in logs()
    assert "anna" not in logs()
