"""A national section's scale: a large site against a small one, side by side.

Two Plone sites, made alike, live in one process on the functional test
layer's database. Both have the same recent cases (same dates, countries
and letters): ``--open`` open ones issued in the last month and
``--recent-closed`` closed in the last two months, so that the default
period of the cross-case statistics (12 weeks) holds the same cases on both
and their ratio shows what the history costs. ``small`` has only those
(a full listing page) and 30 members; ``large`` also has the history, the
rest of ``--cases`` cases over ten years, all closed before those 12 weeks,
and ``--members`` member records with letters on a few cases each, some
following, delivery and reminders mixed. Both also have one "hot" case
followed by ``--followers`` members (among all the members of the large
site; the small site gets that many extra members who follow it), so that
the fan-out of an update, the digest run and the reminders have the same
recipients on both sites and their ratio shows whether they grow with the
site.

The large site is written directly (content objects set into their folders,
cataloged, their workflow state and counters set; PAS users, member
properties and member records written into their BTrees), not through the
API, which would take hours; the operations measured then run through the
real stack: HTTP requests to the layer's WSGI server (the full publisher)
and the background jobs as the cron command runs them, each in a fresh
request of its site. Within a round each operation runs ``--requests``
times per site, the sites interleaved request by request (which goes first
alternates by round); the table shows the median of the rounds' medians,
the ratio large / small and the lowest and highest ratio of one round.
Peak memory (RSS) is the process's (it holds both sites); the database size
is the pickled size of every object written.

Usage: .venv/bin/python -m bench.scale [--cases 10000] [--members 100000]
       [--followers 5000] [--open 40] [--recent-closed 20] [--rounds 5]
       [--requests 7] [--job-runs 1] [--profile OPERATION]
"""

from Acquisition import aq_base
from bench.contention import Http
from bench.layers import functional_site
from collective.urgentactions.filing import archive_folder
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import erase_member
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.notifications import digests
from collective.urgentactions.notifications import dispatch
from collective.urgentactions.notifications import preferences
from collective.urgentactions.notifications import state
from collective.urgentactions.notifications import subscriptions
from collective.urgentactions.settings import get_settings
from collective.urgentactions.statistics.aggregates import case_brains
from collective.urgentactions.statistics.aggregates import Period
from collective.urgentactions.status import close_expired
from collective.urgentactions.testing import create_update
from collective.urgentactions.threads import site_request
from DateTime import DateTime
from datetime import date
from datetime import timedelta
from persistent.mapping import PersistentMapping
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from plone.dexterity.utils import createContent
from plone.indexer.interfaces import IIndexableObject
from Products.CMFPlone.factory import addPloneSite
from Products.PlonePAS.plugins.property import PersistentProperties
from zope.component import getMultiAdapter
from zope.component.hooks import setSite

import argparse
import base64
import gc
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import transaction


WORKFLOW = "urgentaction_workflow"
# The default period of the cross-case statistics page (12 weeks) and how
# long a generated case is open.
RECENT_DAYS = 84
CASE_DAYS = 60
RECENT_SEED = 16
COUNTRIES = ("BY", "IR", "MX", "CN", "BR", "EG", "RU", "TR", "SA", "PH")
THEMES = ("torture", "death-penalty", "freedom-of-expression", "fair-trial")
PASSWORD = "bench-Secret-1"
ZODB_CACHE_SIZE = 50000  # objects per connection, as in etc/zope.conf.in
MEMBER = "bench-member"


def auth(userid):
    return "Basic " + base64.b64encode(f"{userid}:{PASSWORD}".encode()).decode()


class Proxy:
    """What the catalog reads of a case: its indexed values as attributes."""

    def __init__(self, values, path):
        self.__dict__.update(values)
        self.__dict__.pop("getPhysicalPath", None)
        self._path = path

    def getPhysicalPath(self):
        return self._path


