"""The daily run: one digest per member, grouped by action; reminders only
to followers without a letter; the cron command's links."""

from collective.urgentactions.letters import storage
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.notifications import digests
from collective.urgentactions.notifications import preferences
from collective.urgentactions.scripts import send_digests
from datetime import date
from datetime import timedelta
from plone.app.testing import login
from plone.app.testing import logout
from zope.component.hooks import setSite
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import plone.api
import pytest
import transaction


def run_digests():
    """As the cron command does: retried when the fan-out of the latest
    event commits at the same moment."""
    for attempt in transaction.manager.attempts(3):
        with attempt:
            sent = digests.run(force=True)
    return sent


@pytest.fixture
def digest_reader(add_member, new_ua, follow):
    """``digest_reader("emma")``: a new case, followed by a member who takes
    the daily digest; returns the case."""

    def make(userid):
        ua = new_ua()
        add_member(userid, delivery="digest")
        follow(userid, ua)
        transaction.commit()
        return ua

    return make


def test_digest_groups_by_action(
    site, smtp, add_member, new_ua, follow, publish_update
):
    first = new_ua(title="Journalist detained")
    second = new_ua(ua_number="066/20", title="Lawyer arrested", state="closed")
    add_member("dora", "de", delivery="digest", countries=["TR"])
    add_member("ivan")  # immediate mail
    add_member("olga", delivery="digest")  # follows nothing
    for userid, ua in (("dora", first), ("dora", second), ("ivan", first)):
        follow(userid, ua)
    transaction.commit()

    publish_update(first, "Moved to another prison")
    publish_update(first, "Hunger strike")
    publish_update(second, "Trial postponed")
    with plone.api.env.adopt_roles(["Editor"]):
        second.outcome = "released"
        notify(ObjectModifiedEvent(second))
    transaction.commit()
    new_ua(ua_number="067/20", title="Students face trial", country="TR")

    # Ivan had his two mails at once; Dora waits for her digest.
    assert smtp.inbox.addresses(smtp.inbox.wait_for(2)) == ["ivan@example.org"] * 2
    assert smtp.inbox.addresses(smtp.inbox.settle()) == ["ivan@example.org"] * 2

    assert run_digests() == {"digests": 1, "reminders": 0}
    received = smtp.inbox.wait_for(3)
    assert smtp.inbox.addresses(received[2:]) == ["dora@example.org"]
    digest = received[2][1]
    assert digest["Subject"] == "Ihre Urgent-Actions-Zusammenfassung"
    text = smtp.inbox.body(digest)
    order = [
        "Journalist detained\n===",
        "Hunger strike",  # newest update first
        "Moved to another prison",
        "Lawyer arrested\n===",
        "Freigelassen",  # the outcome
        "Trial postponed",
        "Neue Urgent Actions",
        "Students face trial",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert text.count("Hunger strike") == 1
    assert "Keine E-Mails mehr zu Urgent Actions" in text  # unsubscribe all
    assert digest["List-Unsubscribe"]

    # Nothing new: no second digest.
    assert run_digests() == {"digests": 0, "reminders": 0}
    assert len(smtp.inbox.settle()) == 3


def test_switching_delivery_mails_each_update_once(
    site, smtp, digest_reader, publish_update
):
    ua = digest_reader("emma")
    publish_update(ua, "Before the switch")
    transaction.commit()
    preferences.save(storage.member_records().get("emma"), {"delivery": "immediate"})
    transaction.commit()
    publish_update(ua, "After the switch")
    transaction.commit()
    immediate = smtp.inbox.wait_for(1)[0][1]
    assert immediate["Subject"] == "Update on UA 065/20: After the switch"

    assert run_digests()["digests"] == 1
    digest = smtp.inbox.wait_for(2)[1][1]
    text = smtp.inbox.body(digest)
    assert "Before the switch" in text
    assert "After the switch" not in text


def test_reminders_only_for_followers_without_a_letter(
    site, smtp, add_member, new_ua, follow
):
    closing = date.today() + timedelta(days=2)
    ua = new_ua(closing_date=closing, issue_date=date.today())
    later = new_ua(
        ua_number="066/20",
        title="Closes later",
        closing_date=date.today() + timedelta(days=20),
        issue_date=date.today(),
    )
    add_member("fred", reminder_days=3)
    add_member("gina", reminder_days=3)  # counts a letter
    add_member("hugo", reminder_days=1)  # too early for him
    add_member("iris", reminder_days=3, delivery="digest")
    add_member("jan")  # no reminders
    for userid in ("fred", "gina", "hugo", "iris", "jan"):
        follow(userid, ua)
        follow(userid, later)
    login(site, "gina")
    count_letters(ua)
    logout()
    transaction.commit()

    assert run_digests() == {"digests": 1, "reminders": 1}
    received = smtp.inbox.wait_for(2)
    assert smtp.inbox.addresses(received) == ["fred@example.org", "iris@example.org"]
    reminder = smtp.inbox.to("fred@example.org")[0]
    assert reminder["Subject"] == "Urgent Actions closing soon"
    text = smtp.inbox.body(reminder)
    assert "Journalist detained for reporting on protests" in text
    assert "Closes later" not in text
    last_day = closing - timedelta(days=1)
    assert f"Open for letters until {last_day.day} {last_day:%B %Y}" in text
    digest = smtp.inbox.to("iris@example.org")[0]
    assert "Closing soon — still waiting for your letter" in smtp.inbox.body(digest)

    # Each reminder goes out once.
    assert run_digests() == {"digests": 0, "reminders": 0}
    assert len(smtp.inbox.settle()) == 2


def test_cron_command_links_to_the_public_address(
    functional_app, site, smtp, digest_reader, publish_update, capsys
):
    ua = digest_reader("kim")
    publish_update(ua, "Media reaction")
    transaction.commit()

    send_digests.main(functional_app, "plone", "https://www.example.org")
    setSite(site)

    assert "1 digest(s), 0 reminder(s) queued." in capsys.readouterr().out
    send_digests.main(functional_app, "plone", "https://www.example.org")
    setSite(site)
    assert "Digests and reminders: not due" in capsys.readouterr().out
    digest = smtp.inbox.wait_for(1)[0][1]
    text = smtp.inbox.body(digest)
    assert "https://www.example.org/urgent-actions/2020/04/journalist-detained" in text
    assert digest["List-Unsubscribe"].startswith(
        "<https://www.example.org/@@urgentactions-unsubscribe?token="
    )


def test_events_a_script_logged_wait_for_the_cron_command(
    functional_app, site, smtp, functional_http_request, add_member, new_ua, follow
):
    """A script's request (close-expired, say) has no address for the links:
    its events are mailed by the cron command, with the public address."""
    ua = new_ua(state="closed")
    add_member("lea")
    follow("lea", ua)
    transaction.commit()
    del functional_http_request.environ["HTTP_HOST"]
    with plone.api.env.adopt_roles(["Editor"]):
        ua.outcome = "released"
        notify(ObjectModifiedEvent(ua))
    transaction.commit()
    assert smtp.inbox.settle() == []

    send_digests.main(functional_app, "plone", "https://www.example.org")
    setSite(site)
    message = smtp.inbox.wait_for(1)[0][1]
    assert message["Subject"] == "News on UA 065/20: Released"
    assert "https://www.example.org/urgent-actions/2020/04/" in smtp.inbox.body(message)
