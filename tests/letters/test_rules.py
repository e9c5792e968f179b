"""The rules of counting letters, for every role."""

from AccessControl.Permission import getPermissions
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import rules
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.letters.rules import letter_state
from collective.urgentactions.letters.rules import LetterError
from collective.urgentactions.letters.rules import record_offline_letters
from collective.urgentactions.letters.rules import undo_last_entry
from datetime import date
from datetime import timedelta

import plone.api
import pytest


def total(ua):
    return IActionTally(ua).total()


class TestCounting:
    @pytest.fixture(autouse=True)
    def setup(self, open_ua, as_user):
        self.ua = open_ua
        self.as_user = as_user
        as_user("member")

    def test_member_counts_a_letter(self):
        state = count_letters(self.ua)
        assert state["total"] == 1
        assert state["mine"] == 1
        assert state["duplicate"] is False

    def test_quantity_and_channel(self):
        state = count_letters(self.ua, quantity="3", channel="email")
        assert state["mine"] == 3
        assert state["entries"][-1]["channel"] == "email"

    def test_totals_add_up_across_members(self):
        count_letters(self.ua, 2)
        self.as_user("other")
        state = count_letters(self.ua, 1)
        assert state["total"] == 3
        assert state["mine"] == 1

    def test_repeated_submission_counts_once(self):
        count_letters(self.ua, 1, submission_id="abc")
        state = count_letters(self.ua, 1, submission_id="abc")
        assert state["duplicate"] is True
        assert total(self.ua) == 1

    def test_different_submissions_count_twice(self):
        count_letters(self.ua, 1, submission_id="abc")
        count_letters(self.ua, 1, submission_id="def")
        assert total(self.ua) == 2

    def test_cap_per_member(self):
        count_letters(self.ua, 10)
        with pytest.raises(LetterError) as error:
            count_letters(self.ua, 1)
        assert error.value.status == 409
        assert "at most" in error.value.message
        assert total(self.ua) == 10

    def test_cap_follows_setting(self):
        plone.api.portal.set_registry_record("collective.urgentactions.letters_cap", 2)
        with pytest.raises(LetterError):
            count_letters(self.ua, 3)
        assert total(self.ua) == 0

    def test_cap_is_per_member(self):
        count_letters(self.ua, 10)
        self.as_user("other")
        assert count_letters(self.ua, 10)["total"] == 20

    def test_counting_follows_the_action(self):
        state = count_letters(self.ua)
        assert state["following"] is True

    def test_undo_own_last_entry(self):
        count_letters(self.ua, 2)
        count_letters(self.ua, 3)
        state = undo_last_entry(self.ua)
        assert state["mine"] == 2
        assert state["total"] == 2

    def test_undo_does_not_touch_other_members(self):
        count_letters(self.ua, 2)
        self.as_user("other")
        count_letters(self.ua, 1)
        state = undo_last_entry(self.ua)
        assert state["total"] == 2
        self.as_user("member")
        assert letter_state(self.ua)["mine"] == 2

    def test_undo_with_nothing_to_undo(self):
        with pytest.raises(LetterError) as error:
            undo_last_entry(self.ua)
        assert error.value.status == 409
        assert total(self.ua) == 0

    def test_by_channel_and_by_day(self):
        count_letters(self.ua, 2, channel="fax")
        tally = IActionTally(self.ua)
        assert tally.channel_totals()["fax"] == 2
        assert tally.day_totals() == {date.today().isoformat(): 2}


class TestBadInput:
    @pytest.fixture(autouse=True)
    def setup(self, open_ua, as_user):
        self.ua = open_ua
        as_user("member")

    @pytest.mark.parametrize(
        "quantity",
        ["many", "", "1.5", 1.5, "-1", -1, 0, "0", 11, "11", None, True, [1]],
    )
    def test_bad_quantity(self, quantity):
        with pytest.raises(LetterError) as error:
            count_letters(self.ua, quantity)
        assert error.value.status == 400
        assert total(self.ua) == 0
        assert storage.member_records().get("member").count(self.ua.UID()) == 0

    @pytest.mark.parametrize("channel", ["pigeon", 5, "LETTER", "social"])
    def test_unknown_channel(self, channel):
        with pytest.raises(LetterError) as error:
            count_letters(self.ua, 1, channel=channel)
        assert error.value.status == 400
        assert total(self.ua) == 0

    def test_submission_id_must_be_text(self):
        with pytest.raises(LetterError):
            count_letters(self.ua, 1, submission_id=["x"])
        assert total(self.ua) == 0


@pytest.mark.parametrize(
    "permission",
    [rules.COUNT_PERMISSION, rules.STATISTICS_PERMISSION, rules.OFFLINE_PERMISSION],
)
def test_the_rules_ask_for_permissions_that_exist(portal, permission):
    """``rules.has_permission`` does not check the name (a misspelt one
    would just be "no" for everybody): these are the names Zope knows."""
    assert permission in [record[0] for record in getPermissions()]


