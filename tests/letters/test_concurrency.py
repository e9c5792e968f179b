"""Concurrent presses on real ZODB connections.

Each member presses in their own thread, on their own connection and
transaction; a barrier makes every transaction read and write before any of
them commits, so any persistent object written by two presses would raise a
ConflictError at commit. The layer's DemoStorage resolves conflicts the same
way FileStorage and ZEO do (``_p_resolveConflict``).
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import followers
from collective.urgentactions.letters import rules
from collective.urgentactions.letters import storage
from collective.urgentactions.testing import create_ua
from contextlib import contextmanager
from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from ZODB.serialize import ObjectWriter
from zope.component.hooks import setSite

import plone.api
import pytest
import threading
import transaction


@contextmanager
def member_connection(db, portal_path, userid):
    """A connection and transaction of its own, with the site set and
    ``userid`` logged in: ``(manager, portal, connection)``."""
    manager = transaction.TransactionManager()
    connection = db.open(transaction_manager=manager)
    try:
        manager.begin()
        app = makerequest(connection.root()["Application"])
        portal = app.unrestrictedTraverse(portal_path)
        setSite(portal)
        user = portal.acl_users.getUserById(userid)
        newSecurityManager(None, user.__of__(portal.acl_users))
        yield manager, portal, connection
    except BaseException:
        manager.abort()
        raise
    finally:
        noSecurityManager()
        setSite(None)
        connection.close()


def press_concurrently(db, portal_path, ua_path, userids, quantity=1):
    """Every member presses once, all transactions overlapping. Returns the
    list of ConflictErrors raised at commit."""
    barrier = threading.Barrier(len(userids))
    conflicts = []
    errors = []

    def press(userid):
        try:
            with member_connection(db, portal_path, userid) as (manager, portal, _):
                rules.count_letters(portal.unrestrictedTraverse(ua_path), quantity)
                barrier.wait(timeout=30)
                try:
                    manager.commit()
                except ConflictError as error:
                    conflicts.append(error)
                    manager.abort()
        except Exception as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=press, args=(u,)) for u in userids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return conflicts


class PressingMembers:
    """A published case and registered members, committed, with what
    ``press_concurrently`` needs to reach them from other connections."""

    def add_case_and_members(self, portal, members):
        self.portal = portal
        uid = create_ua(portal["urgent-actions"]).UID()
        for userid in members:
            portal.acl_users.userFolderAddUser(
                userid, "secret-password-1", ["Member"], []
            )
        transaction.commit()
        self.db = portal._p_jar.db()
        self.portal_path = "/".join(portal.getPhysicalPath())
        # filed into urgent-actions/2020/04 at the commit
        self.ua_path = plone.api.content.get(UID=uid).absolute_url_path()


class TestConcurrentPresses(PressingMembers):
    @pytest.fixture(autouse=True)
    def setup(self, functional_portal):
        self.members = [f"member{i:04d}" for i in range(400)]
        self.add_case_and_members(functional_portal, self.members)

    def fresh_total(self):
        transaction.begin()
        return IActionTally(self.portal.unrestrictedTraverse(self.ua_path)).total()

    def test_members_registered_before_get_records(self):
        assert storage.member_records(self.portal).get("member0399") is not None

    def test_concurrent_presses_all_commit(self):
        conflicts = press_concurrently(
            self.db, self.portal_path, self.ua_path, self.members[:16], quantity=2
        )
        assert conflicts == []
        assert self.fresh_total() == 32

    def test_many_rounds_with_hundreds_of_members(self):
        """400 members in rounds of 20 overlapping presses: the member
        records' BTree has many buckets and the day/channel counters are hit
        by every press."""
        all_conflicts = []
        for start in range(0, len(self.members), 20):
            all_conflicts += press_concurrently(
                self.db,
                self.portal_path,
                self.ua_path,
                self.members[start : start + 20],
            )
        assert all_conflicts == []
        assert self.fresh_total() == 400

    def test_press_leaves_content_and_catalog_untouched(self):
        transaction.begin()
        ua = self.portal.unrestrictedTraverse(self.ua_path)
        modified = ua.modified()
        serial = ua._p_serial
        catalog = plone.api.portal.get_tool("portal_catalog")
        brain = catalog.unrestrictedSearchResults(UID=ua.UID())[0]
        catalog_serial = catalog._catalog._p_serial
        press_concurrently(self.db, self.portal_path, self.ua_path, self.members[:4])
        transaction.begin()
        ua = self.portal.unrestrictedTraverse(self.ua_path)
        assert ua._p_serial == serial
        assert ua.modified() == modified
        assert catalog._catalog._p_serial == catalog_serial
        assert (
            catalog.unrestrictedSearchResults(UID=ua.UID())[0].modified
            == brain.modified
        )
        assert IActionTally(ua).total() == 4


def writes_of_a_press(db, portal_path, ua_path, userid, sizes=None):
    """The class names of the persistent objects one press of ``userid``
    writes (committed afterwards); ``sizes`` gets their pickles' lengths."""
    with member_connection(db, portal_path, userid) as (manager, portal, connection):
        rules.count_letters(portal.unrestrictedTraverse(ua_path))
        registered = connection._registered_objects
        written = sorted(type(obj).__name__ for obj in registered)
        if sizes is not None:
            sizes.extend(len(ObjectWriter(obj).serialize(obj)) for obj in registered)
        manager.commit()
        return written


