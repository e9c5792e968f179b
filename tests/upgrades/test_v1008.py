"""Upgrading from 1007 adds who gets a digest and who wants reminders to the
subscription index, from the records of a site whose index had neither."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import subscriptions
from collective.urgentactions.upgrades.v1008 import build_digest_index
from zope.annotation.interfaces import IAnnotations


def test_digest_and_reminders_are_indexed_from_the_records(portal):
    records = storage.member_records()
    # As a site before 1008 stored them: in the records only, and an index
    # of countries and themes without the digest parts.
    records.ensure("anna").set_preference("delivery", "digest")
    records.ensure("ben").set_preference("reminder_days", 7)
    records.ensure("carla")
    subscriptions.update("ben", "countries", (), ["MX"])
    index = IAnnotations(portal)[subscriptions.SUBSCRIPTIONS_KEY]
    for name in ("digest", "left_digest", "reminders"):
        del index.__dict__[name]
    everyone = ("anna", "ben", "carla")
    assert subscriptions.digest_members(everyone) == set()

    build_digest_index()

    assert subscriptions.digest_members(everyone) == {"anna"}
    assert subscriptions.reminded_within(everyone, 7) == {"ben"}
    assert subscriptions.reminded_within(everyone, 8) == set()