class CatalogWriter:
    """Catalogs cases directly: the values of every index and column come
    from the case's real indexers, except those of ``CONSTANT``, which are
    the same for every case of a state here (no image, no relations, no
    events, never a default page) and cost most of the indexers' time; they
    are taken from the first case of each state. Every ``CHECK``-th case
    is checked against all its real values."""

    CONSTANT = (
        "image_scales",
        "getObjSize",
        "is_default_page",
        "start",
        "end",
        "sync_uid",
        "expires",
        "getRawRelatedItems",
        "cmf_uid",
        "getIcon",
        "in_reply_to",
        "mime_type",
        "getRemoteUrl",
        "location",
        "exclude_from_nav",
        "ExpirationDate",
        "ua_closed_by_hand",
    )
    CHECK = 500

    def __init__(self, portal):
        self.catalog = portal.portal_catalog
        self.names = set(self.catalog._catalog.schema)
        for index in self.catalog._catalog.indexes.values():
            self.names.update(index.getIndexSourceNames())
            for field in ("_since_field", "_until_field"):
                if getattr(index, field, None):
                    self.names.add(getattr(index, field))
        self.templates = {}
        self.written = 0

    def values(self, ua, names):
        wrapper = getMultiAdapter((ua, self.catalog), IIndexableObject)
        values = {}
        for name in names:
            try:
                value = getattr(wrapper, name)
                values[name] = value() if callable(value) else value
            except AttributeError:
                pass
        return values

    def __call__(self, ua, state):
        path = ua.getPhysicalPath()
        if state not in self.templates or self.written % self.CHECK == 0:
            every = self.values(ua, self.names)
            constant = {n: every[n] for n in self.CONSTANT if n in every}
            template = self.templates.setdefault(state, constant)
            assert template == constant, (ua.getId(), template, constant)
        values = self.values(ua, self.names - set(self.CONSTANT))
        values.update(self.templates[state])
        self.catalog._catalog.catalogObject(Proxy(values, path), "/".join(path))
        self.written += 1


