"""Upgrading from 1002 builds the follower and subscription indexes from the
records of a site that had none."""

from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import subscriptions
from collective.urgentactions.upgrades.v1003 import build_indexes
from zope.annotation.interfaces import IAnnotations


def test_indexes_are_built_from_the_records(portal, make_ua):
    followed, other = make_ua(), make_ua(country="MX")
    for userid in ("anna", "ben"):
        record = storage.member_records().ensure(userid)
        # As a site before 1003 stored them: in the records only.
        record.set_following(followed.UID(), True)
    storage.member_records().get("ben").set_preference("countries", ["MX"])
    del IAnnotations(followed)[followers.FOLLOWERS_KEY]
    assert followers.get_followers(followed) is None

    build_indexes()

    assert set(followers.followers_of(followed)) == {"anna", "ben"}
    assert set(followers.followers_of(other)) == set()
    assert subscriptions.subscribers(other) == {"ben"}
