"""The mail jobs read the follower and subscription indexes: an update, a
new action, the digests and the reminders reach their members without
walking every member record, and each member's record has the last word."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import digests
from collective.urgentactions.notifications import preferences
from datetime import date
from datetime import timedelta

import pytest
import transaction


@pytest.fixture
def no_walk(monkeypatch):
    """From here on, walking every member record fails the job."""

    def walk(records):
        raise AssertionError("a mail job walked every member record")

    def start():
        monkeypatch.setattr(storage.MemberRecords, "__iter__", walk)

    return start


def test_an_update_reaches_its_followers_only(
    site, smtp, add_member, new_ua, follow, publish_update, no_walk
):
    ua = new_ua()
    for userid in ("anna", "ben", "carla"):
        add_member(userid)
    follow("anna", ua)
    follow("ben", ua)
    transaction.commit()
    no_walk()

    publish_update(ua, "Media reaction")
    transaction.commit()

    received = smtp.inbox.wait_for(2)
    assert smtp.inbox.addresses(received) == ["anna@example.org", "ben@example.org"]
    assert len(smtp.inbox.settle()) == 2


def test_the_record_has_the_last_word(
    site, smtp, add_member, new_ua, follow, publish_update, no_walk
):
    """An index entry without the follow in the member's record (the record
    is the source of truth) mails nobody."""
    ua = new_ua()
    add_member("anna")
    add_member("ben")
    follow("anna", ua)
    follow("ben", ua)
    storage.member_records().get("ben").set_following(ua.UID(), False)
    transaction.commit()
    no_walk()

    publish_update(ua, "Media reaction")
    transaction.commit()

    assert smtp.inbox.addresses(smtp.inbox.wait_for(1)) == ["anna@example.org"]
    assert len(smtp.inbox.settle()) == 1


def test_a_new_action_reaches_its_subscribers(site, smtp, add_member, new_ua, no_walk):
    add_member("dora", countries=["TR"])
    add_member("emil", themes=["torture"])
    add_member("fritz", countries=["MX"])
    transaction.commit()
    no_walk()

    new_ua(ua_number="067/20", country="TR", themes=["torture"])

    received = smtp.inbox.wait_for(2)
    assert smtp.inbox.addresses(received) == ["dora@example.org", "emil@example.org"]
    assert len(smtp.inbox.settle()) == 2


def test_digests_and_reminders_read_the_members_concerned(
    site, smtp, add_member, new_ua, follow, publish_update, no_walk
):
    ua = new_ua()
    closing = new_ua(
        ua_number="066/20",
        closing_date=date.today() + timedelta(days=2),
        issue_date=date.today(),
    )
    add_member("gina", delivery="digest")
    add_member("hans", reminder_days=3)
    add_member("ida", delivery="digest")  # follows nothing
    follow("gina", ua)
    follow("hans", closing)
    transaction.commit()
    publish_update(ua, "Hunger strike")
    transaction.commit()
    no_walk()

    for attempt in transaction.manager.attempts(3):
        with attempt:
            sent = digests.run(force=True)

    assert sent == {"digests": 1, "reminders": 1}
    received = smtp.inbox.wait_for(2)
    assert smtp.inbox.addresses(received) == ["gina@example.org", "hans@example.org"]


def test_the_daily_run_reads_only_the_members_it_mails(
    site, smtp, add_member, new_ua, follow, publish_update, no_walk, monkeypatch
):
    """Followers with immediate mail (they had the update at once) and
    without reminders reaching the closing date are not even read."""
    ua = new_ua()
    closing = new_ua(
        ua_number="066/20",
        closing_date=date.today() + timedelta(days=2),
        issue_date=date.today(),
    )
    add_member("gina", delivery="digest")
    add_member("hans", reminder_days=3)
    add_member("jan")  # immediate mail, no reminders
    add_member("kim", reminder_days=1)  # too late for this closing date
    add_member("lea", delivery="digest")
    for userid in ("gina", "jan", "kim"):
        follow(userid, ua)
    for userid in ("hans", "jan", "kim"):
        follow(userid, closing)
    preferences.save(storage.member_records().get("lea"), {"delivery": "immediate"})
    transaction.commit()
    publish_update(ua, "Hunger strike")
    transaction.commit()
    smtp.inbox.wait_for(2)  # the update's immediate mails: jan and kim
    no_walk()
    read = []
    get = storage.MemberRecords.get

    def reading(records, userid):
        read.append(userid)
        return get(records, userid)

    monkeypatch.setattr(storage.MemberRecords, "get", reading)

    for attempt in transaction.manager.attempts(3):
        with attempt:
            sent = digests.run(force=True)

    assert sent == {"digests": 1, "reminders": 1}
    assert sorted(set(read)) == ["gina", "hans"]