class Builder:
    """Writes one site's cases and members directly (see the docstring)."""

    def __init__(self, portal, seed):
        self.portal = portal
        self.random = random.Random(seed)
        self.section = portal["urgent-actions"]
        self.workflow = portal.portal_workflow.getWorkflowById(WORKFLOW)
        self.channels = get_settings().channels
        self.folders = {}
        self.cases = []  # (uid, object)
        self.users = portal.acl_users.source_users
        self.properties = portal.acl_users.mutable_properties
        self.roles = portal.acl_users.portal_role_manager
        self.records = storage.create_member_records(portal)
        self.catalog_case = CatalogWriter(portal)

    def folder(self, day):
        key = (day.year, day.month)
        if key not in self.folders:
            self.folders[key] = archive_folder(self.section, day)
        return self.folders[key]

    def case(self, number, issue, closing, state, **fields):
        ua = createContent(
            "UrgentAction",
            title=fields.pop("title", f"Case {number}: a defender detained"),
            ua_number=f"{number % 1000:03d}/{issue:%y}",
            ai_index=f"MDE {number:05d}/{issue:%Y}",
            country=self.random.choice(COUNTRIES),
            themes=[self.random.choice(THEMES)],
            issue_date=issue,
            closing_date=closing,
            **fields,
        )
        ua.id = f"case-{number}"
        folder = self.folder(issue)
        folder._setObject(ua.id, ua, suppress_events=True)
        ua = folder[ua.id]
        ua.workflow_history = PersistentMapping(
            {
                WORKFLOW: (
                    {
                        "action": None,
                        "review_state": state,
                        "actor": SITE_OWNER_NAME,
                        "comments": "",
                        "time": DateTime(issue.isoformat()),
                    },
                )
            }
        )
        self.workflow.updateRoleMappingsFor(ua)
        storage.prepare_days(ua)
        tally = IActionTally(ua)
        letters = self.random.randint(0, 400)
        day = max(issue, closing - timedelta(days=60)) if closing else issue
        tally.add(letters, self.channels[0], day)
        followers.ensure_followers(ua)
        self.catalog_case(ua, state)
        self.cases.append((ua.UID(), ua))
        return ua

    def history(self, count, today):
        """``count`` closed cases over ten years, all closed before the last
        ``RECENT_DAYS`` (what the default statistics page leaves out)."""
        oldest = 3650 - RECENT_DAYS - CASE_DAYS
        for number in range(count):
            age = RECENT_DAYS + CASE_DAYS + int((count - number) * oldest / count)
            issue = today - timedelta(days=age)
            self.case(number, issue, issue + timedelta(CASE_DAYS), "closed")
            if number % 500 == 499:
                transaction.commit()
        transaction.commit()

    def recent(self, first, open_count, closed_count, today):
        """The section's current work, the same on every site (same dates,
        countries and letters): ``open_count`` open cases issued in the
        last month and ``closed_count`` closed in the last two months."""
        own, self.random = self.random, random.Random(RECENT_SEED)
        for number in range(closed_count):
            issue = today - timedelta(days=CASE_DAYS + 1 + 3 * number)
            self.case(first + number, issue, issue + timedelta(CASE_DAYS), "closed")
        for number in range(open_count):
            issue = today - timedelta(days=1 + number % 30)
            closing = today + timedelta(days=30)
            self.case(first + closed_count + number, issue, closing, "published")
        self.random = own
        transaction.commit()

    def member(self, userid, follows=(), letters_on=()):
        """A PAS user with address and properties, and their record."""
        self.users._user_passwords[userid] = self.password
        self.users._login_to_userid[userid] = userid
        self.users._userid_to_login[userid] = userid
        self.properties._storage[userid] = PersistentProperties(
            {"email": f"{userid}@example.org", "fullname": userid.title()}
        )
        record = storage.MemberRecord(userid)
        delivery = self.random.choice((preferences.IMMEDIATE, preferences.DIGEST))
        record.preferences = {
            "delivery": delivery,
            "reminder_days": self.random.choice((0, 0, 0, 7)),
            "countries": [self.random.choice(COUNTRIES)]
            if self.random.random() < 0.1
            else [],
        }
        when = storage.now().isoformat()
        for uid in letters_on:
            record.actions[uid] = storage.MemberActionData(
                {
                    "entries": [{"when": when, "quantity": 1, "channel": "letter"}],
                    "submissions": [],
                    "following": False,
                    "last_seen": None,
                }
            )
        for uid, ua in follows:
            data = record.actions.setdefault(
                uid,
                storage.MemberActionData(
                    {"entries": [], "submissions": [], "last_seen": None}
                ),
            )
            data["following"] = True
            followers.ensure_followers(ua).set(userid, True)
        self.records.records[userid] = record
        self.records.count.change(1)
        subscriptions.update(userid, "countries", (), record.preferences["countries"])
        if delivery == preferences.DIGEST:
            subscriptions.set_digest(userid, True)
        if record.preferences["reminder_days"]:
            subscriptions.set_reminder_days(
                userid, 0, record.preferences["reminder_days"]
            )

    @property
    def password(self):
        if not hasattr(self, "_password"):
            self._password = self.users._pw_encrypt(PASSWORD)
        return self._password

    def members(self, count, prefix, hot=None, hot_followers=0):
        for number in range(count):
            picks = self.random.sample(self.cases, min(3, len(self.cases)))
            follows = [picks[0]] if self.random.random() < 0.3 else []
            if hot is not None and number < hot_followers:
                follows.append((hot.UID(), hot))
            self.member(f"{prefix}{number:06d}", follows, [uid for uid, _ in picks[1:]])
            if number % 5000 == 4999:
                transaction.commit()
        transaction.commit()