class TestWhoMayCount:
    @pytest.fixture(autouse=True)
    def setup(self, make_ua, as_user):
        self.make_ua = make_ua
        self.as_user = as_user

    def test_anonymous_may_not_count(self):
        ua = self.make_ua()
        self.as_user(None)
        with pytest.raises(LetterError) as error:
            count_letters(ua)
        assert error.value.status == 401
        assert total(ua) == 0

    @pytest.mark.parametrize("userid", ["member", "other", "editor", "boss"])
    def test_every_member_may_count(self, userid):
        ua = self.make_ua()
        self.as_user(userid)
        assert count_letters(ua)["mine"] == 1

    def test_closed_action_takes_no_letters(self):
        ua = self.make_ua(state="closed")
        self.as_user("member")
        with pytest.raises(LetterError) as error:
            count_letters(ua)
        assert error.value.status == 409
        assert total(ua) == 0

    def test_expired_action_takes_no_letters(self):
        ua = self.make_ua(
            issue_date=date.today() - timedelta(days=30),
            closing_date=date.today(),
        )
        self.as_user("member")
        with pytest.raises(LetterError):
            count_letters(ua)

    def test_draft_action_takes_no_letters(self):
        ua = self.make_ua(state="draft")
        self.as_user("editor")
        with pytest.raises(LetterError):
            count_letters(ua)

    def test_undo_on_closed_action_is_refused(self):
        ua = self.make_ua()
        self.as_user("member")
        count_letters(ua, 2)
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(ua, transition="close")
        with pytest.raises(LetterError):
            undo_last_entry(ua)
        assert total(ua) == 2


class TestPrivacy:
    @pytest.fixture(autouse=True)
    def setup(self, open_ua, as_user):
        self.ua = open_ua
        self.as_user = as_user
        as_user("member")
        count_letters(self.ua, 3, channel="fax")

    @pytest.mark.parametrize("userid", [None, "other"])
    def test_others_see_only_the_total(self, userid):
        self.as_user(userid)
        state = letter_state(self.ua)
        assert state["total"] == 3
        assert state["mine"] == 0
        assert state["entries"] == []
        assert "statistics" not in state
        assert "member" not in repr(state)

    @pytest.mark.parametrize("userid", ["editor", "boss"])
    def test_editors_see_aggregates_not_names(self, userid):
        self.as_user(userid)
        state = letter_state(self.ua)
        assert state["statistics"]["by_channel"]["fax"] == 3
        assert "member" not in repr(state)


class TestOfflineLetters:
    @pytest.fixture(autouse=True)
    def setup(self, open_ua, as_user):
        self.ua = open_ua
        self.as_user = as_user

    def test_editor_adds_offline_letters(self):
        self.as_user("editor")
        state = record_offline_letters(self.ua, 25, note="Local group Basel")
        assert state["total"] == 25
        entry = state["statistics"]["offline_entries"][0]
        assert entry["recorded_by"] == "editor"
        assert entry["quantity"] == 25
        assert entry["note"] == "Local group Basel"
        assert entry["recorded_at"]

    def test_offline_letters_add_to_member_letters(self):
        self.as_user("member")
        count_letters(self.ua, 2)
        self.as_user("editor")
        assert record_offline_letters(self.ua, 5)["total"] == 7

    @pytest.mark.parametrize("userid", [None, "member"])
    def test_members_may_not_add_offline_letters(self, userid):
        self.as_user(userid)
        with pytest.raises(LetterError) as error:
            record_offline_letters(self.ua, 5)
        assert error.value.status == 403
        assert total(self.ua) == 0

    @pytest.mark.parametrize("quantity", ["x", 0, -3])
    def test_bad_offline_quantity(self, quantity):
        self.as_user("editor")
        with pytest.raises(LetterError):
            record_offline_letters(self.ua, quantity)
        assert total(self.ua) == 0


class TestFollowing:
    @pytest.fixture(autouse=True)
    def setup(self, open_ua, as_user):
        self.ua = open_ua
        self.as_user = as_user

    def test_follow_and_unfollow(self):
        from collective.urgentactions.letters.rules import set_following

        self.as_user("member")
        assert set_following(self.ua, True)["following"] is True
        assert set_following(self.ua, False)["following"] is False

    def test_opt_out_of_following_on_count(self):
        self.as_user("member")
        storage.member_records().get("member").set_preference("no_auto_follow", True)
        assert count_letters(self.ua)["following"] is False

    def test_anonymous_cannot_follow(self):
        from collective.urgentactions.letters.rules import set_following

        self.as_user(None)
        with pytest.raises(LetterError) as error:
            set_following(self.ua, True)
        assert error.value.status == 401
