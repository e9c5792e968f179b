"""The follower index mirrors every way a member follows or stops following
an action, and erasure leaves no trace of the member in it."""

from collective.urgentactions.interfaces import IMemberRecords
from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import erase_member
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.letters.rules import set_following
from collective.urgentactions.notifications import preferences
from collective.urgentactions.notifications import subscriptions
from Products.CMFPlone.CatalogTool import CatalogTool

import plone.api
import pytest


def following(ua):
    return set(followers.followers_of(ua))


@pytest.fixture
def no_walk(monkeypatch):
    """From ``no_walk()`` on, reading every member record or asking the
    catalog for anything but given UIDs (a walk over the cases) fails."""

    def start():
        def walk(records):
            raise AssertionError("walked every member record")

        monkeypatch.setattr(storage.MemberRecords, "__iter__", walk)
        for name in ("__call__", "searchResults", "unrestrictedSearchResults"):
            original = getattr(CatalogTool, name)

            def by_uid(catalog, *args, _original=original, **query):
                assert "UID" in (args[0] if args else query), "walked the cases"
                return _original(catalog, *args, **query)

            monkeypatch.setattr(CatalogTool, name, by_uid)

    return start


class TestFollowerIndex:
    @pytest.fixture(autouse=True)
    def setup(self, open_ua, make_ua, as_user):
        self.ua = open_ua
        self.make_ua = make_ua
        self.second = make_ua(title="Another case")
        self.as_user = as_user
        as_user("member")

    def test_a_new_action_has_an_empty_index(self):
        assert followers.get_followers(self.ua) is not None
        assert following(self.ua) == set()

    def test_the_first_letter_follows(self):
        count_letters(self.ua)
        self.as_user("other")
        count_letters(self.ua)

        assert following(self.ua) == {"member", "other"}
        assert following(self.second) == set()

    def test_no_auto_follow_is_respected(self):
        storage.member_records().ensure("member").set_preference("no_auto_follow", True)

        count_letters(self.ua)

        assert following(self.ua) == set()

    def test_follow_and_unfollow(self):
        set_following(self.ua, True)
        assert following(self.ua) == {"member"}

        set_following(self.ua, False)
        assert following(self.ua) == set()
        assert (
            storage.member_records().get("member").is_following(self.ua.UID()) is False
        )

    @pytest.mark.parametrize(
        "erase",
        [
            erase_member,
            lambda userid: IMemberRecords(plone.api.portal.get()).erase(userid),
        ],
        ids=["erase_member", "IMemberRecords.erase"],
    )
    def test_erasure_removes_the_member_from_every_index(self, erase, no_walk):
        """Both ways to erase are one path; it reaches the member's own
        follows and subscriptions, not every case or every member."""
        count_letters(self.ua)
        set_following(self.second, True)
        record = storage.member_records().get("member")
        preferences.save(record, {"countries": ["IR"], "themes": ["torture"]})
        case = self.make_ua(country="IR")
        assert subscriptions.subscribers(case) == {"member"}
        no_walk()

        assert erase("member") is True

        assert following(self.ua) == following(self.second) == set()
        assert subscriptions.subscribers(case) == set()
        assert storage.member_records().get("member") is None

    def test_deleting_the_user_erases_them_from_the_index(self, users):
        count_letters(self.ua)
        self.as_user("boss")

        plone.api.user.delete(username="member")

        assert following(self.ua) == set()


class TestSubscriptionIndex:
    @pytest.fixture(autouse=True)
    def setup(self, users, make_ua):
        self.make_ua = make_ua
        self.record = storage.member_records().ensure("member")

    def test_countries_and_themes(self):
        preferences.save(self.record, {"countries": ["IR", "MX"], "themes": []})
        storage.member_records().ensure("other")
        preferences.save(storage.member_records().get("other"), {"themes": ["torture"]})

        assert subscriptions.subscribers(self.make_ua(country="MX")) == {"member"}
        tortured = self.make_ua(country="CN", themes=["torture"])
        assert subscriptions.subscribers(tortured) == {"other"}
        assert subscriptions.subscribers(self.make_ua(country="BR")) == set()

    def test_a_changed_choice_moves_the_member(self):
        preferences.save(self.record, {"countries": ["IR"]})
        preferences.save(self.record, {"countries": ["MX"]})

        assert subscriptions.subscribers(self.make_ua(country="IR")) == set()
        assert subscriptions.subscribers(self.make_ua(country="MX")) == {"member"}


class TestUnsubscribeLinks:
    @pytest.fixture(autouse=True)
    def setup(self, open_ua, make_ua, as_user):
        self.ua = open_ua
        self.second = make_ua(title="Another case")
        as_user("member")
        count_letters(self.ua)
        set_following(self.second, True)
        self.record = storage.member_records().get("member")
        self.make_ua = make_ua

    def unsubscribe(self, purpose, target=None):
        from collective.urgentactions.notifications.browser import unsubscribe

        claims = {"purpose": purpose, "target": target}
        unsubscribe(self.record, claims, storage.now())

    def test_an_unfollow_link_leaves_the_index(self):
        from collective.urgentactions.notifications import tokens

        self.unsubscribe(tokens.UNFOLLOW, self.ua.UID())

        assert following(self.ua) == set()
        assert following(self.second) == {"member"}

    def test_the_link_for_all_mails_leaves_every_index(self):
        from collective.urgentactions.notifications import tokens

        preferences.save(self.record, {"countries": ["IR"]})
        self.unsubscribe(tokens.ALL)

        assert following(self.ua) == following(self.second) == set()
        assert subscriptions.subscribers(self.make_ua(country="IR")) == set()