def build(portal, history, open_cases, recent_closed, members, hot_followers, seed):
    """Write a site: ``history`` old cases, then the recent ones every site
    has alike; returns what the measurements need."""
    setSite(portal)
    login(portal.aq_parent, SITE_OWNER_NAME)
    plone_registry = portal.portal_registry
    plone_registry["plone.email_from_address"] = "network@example.org"
    plone_registry["collective.urgentactions.letters_cap"] = 1000
    builder = Builder(portal, seed)
    today = date.today()
    builder.history(history, today)
    builder.recent(history, open_cases, recent_closed, today)
    cases = history + open_cases + recent_closed
    # The hot case closes soon (reminders) and gets an update (fan-out, digest).
    hot = builder.case(
        cases, today - timedelta(days=2), today + timedelta(days=5), "published"
    )
    for number in range(5):  # expired but still published: close-expired's work
        builder.case(
            cases + 1 + number,
            today - timedelta(days=40),
            today - timedelta(days=1),
            "published",
        )
    transaction.commit()
    builder.members(members, "m", hot, min(hot_followers, members))
    if hot_followers > members:
        builder.members(hot_followers - members, "f", hot, hot_followers - members)
    # A real member for the pages: Member role, letters on eight open cases.
    portal.acl_users.userFolderAddUser(MEMBER, PASSWORD, ["Member"], [])
    for number in range(20):
        userid = f"{MEMBER}-{number}"
        portal.acl_users.userFolderAddUser(userid, PASSWORD, ["Member"], [])
    with_letters = [
        ua
        for _, ua in builder.cases
        if ua.closing_date > today
        and ua.workflow_history[WORKFLOW][-1]["review_state"] == "published"
    ][:8]
    transaction.commit()
    login(portal, MEMBER)
    for ua in with_letters:
        count_letters(ua, 2)
    update = published_update(hot)
    logout()
    transaction.commit()
    return {"hot": hot, "update": update, "ua": with_letters[0], "cases": cases + 6}


def published_update(ua):
    """An update published through the workflow, so that it is in the
    notification log for the digests; its immediate mails count as written
    (the fan-out is measured on its own), so no thread mails them now."""
    update = create_update(ua, "Released on bail", date.today())
    log = state.get_log()
    for key in state.pending(log):
        log.done.insert(key)
    return update


def new_site(app, site_id):
    """A Plone site with the add-on; both sites are made alike."""
    login(app, SITE_OWNER_NAME)
    portal = addPloneSite(
        app,
        site_id,
        extension_ids=(
            "plone.app.contenttypes:default",
            "collective.urgentactions:default",
        ),
        setup_content=False,
    )
    transaction.commit()
    return portal


class Timer:
    """Times per operation and site, the sites interleaved request by
    request (small, large, small, ... or the other way round, alternating
    each round), so that the machine's noise hits both alike. Each round
    keeps the median of its runs per site; the result is the median of the
    rounds' medians, so one slow request (or one slow round) cannot decide
    it. Python's cyclic garbage collector runs (untimed) before each run,
    so that a full collection the previous operation's garbage triggers is
    not counted in the next operation's time; its own cost is added up in
    ``collected``."""

    def __init__(self, requests, job_runs, collect=True):
        self.requests = requests
        self.job_runs = job_runs
        self.collect = collect
        self.collected = 0.0
        self.results = {}

    def runs(self, name):
        return (
            self.job_runs
            if name in ONCE_PER_ROUND or "(job)" in name
            else (self.requests)
        )

    def run_once(self, operation):
        if self.collect:
            began = time.perf_counter()
            gc.collect()
            self.collected += time.perf_counter() - began
        began = time.perf_counter()
        operation()
        return time.perf_counter() - began

    def measure(self, name, order, operations):
        """One round of ``name``: its runs on the sites of ``order``,
        interleaved."""
        times = {site: [] for site in order}
        for _ in range(self.runs(name)):
            for site in order:
                times[site].append(self.run_once(operations[site][name]))
        for site, values in times.items():
            self.results.setdefault((name, site), []).append(statistics.median(values))

    def median(self, name, site):
        return statistics.median(self.results[name, site])

    def spread(self, name):
        """The lowest and highest ratio of one round's medians."""
        ratios = [
            large / small
            for small, large in zip(
                self.results[name, "small"], self.results[name, "large"], strict=True
            )
        ]
        return min(ratios), max(ratios)


