"""Which language and which delivery mode a member's mail gets, and when
the digests are due."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import digests
from collective.urgentactions.notifications import preferences
from collective.urgentactions.notifications import state
from datetime import datetime
from datetime import timedelta
from datetime import UTC

import plone.api


def member(portal, userid, language=""):
    portal.acl_users.userFolderAddUser(userid, "secret-password-1", ["Member"], [])
    plone.api.user.get(userid).setMemberProperties(
        {"email": f"{userid}@example.org", "language": language}
    )
    return storage.member_records().ensure(userid)


def test_language_preference_profile_then_site(portal):
    chosen = member(portal, "anna", "fr")
    preferences.save(chosen, {"language": "it"})
    assert preferences.recipient(chosen)["language"] == "it"
    assert preferences.recipient(member(portal, "ben", "de-ch"))["language"] == "de"
    plone.api.portal.set_registry_record("plone.default_language", "fr")
    assert preferences.recipient(member(portal, "carl"))["language"] == "fr"
    assert preferences.recipient(member(portal, "dora", "pt"))["language"] == "fr"


def test_no_address_no_mail(portal):
    record = member(portal, "anna")
    plone.api.user.get("anna").setMemberProperties({"email": ""})
    assert preferences.recipient(record) is None


def test_recipients_in_bulk_leave_out_the_gone_and_the_addressless(portal):
    anna, ben = member(portal, "anna", "de"), member(portal, "ben")
    plone.api.user.get("ben").setMemberProperties({"email": ""})
    plone.api.user.get("anna").setMemberProperties({"fullname": "Anna Muster"})
    gone = storage.member_records().ensure("carl")  # a record whose user is not in PAS

    found = list(preferences.recipients([anna, ben, gone]))

    assert found == [
        {
            "userid": "anna",
            "email": "anna@example.org",
            "name": "Anna Muster",
            "language": "de",
        }
    ]


def test_delivery_mode_at_a_time(portal):
    record = member(portal, "anna")
    start = datetime(2020, 6, 1, tzinfo=UTC)
    before, switch, after = (start + timedelta(hours=hour) for hour in (1, 2, 3))
    assert preferences.delivery_at(record, before) == preferences.IMMEDIATE
    preferences.save(record, {"delivery": preferences.DIGEST}, when=switch)
    assert preferences.delivery_at(record, before) == preferences.IMMEDIATE
    assert preferences.delivery_at(record, after) == preferences.DIGEST
    # The digest covers exactly the digest part of its window.
    assert digests.digest_window(record, start, after) == (switch, after)
    preferences.save(record, {"delivery": preferences.IMMEDIATE}, when=after)
    later = after + timedelta(hours=1)
    assert digests.digest_window(record, switch, later) == (switch, after)
    assert digests.digest_window(record, later, later + timedelta(days=1)) is None


def test_digests_once_a_day(portal):
    log = state.ensure_log()
    assert digests.due(log, datetime.now(UTC))  # never ran
    morning = datetime(2020, 6, 2, digests.DIGEST_HOUR, 5).astimezone()
    state.finish_digest(log, morning)
    assert not digests.due(log, morning + timedelta(hours=3))
    assert not digests.due(log, morning + timedelta(hours=23))  # before the hour
    assert digests.due(log, morning + timedelta(days=1))
