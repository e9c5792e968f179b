"""Publishing an update mails the action's followers, through a real SMTP
server, once, in each member's language."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import dispatch
from collective.urgentactions.notifications import outbox
from collective.urgentactions.notifications import preferences

import plone.api
import re
import socket
import time
import transaction


OUTBOX_COUNTS = re.compile(
    r"Outbox: (\d+) mail\(s\) sent, (\d+) refused for good, (\d+) failed"
)


def wait_until(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_followers_only_once_per_update(
    site, smtp, add_member, new_ua, follow, publish_update
):
    ua = new_ua()
    other_ua = new_ua(ua_number="066/20", title="Lawyer arrested")
    for userid in ("anna", "ben", "carla"):
        add_member(userid)
    follow("anna", ua)
    follow("ben", ua)
    follow("carla", other_ua)
    transaction.commit()

    update = publish_update(ua, "Media reaction")
    transaction.commit()

    received = smtp.inbox.wait_for(2)
    assert smtp.inbox.addresses(received) == ["anna@example.org", "ben@example.org"]
    message = smtp.inbox.to("anna@example.org")[0]
    assert message["Subject"] == "Update on UA 065/20: Media reaction"
    assert message.get_content_type() == "multipart/alternative"
    text = smtp.inbox.body(message, "plain")
    html = smtp.inbox.body(message, "html")
    assert "Media reaction" in text and "He was moved." in text
    assert "23 June 2020" in text
    assert ua.absolute_url() in text
    assert "<p>He was moved.</p>" in html
    assert f'href="{ua.absolute_url()}"' in html
    assert message["List-Unsubscribe"].startswith(
        f"<{site.absolute_url()}/@@urgentactions-unsubscribe?token="
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Editing, retracting and publishing again mail nobody.
    with plone.api.env.adopt_roles(["Manager"]):
        update.title = "Media reaction (corrected)"
        update.reindexObject()
        plone.api.content.transition(update, transition="retract")
        plone.api.content.transition(update, transition="publish")
    transaction.commit()
    assert len(smtp.inbox.settle()) == 2

    # A second update is mailed again.
    publish_update(ua, "Released on bail")
    transaction.commit()
    assert len(smtp.inbox.wait_for(4)) == 4


def test_each_member_in_their_language(
    site, smtp, add_member, new_ua, follow, publish_update
):
    ua = new_ua()
    add_member("dora", "de")
    add_member("emile", "fr")
    add_member("fabia", "it")
    add_member("gus", "de")
    # The language chosen in the notification settings beats the profile's.
    preferences.save(storage.member_records().get("gus"), {"language": "en"})
    for userid in ("dora", "emile", "fabia", "gus"):
        follow(userid, ua)
    transaction.commit()

    publish_update(ua, "Media reaction")
    transaction.commit()
    smtp.inbox.wait_for(4)

    subjects = {
        address: smtp.inbox.to(address)[0]["Subject"]
        for address in (
            "dora@example.org",
            "emile@example.org",
            "fabia@example.org",
            "gus@example.org",
        )
    }
    assert subjects == {
        "dora@example.org": "Neues zu UA 065/20: Media reaction",
        "emile@example.org": "Mise à jour de UA 065/20 : Media reaction",
        "fabia@example.org": "Aggiornamento su UA 065/20: Media reaction",
        "gus@example.org": "Update on UA 065/20: Media reaction",
    }
    german = smtp.inbox.to("dora@example.org")[0]
    assert german["Content-Language"] == "de"
    text = smtp.inbox.body(german, "plain")
    assert "23. Juni 2020" in text
    assert "Diese Urgent Action nicht mehr verfolgen" in text


def test_publishing_does_not_wait_for_a_dead_smtp_server(
    site, add_member, new_ua, follow, publish_update, smtp_factory
):
    """A server that accepts connections but never answers: publishing
    commits at once, the mail waits in the outbox, and arrives once a
    working server listens on that port."""
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(1)
    port = hanging.getsockname()[1]
    plone.api.portal.set_registry_record("plone.smtp_port", port)
    ua = new_ua()
    add_member("anna")
    follow("anna", ua)
    transaction.commit()

    started = time.monotonic()
    publish_update(ua, "Media reaction")
    transaction.commit()
    assert time.monotonic() - started < 2
    assert wait_until(lambda: outbox.pending() == 1)

    time.sleep(1)  # the outbox is trying (and waiting for a greeting)
    hanging.close()
    server = smtp_factory(port)
    received = server.inbox.wait_for(1, timeout=60)
    assert server.inbox.addresses(received) == ["anna@example.org"]
    assert wait_until(lambda: outbox.pending() == 0)


def test_a_refused_mail_does_not_hold_up_the_others(
    site, smtp, add_member, new_ua, follow, publish_update, logs
):
    ua = new_ua()
    for userid in ("anna", "bounce", "carl"):
        add_member(userid)
        follow(userid, ua)
    transaction.commit()
    smtp.inbox.refused.add("bounce@example.org")

    publish_update(ua, "Media reaction")
    transaction.commit()
    received = smtp.inbox.wait_for(2)
    assert smtp.inbox.addresses(received) == ["anna@example.org", "carl@example.org"]
    assert wait_until(lambda: outbox.pending() == 0)
    assert len(smtp.inbox.settle(4)) == 2
    assert smtp.inbox.refusals == 1  # not tried again
    # The log counts the outcomes and names nobody.
    counts = [tuple(map(int, found)) for found in OUTBOX_COUNTS.findall(logs())]
    assert [sum(column) for column in zip(*counts, strict=True)] == [2, 1, 0]
    assert "@example.org" not in logs()
    for userid in ("anna", "bounce", "carl"):
        assert userid not in logs()


def test_without_a_sender_address_the_log_names_nobody(
    site, smtp, add_member, new_ua, follow, publish_update, logs
):
    ua = new_ua()
    add_member("anna")
    follow("anna", ua)
    plone.api.portal.set_registry_record("plone.email_from_address", "")
    transaction.commit()

    publish_update(ua, "Media reaction")
    transaction.commit()
    dispatch.fan_out(site.absolute_url())  # as the hourly cron command does
    transaction.commit()

    assert "No sender address in the mail settings" in logs()
    assert smtp.inbox.settle() == []
    assert "anna" not in logs().lower()