def http_operations(base, site, data, counter):
    """``{name: callable}`` for one site's requests through the publisher."""
    client = Http(base, timeout=900)  # the cross-case statistics of 10,000 cases
    url = f"{base}/{site}"
    ua_url = data["ua"].absolute_url().replace("http://nohost", base)
    page = {"Accept": "text/html"}
    api = {"Accept": "application/json"}

    def get(path, headers, userid=None, expect=200):
        headers = dict(headers)
        if userid:
            headers["Authorization"] = auth(userid)
        status, body, _ = client.request("GET", path, headers=headers)
        assert status == expect, (path, status, str(body)[:200])
        return body

    def press():
        counter[site] = counter.get(site, 0) + 1
        headers = dict(api, Authorization=auth(MEMBER))
        status, body, _ = client.request(
            "POST", f"{ua_url}/@letters", {"quantity": 1}, headers
        )
        assert status == 201, (status, str(body)[:200])

    total = data["cases"]  # in the site, with the hot and the expired ones
    return {
        "case page, member": lambda: get(ua_url, page, MEMBER),
        "case page, visitor": lambda: get(ua_url, page),
        "section listing page": lambda: get(f"{url}/urgent-actions", page),
        "@letters GET (viewlet's data)": lambda: get(f"{ua_url}/@letters", api, MEMBER),
        "@letters POST (a press)": press,
        "@urgent-actions first page": lambda: get(
            f"{url}/++api++/@urgent-actions", api
        ),
        "@urgent-actions deep page": lambda: get(
            f"{url}/++api++/@urgent-actions?b_start={max(total - 25, 0)}", api
        ),
        "@my-urgent-actions (portlet's data)": lambda: get(
            f"{url}/++api++/@my-urgent-actions", api, MEMBER
        ),
        "My letters, JSON export": lambda: get(
            f"{url}/@@my-letters?export=json", api, MEMBER
        ),
        "letter statistics page of a case": lambda: get(
            f"{ua_url}/@@letter-statistics", page, SITE_OWNER_NAME + "-site"
        ),
        "letter statistics across cases": lambda: get(
            f"{url}/urgent-actions/@@letter-statistics", page, SITE_OWNER_NAME + "-site"
        ),
        WHOLE_HISTORY: lambda: get(
            f"{url}/urgent-actions/@@letter-statistics?period=all",
            page,
            SITE_OWNER_NAME + "-site",
        ),
    }


def job_operations(app, portal, data):
    """``{name: callable}`` for one site's background jobs, each undone
    (aborted) after it ran so that every round does the same work. Each
    runs in a fresh request of its own site, as the cron command does:
    one request kept across both sites (the test layer's app carries one:
    ``aq_base`` leaves it behind) let plone.app.uuid's lookups
    (``uuidToObject``, which keeps the catalog on the request) search the
    other site's catalog, so the second site's digest run found none of
    its cases and sent no mail, and its erasure skipped the member's
    followed cases."""
    site_url = f"http://localhost:8080/{portal.getId()}"

    def in_site(job):
        def run():
            transaction.begin()
            site_request(aq_base(app), portal.getPhysicalPath(), site_url)
            try:
                job()
            finally:
                transaction.abort()

        return run

    when = storage.now()
    return {
        "erase a member's data": in_site(lambda: erase_member(MEMBER)),
        "fan-out of one update (job)": in_site(
            lambda: dispatch.send_update(data["update"], None, when)
        ),
        "daily digests and reminders (job)": in_site(
            lambda: data.update(
                digests_sent=digests.run(now=when + timedelta(hours=1), force=True)
            )
        ),
        "closing expired cases (job)": in_site(lambda: close_expired(portal)),
    }


