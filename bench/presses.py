"""Presses per second with N concurrent members on one Urgent Action.

Each member presses in their own thread, on their own ZODB connection, in a
loop for a fixed time, retrying a press that hits a ConflictError up to four
times as Zope's publisher does. Two scenarios run side by side in one
process:

* ``registered``: the members' records exist (created when they registered),
  so a press writes only the member's own record and Length counters;
* ``first-press``: the members have no record yet, so every press is a first
  press that inserts the record into the shared BTree (the one shared write
  of the hot path).

Prints presses/s, ConflictErrors per commit, presses failed after 4 tries and
stored vs acknowledged letters.

Usage: python bench/presses.py [THREADS=8,32] [SECONDS=5]
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import noSecurityManager
from bench.layers import functional_site
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import rules
from collective.urgentactions.letters import storage
from collective.urgentactions.testing import create_ua
from Testing.makerequest import makerequest
from ZODB.POSException import ConflictError
from zope.component.hooks import setSite

import plone.api
import sys
import threading
import time
import transaction


TRIES = 4


def burst(db, portal_path, ua_path, userids):
    """Every member presses once and all transactions commit at the same
    moment (a barrier between the write and the commit): the harshest overlap.
    Returns (commits, conflicts)."""
    barrier = threading.Barrier(len(userids))
    results = []
    lock = threading.Lock()

    def member(userid):
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        try:
            app = makerequest(connection.root()["Application"])
            portal = app.unrestrictedTraverse(portal_path)
            setSite(portal)
            user = portal.acl_users.getUserById(userid)
            newSecurityManager(None, user.__of__(portal.acl_users))
            manager.begin()
            rules.count_letters(portal.unrestrictedTraverse(ua_path), 1)
            barrier.wait()
            try:
                manager.commit()
                outcome = "commit"
            except ConflictError:
                manager.abort()
                outcome = "conflict"
        finally:
            noSecurityManager()
            setSite(None)
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=member, args=(u,)) for u in userids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results.count("commit"), results.count("conflict")


def run(db, portal_path, ua_path, userids, seconds):
    stats = {"acknowledged": 0, "commits": 0, "conflicts": 0, "failed": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    start = threading.Barrier(len(userids))

    def member(userid):
        manager = transaction.TransactionManager()
        connection = db.open(transaction_manager=manager)
        app = makerequest(connection.root()["Application"])
        portal = app.unrestrictedTraverse(portal_path)
        setSite(portal)
        user = portal.acl_users.getUserById(userid)
        newSecurityManager(None, user.__of__(portal.acl_users))
        mine = {"acknowledged": 0, "commits": 0, "conflicts": 0, "failed": 0}
        start.wait()
        try:
            while time.monotonic() < deadline:
                for _attempt in range(TRIES):
                    manager.begin()
                    ua = portal.unrestrictedTraverse(ua_path)
                    rules.count_letters(ua, 1)
                    try:
                        manager.commit()
                    except ConflictError:
                        manager.abort()
                        mine["conflicts"] += 1
                        continue
                    mine["commits"] += 1
                    mine["acknowledged"] += 1
                    break
                else:
                    mine["failed"] += 1
        finally:
            noSecurityManager()
            setSite(None)
            connection.close()
            with lock:
                for key, value in mine.items():
                    stats[key] += value

    threads = [threading.Thread(target=member, args=(u,)) for u in userids]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats["seconds"] = time.monotonic() - began
    return stats


def main(thread_counts=(8, 32), seconds=5.0):
    with functional_site() as (_app, portal):
        plone.api.portal.set_registry_record(
            "collective.urgentactions.letters_cap", 1000
        )
        section = portal["urgent-actions"]
        cases = {}
        for scenario in ("registered", "first-press"):
            for threads in thread_counts:
                number = f"{len(cases) + 100:03d}/26"
                uid = create_ua(
                    section, ua_number=number, title=f"Bench {number}"
                ).UID()
                cases[scenario, threads] = uid
        for scenario in ("registered", "first-press"):
            for threads in thread_counts:
                for i in range(threads):
                    portal.acl_users.userFolderAddUser(
                        f"{scenario}-{threads}-{i}", "secret-password-1", ["Member"], []
                    )
        transaction.commit()
        # "first-press" members registered before the add-on: no record yet
        for threads in thread_counts:
            for i in range(threads):
                storage.member_records(portal).erase(f"first-press-{threads}-{i}")
        transaction.commit()

        db = portal._p_jar.db()
        db.setPoolSize(max(thread_counts) + 8)
        portal_path = "/".join(portal.getPhysicalPath())

        def path_of(uid):
            transaction.begin()
            return "/".join(plone.api.content.get(UID=uid).getPhysicalPath())

        print("Sustained: each member presses in a loop for", seconds, "s")
        print(
            f"{'members':>7} {'presses/s':>10} {'conflicts/commit':>17} "
            f"{'failed':>6} {'stored':>7} {'acked':>7}"
        )
        for threads in thread_counts:
            ua_path = path_of(cases["registered", threads])
            userids = [f"registered-{threads}-{i}" for i in range(threads)]
            stats = run(db, portal_path, ua_path, userids, seconds)
            transaction.begin()
            stored = IActionTally(portal.unrestrictedTraverse(ua_path)).total()
            rate = stats["acknowledged"] / stats["seconds"]
            per_commit = stats["conflicts"] / max(stats["commits"], 1)
            print(
                f"{threads:>7} {rate:>10.0f} {per_commit:>17.4f} "
                f"{stats['failed']:>6} {stored:>7} {stats['acknowledged']:>7}"
            )
        print()
        print("Burst: every member presses once, all commits at the same moment")
        print(
            f"{'scenario':<12} {'members':>7} {'commits':>8} {'conflicts':>9} "
            f"{'conflicts/commit':>17}"
        )
        for threads in thread_counts:
            for scenario in ("registered", "first-press"):
                ua_path = path_of(cases[scenario, threads])
                userids = [f"{scenario}-{threads}-{i}" for i in range(threads)]
                commits, conflicts = burst(db, portal_path, ua_path, userids)
                print(
                    f"{scenario:<12} {threads:>7} {commits:>8} {conflicts:>9} "
                    f"{conflicts / max(commits, 1):>17.4f}"
                )


if __name__ == "__main__":
    counts = (
        tuple(int(n) for n in sys.argv[1].split(",")) if len(sys.argv) > 1 else (8, 32)
    )
    main(counts, float(sys.argv[2]) if len(sys.argv) > 2 else 5.0)
