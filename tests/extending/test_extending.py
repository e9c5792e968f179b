"""The extension points of docs/extending.md: the adapters, the events the
rules fire, and the page's example subscriber, run as written."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.interfaces import IFollowChangedEvent
from collective.urgentactions.interfaces import ILetterEntryTakenBackEvent
from collective.urgentactions.interfaces import ILettersCountedEvent
from collective.urgentactions.interfaces import IMemberErasedEvent
from collective.urgentactions.interfaces import IMemberRecords
from collective.urgentactions.letters import rules
from collective.urgentactions.letters.members import erase_member
from collective.urgentactions.letters.storage import TALLY_KEY
from collective.urgentactions.testing import create_ua
from pathlib import Path
from plone.app.testing import login
from plone.app.testing import logout
from zope.annotation.interfaces import IAnnotations
from zope.component import getGlobalSiteManager
from zope.component import provideHandler
from zope.interface.verify import verifyObject

import plone.api
import pytest
import re
import transaction


DOC = Path(__file__).parents[2] / "docs" / "extending.md"


def example_module():
    """The page's Python example, executed as a module."""
    blocks = re.findall(r"^```python\n(.*?)^```", DOC.read_text(), re.M | re.S)
    namespace = {"__name__": "crm"}
    exec(compile(blocks[-1], str(DOC), "exec"), namespace)  # noqa: S102
    return namespace


@pytest.fixture
def events():
    """Every event of the add-on fired during the test."""
    seen = []
    handlers = [
        (seen.append, (interface,))
        for interface in (
            ILettersCountedEvent,
            ILetterEntryTakenBackEvent,
            IFollowChangedEvent,
            IMemberErasedEvent,
        )
    ]
    for handler, required in handlers:
        provideHandler(handler, required)
    yield seen
    for handler, required in handlers:
        getGlobalSiteManager().unregisterHandler(handler, required)


@pytest.fixture
def member(portal):
    portal.acl_users.userFolderAddUser("member", "secret-password-1", ["Member"], [])
    login(portal, "member")
    yield "member"
    logout()


class TestAdapters:
    @pytest.fixture(autouse=True)
    def setup(self, portal, make_ua, member):
        self.portal = portal
        self.ua = make_ua()

    def test_both_adapters_provide_their_interfaces(self):
        verifyObject(IActionTally, IActionTally(self.ua))
        verifyObject(IMemberRecords, IMemberRecords(self.portal))

    def test_counting_goes_through_the_adapters(self):
        rules.count_letters(self.ua, 2, "email")
        assert IActionTally(self.ua).total() == 2
        assert IActionTally(self.ua).channel_totals()["email"] == 2
        record = IMemberRecords(self.portal).get("member")
        assert record.count(self.ua.UID()) == 2
        assert record in list(IMemberRecords(self.portal))

    def test_adapting_an_action_without_counters_writes_nothing(self):
        del IAnnotations(self.ua)[TALLY_KEY]
        assert IActionTally(self.ua).total() == 0
        assert TALLY_KEY not in IAnnotations(self.ua)
        rules.count_letters(self.ua, 1)
        assert TALLY_KEY in IAnnotations(self.ua)
        assert IActionTally(self.ua).total() == 1


class TestEvents:
    @pytest.fixture(autouse=True)
    def setup(self, portal, make_ua, member, events):
        self.portal = portal
        self.ua = make_ua()
        self.events = events

    def kinds(self):
        return [type(event).__name__ for event in self.events]

    def test_counting_fires_counted_and_the_automatic_follow(self):
        rules.count_letters(self.ua, 3, "fax")
        counted, followed = self.events
        assert ILettersCountedEvent.providedBy(counted)
        assert counted.object is self.ua
        assert (counted.quantity, counted.channel) == (3, "fax")
        assert IFollowChangedEvent.providedBy(followed)
        assert followed.following is True

    def test_events_do_not_name_the_member(self):
        rules.count_letters(self.ua, 1)
        rules.undo_last_entry(self.ua)
        rules.set_following(self.ua, False)
        for event in self.events:
            assert "member" not in [
                value for value in vars(event).values() if isinstance(value, str)
            ]

    def test_a_repeated_submission_fires_nothing_more(self):
        rules.count_letters(self.ua, 1, submission_id="once")
        rules.count_letters(self.ua, 1, submission_id="once")
        assert self.kinds().count("LettersCountedEvent") == 1

    def test_taking_back_fires_the_entry(self):
        rules.count_letters(self.ua, 2, "email")
        rules.undo_last_entry(self.ua)
        taken_back = self.events[-1]
        assert ILetterEntryTakenBackEvent.providedBy(taken_back)
        assert (taken_back.quantity, taken_back.channel) == (2, "email")

    def test_follow_changes_fire_only_when_something_changes(self):
        rules.set_following(self.ua, True)
        rules.set_following(self.ua, True)
        rules.set_following(self.ua, False)
        assert [event.following for event in self.events] == [True, False]

    def test_a_refused_press_fires_nothing(self):
        with pytest.raises(rules.LetterError):
            rules.count_letters(self.ua, 11)
        assert self.events == []

    def test_erasure_names_the_erased_member_once(self):
        rules.count_letters(self.ua, 1)
        del self.events[:]
        assert erase_member("member") is True
        assert erase_member("member") is False
        (erased,) = self.events
        assert erased.object is self.portal
        assert erased.userid == "member"

    def test_deleting_the_user_fires_the_erasure(self):
        rules.count_letters(self.ua, 1)
        del self.events[:]
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.user.delete(username="member")
        assert [event.userid for event in self.events] == ["member"]
        assert IMemberRecords(self.portal).get("member") is None


class TestExampleSubscriber:
    """The CRM example of docs/extending.md, registered as the page says."""

    @pytest.fixture(autouse=True)
    def setup(self, functional_portal):
        self.portal = functional_portal
        self.portal.acl_users.userFolderAddUser(
            "member", "secret-password-1", ["Member"], []
        )
        self.ua = create_ua(self.portal["urgent-actions"])
        transaction.commit()
        self.example = example_module()
        handler = self.example["letters_changed"]
        provideHandler(handler, (ILettersCountedEvent,))
        provideHandler(handler, (ILetterEntryTakenBackEvent,))
        login(self.portal, "member")
        yield
        logout()
        getGlobalSiteManager().unregisterHandler(handler, (ILettersCountedEvent,))
        getGlobalSiteManager().unregisterHandler(handler, (ILetterEntryTakenBackEvent,))

    def test_the_crm_gets_committed_presses_only(self):
        crm = self.example["crm"]
        rules.count_letters(self.ua, 2, "email")
        assert crm.received == []  # nothing before the commit
        transaction.commit()
        rules.count_letters(self.ua, 1)
        transaction.abort()  # an aborted press is never sent
        rules.undo_last_entry(self.ua)
        transaction.commit()
        assert crm.received == [
            {
                "action": self.ua.UID(),
                "ua_number": self.ua.ua_number,
                "quantity": 2,
                "channel": "email",
            },
            {
                "action": self.ua.UID(),
                "ua_number": self.ua.ua_number,
                "quantity": -2,
                "channel": "email",
            },
        ]