class Sampler:
    """Where the time of requests goes: samples the stacks of the threads
    publishing a request (the WSGI server's, not its idle ones) every
    millisecond and counts, per function, the samples it was on the stack
    (inclusive time)."""

    def __init__(self):
        self.counts = {}
        self.samples = 0
        self.running = False

    def sample(self):
        me = threading.get_ident()
        while self.running:
            for ident, frame in sys._current_frames().items():
                if ident in (me, self.caller):
                    continue
                seen = set()
                while frame is not None:
                    code = frame.f_code
                    seen.add(f"{code.co_filename}:{code.co_firstlineno} {code.co_name}")
                    frame = frame.f_back
                if not any("WSGIPublisher" in name for name in seen):
                    continue  # an idle server thread
                for name in seen:
                    self.counts[name] = self.counts.get(name, 0) + 1
                self.samples += 1
            time.sleep(0.001)

    def __call__(self, operation, runs):
        self.caller = threading.get_ident()
        self.running = True
        thread = threading.Thread(target=self.sample, daemon=True)
        thread.start()
        try:
            for _ in range(runs):
                operation()
        finally:
            self.running = False
            thread.join()

    def report(self, baseline, top=40):
        """The functions on the stack most often, with how many more samples
        per run they had than on ``baseline`` (the small site's sampler):
        where the large site's extra time goes."""
        lines = [f"{self.samples} samples large, {baseline.samples} small"]
        for title, key in (
            ("most samples (large)", lambda item: -item[1]),
            (
                "most extra samples (large - small)",
                lambda item: -self.more_than(*item, baseline),
            ),
        ):
            lines.append(f"-- {title}:")
            for name, count in sorted(self.counts.items(), key=key)[:top]:
                path, _, rest = name.partition(" ")
                short = path.split("site-packages/")[-1].split("src/")[-1]
                lines.append(
                    f"{100 * count / max(self.samples, 1):5.1f}% "
                    f"{self.more_than(name, count, baseline):+7.1f}  {short} {rest}"
                )
        return "\n".join(lines)

    def more_than(self, name, count, baseline):
        return count - baseline.counts.get(name, 0)


def database_size(storage_):
    """Bytes of object records (with their revisions) in a storage and the
    storages it stacks (the test layers' DemoStorages)."""
    if hasattr(storage_, "changes"):
        return database_size(storage_.base) + database_size(storage_.changes)
    return storage_.getSize()


# Operations measured once per round (``--job-runs``), as the jobs are: the
# whole history reads every case, by design.
WHOLE_HISTORY = "letter statistics across cases, all time (by choice)"
ONCE_PER_ROUND = (WHOLE_HISTORY,)