class TestFollowerIndexUnderPresses(PressingMembers):
    """Counting the first letter follows the action, so a press writes the
    follower index; it must stay out of the way of other members' presses."""

    @pytest.fixture(autouse=True)
    def setup(self, functional_portal):
        # 48 members whose ids fall into the same shard of the index.
        shard = followers.Followers()._shard
        self.members = []
        number = 0
        while len(self.members) < 48:
            userid = f"member{number:04d}"
            if shard(userid) is shard("member0000"):
                self.members.append(userid)
            number += 1
        self.add_case_and_members(functional_portal, [*self.members, "other"])

    def follower_ids(self):
        transaction.begin()
        ua = self.portal.unrestrictedTraverse(self.ua_path)
        return set(followers.followers_of(ua))

    def test_first_presses_into_one_shard_all_commit(self):
        conflicts = []
        for start in range(0, len(self.members), 16):
            conflicts += press_concurrently(
                self.db,
                self.portal_path,
                self.ua_path,
                self.members[start : start + 16],
            )
        assert conflicts == []
        assert self.follower_ids() == set(self.members)

    def test_a_press_writes_the_record_the_counters_and_one_shard(self):
        first = writes_of_a_press(self.db, self.portal_path, self.ua_path, "other")
        again = writes_of_a_press(self.db, self.portal_path, self.ua_path, "other")

        # total, channel and day counters; the member's own data for the
        # case; on the first press that is a new object, added to their
        # record, and the shard of the follower index holding the member.
        assert first == ["Length", "Length", "Length", "MemberRecord", "OOSet"]
        assert again == ["Length", "Length", "Length", "MemberActionData"]
        assert self.follower_ids() == {"other"}

    def test_a_press_stores_as_much_for_a_member_with_years_of_letters(self):
        """A member's letters on 300 other cases are not stored again with
        each press on this one (they were: the whole record, 70 KB)."""
        with member_connection(self.db, self.portal_path, "member0000") as (
            manager,
            portal,
            _,
        ):
            record = storage.member_records(portal).ensure("member0000")
            when = storage.now()
            for number in range(300):
                for _entry in range(3):
                    record.add_entry(f"uid-{number}", 1, "letter", when, "x" * 32)
            manager.commit()
        writes_of_a_press(self.db, self.portal_path, self.ua_path, "member0000")
        writes_of_a_press(self.db, self.portal_path, self.ua_path, "other")
        veteran, newcomer = [], []

        written = writes_of_a_press(
            self.db, self.portal_path, self.ua_path, "member0000", veteran
        )
        writes_of_a_press(self.db, self.portal_path, self.ua_path, "other", newcomer)

        assert written == ["Length", "Length", "Length", "MemberActionData"]
        assert sum(veteran) == sum(newcomer) < 2000