def load_average():
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def statistics_cases(portal):
    """How many cases the default statistics page reads (its 12 weeks)."""
    setSite(portal)
    start = date.today() - timedelta(days=RECENT_DAYS - 1)
    return len(case_brains(portal["urgent-actions"], Period(start=start)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--members", type=int, default=100000)
    parser.add_argument("--followers", type=int, default=5000)
    parser.add_argument("--open", type=int, default=40)
    parser.add_argument("--recent-closed", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=7)
    parser.add_argument("--job-runs", type=int, default=1, help="per round")
    parser.add_argument(
        "--no-collect",
        action="store_true",
        help="do not run the garbage collector (untimed) before each run",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only this operation (repeatable), e.g. to check a fix",
    )
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        help="after the rounds, sample where this operation's time goes on "
        "the large site (repeatable)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("COLLECTIVE_URGENTACTIONS_RATE_LIMITS", "off")
    os.environ.setdefault(
        "COLLECTIVE_URGENTACTIONS_MAIL_QUEUE",
        os.path.join(tempfile.mkdtemp(prefix="scale-mail-"), "queue"),
    )
    print(f"load average at the start: {load_average()}", flush=True)
    recent = args.open + args.recent_closed
    with functional_site() as (app, _layer_portal):
        # The test layer's database keeps 400 objects per connection (ZODB's
        # default); an instance keeps what etc/zope.conf.in sets.
        app._p_jar.db().setCacheSize(ZODB_CACHE_SIZE)
        from collective.urgentactions.testing import FUNCTIONAL_TESTING

        base = f"http://{FUNCTIONAL_TESTING['host']}:{FUNCTIONAL_TESTING['port']}"
        started = time.perf_counter()
        small, large = new_site(app, "small"), new_site(app, "large")
        history = max(args.cases - recent, 0)
        sites = {
            "small": (
                small,
                build(small, 0, args.open, args.recent_closed, 30, args.followers, 1),
            ),
            "large": (
                large,
                build(
                    large,
                    history,
                    args.open,
                    args.recent_closed,
                    args.members,
                    args.followers,
                    2,
                ),
            ),
        }
        built = time.perf_counter() - started
        rss_built = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size = database_size(app._p_jar.db().storage) / 2**20
        print(
            f"Built both sites in {built:.0f} s; peak RSS {rss_built:.0f} MB; "
            f"database {size:.0f} MB; load average {load_average()}",
            flush=True,
        )
        for site, _data in sites.values():
            site.acl_users.userFolderAddUser(
                SITE_OWNER_NAME + "-site", PASSWORD, ["Manager"], []
            )
        transaction.commit()
        in_period = {name: statistics_cases(site) for name, (site, _) in sites.items()}
        counter = {}
        operations = {}
        for name, (site, data) in sites.items():
            ops = http_operations(base, site.getId(), data, counter)
            ops.update(job_operations(app, site, data))
            if args.only:
                unknown = set(args.only) - set(ops)
                if unknown:
                    parser.error(f"unknown operations: {sorted(unknown)}")
                ops = {key: ops[key] for key in ops if key in args.only}
            operations[name] = ops
        timer = Timer(args.requests, args.job_runs, collect=not args.no_collect)
        # Warm up (templates compiled, caches filled), then keep what the
        # build left out of the collector's way, as gc.freeze() after an
        # instance's start would.
        for name in operations["small"]:
            if name in ONCE_PER_ROUND or "(job)" in name:
                continue
            for site in sites:
                operations[site][name]()
        gc.collect()
        gc.freeze()
        for round_ in range(args.rounds):
            order = ("small", "large") if round_ % 2 else ("large", "small")
            for operation in operations["small"]:
                timer.measure(operation, order, operations)
            print(
                f"round {round_ + 1} of {args.rounds} done; load average "
                f"{load_average()}",
                flush=True,
            )
        for operation in args.profile:
            samplers = {}
            for name in ("small", "large"):
                samplers[name] = Sampler()
                samplers[name](operations[name][operation], args.requests)
            print(f"\nWhere the time of {operation!r} goes on the large site:")
            print(samplers["large"].report(samplers["small"]))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print()
        print(
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs shared with "
            f"other jobs; large: {sites['large'][1]['cases']} cases, "
            f"{args.members} members + {max(args.followers - args.members, 0)} "
            f"followers; small: {sites['small'][1]['cases']} cases, "
            f"{30 + args.followers} members; both: {args.open + 6} open (hot and "
            f"5 expired included), {args.recent_closed} closed in the last 12 "
            f"weeks, hot case followed by {args.followers}; {args.rounds} rounds x "
            f"{args.requests} requests, interleaved ({args.job_runs} per round "
            f"for the jobs)"
        )
        print(
            "cases the default statistics page reads: "
            + ", ".join(f"{name} {count}" for name, count in in_period.items())
        )
        print("| operation | small ms | large ms | ratio | rounds' ratios |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for operation in operations["small"]:
            small_ms = timer.median(operation, "small") * 1000
            large_ms = timer.median(operation, "large") * 1000
            low, high = timer.spread(operation)
            print(
                f"| {operation} | {small_ms:.1f} | {large_ms:.1f} | "
                f"{large_ms / small_ms:.2f} | {low:.2f} to {high:.2f} |"
            )
        for name, (_site, data) in sites.items():
            print(f"{name}: the digest run sent {data.get('digests_sent')}")
        if timer.collect:
            print(
                f"untimed garbage collections before each run: "
                f"{timer.collected:.1f} s in all"
            )
        print(
            f"peak RSS of the process (both sites): {rss:.0f} MB; database "
            f"(both sites, with revisions) {size:.0f} MB; built in {built:.0f} s; "
            f"load average at the end {load_average()}"
        )


if __name__ == "__main__":
    main()
