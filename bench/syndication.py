"""Syncing a section from its source: the first sync of CASES cases against
an idle sync of the same cases, side by side in one run.

Two Plone sites with the add-on in one Zope app, each served by its own WSGI
server of the test layer; the section syncs from the source over real HTTP as its
service account, exactly as ``make sync-sources`` does (each case with an
update and a letter template). The source's cases existed before the first
sync (their last change is a day old), as on a real source; the idle sync
then asks ``changed_since`` and gets no items. Target: the idle sync makes
one request and takes under 1 % of the first sync's time.

Both syncs include the exchange of letter totals: the first sync reports
every case once; the idle sync reports none (nothing changed here and the
hourly full exchange is not due), so it stays one request.

With ``--multilingual`` the source runs plone.app.multilingual: each case
is in its English section with a published German translation (of the
case and its update), so the source lists twice as many cases; the German
section imports one case per translation group, the German one, and the
idle sync must still be one request with no failure.

Usage: .venv/bin/python -m bench.syndication [CASES=1000] [IDLE_ROUNDS=5] [--multilingual]
"""

from bench.layers import functional_site
from collective.urgentactions.filing import archive_folder
from collective.urgentactions.syndication import sources
from collective.urgentactions.syndication.changes import utc_iso
from collective.urgentactions.syndication.sync import sync_source
from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import MULTILINGUAL_SECTION_SITE_ID
from collective.urgentactions.testing import MULTILINGUAL_TWO_SITES_FUNCTIONAL_TESTING
from collective.urgentactions.testing import SECTION_SITE_ID
from collective.urgentactions.testing import TWO_SITES_FUNCTIONAL_TESTING
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from zope.component.hooks import setSite

import platform
import plone.api
import statistics
import sys
import time
import transaction


PDF = b"%PDF-1.4\n% Dear Prosecutor General\n" + b"%" * 20000 + b"\n"


def translate(obj, language="de"):
    """A published translation (plone.app.multilingual) of a case or update."""
    from plone.app.multilingual.interfaces import ITranslationManager

    translation = ITranslationManager(obj).add_translation(language)
    translation.title = f"{obj.title} ({language})"
    translation.text = obj.text
    plone.api.content.transition(translation, transition="publish")
    return translation


def make_source_cases(source, count, multilingual=False):
    setSite(source)
    section = (
        source["en"]["urgent-actions"] if multilingual else source["urgent-actions"]
    )
    source.acl_users.userFolderAddUser("section-de", "service-1", ["Section"], [])
    first = date(2020, 1, 1)
    day_old = datetime.now(UTC) - timedelta(days=1)
    with plone.api.env.adopt_roles(["Manager"]):
        for i in range(count):
            issued = first + timedelta(days=i % 700)
            # Created in place under a given id: no move or rename.
            ua = create_ua(
                archive_folder(section, issued),
                id=f"case-{i}",
                ua_number=f"{i % 1000:03d}/{issued:%y}",
                title=f"Case {i}: detained for peaceful protest",
                description="Release the prisoner of conscience.",
                issue_date=issued,
                text=RichTextValue(
                    "<p>He was arrested.</p>", "text/html", "text/x-html-safe"
                ),
            )
            update = plone.api.content.create(
                container=ua,
                type="UrgentActionUpdate",
                id="trial-date-set",
                title="Trial date set",
                date=issued,
                text=RichTextValue("<p>News</p>", "text/html", "text/x-html-safe"),
            )
            plone.api.content.transition(update, transition="publish")
            plone.api.content.create(
                container=ua,
                type="LetterTemplate",
                id="en",
                title="en",
                letter_language="en",
                file=NamedBlobFile(PDF, filename="letter.pdf"),
            )
            cases = [ua]
            if multilingual:
                german = translate(ua)
                translate(update)
                cases.append(german)
            # Existing cases: last changed a day ago.
            for case in cases:
                case.ua_changed_at = utc_iso(day_old + timedelta(microseconds=i))
                case.reindexObject(idxs=["ua_changed"])
            if i % 100 == 99:
                transaction.commit()
                print(f"  {i + 1} source cases made", file=sys.stderr, flush=True)
    transaction.commit()


def add_source(section_site, source_url):
    setSite(section_site)
    source = sources.add_source("International Secretariat")
    source.configure(
        name="International Secretariat", url=source_url, arrive_as="published"
    )
    source.set_credentials("section-de", "service-1")
    transaction.commit()
    return source.id


def timed_sync(section_site, source_id):
    setSite(section_site)
    section_site.REQUEST.__dict__.pop("_catalog", None)
    began = time.perf_counter()
    sync = sync_source(source_id)
    return time.perf_counter() - began, sync


def main(cases=1000, idle_rounds=5, multilingual=False):
    layer, section_id = (
        (MULTILINGUAL_TWO_SITES_FUNCTIONAL_TESTING, MULTILINGUAL_SECTION_SITE_ID)
        if multilingual
        else (TWO_SITES_FUNCTIONAL_TESTING, SECTION_SITE_ID)
    )
    with functional_site(layer) as (app, source):
        section_site = app[section_id]
        began = time.perf_counter()
        make_source_cases(source, cases, multilingual)
        made = cases * (2 if multilingual else 1)
        print(f"made {made} source cases in {time.perf_counter() - began:.1f} s")
        source_id = add_source(section_site, source.absolute_url())
        first_time, first = timed_sync(section_site, source_id)
        assert first.counts["created"] == cases, first.counts
        assert first.counts["failed"] == 0, first.counts
        if multilingual:
            setSite(section_site)
            titles = [
                brain.Title
                for brain in plone.api.content.find(portal_type="UrgentAction")
            ]
            assert len(titles) == cases and all(t.endswith("(de)") for t in titles)
        idle = [timed_sync(section_site, source_id) for _ in range(idle_rounds)]
        assert not any(sync.counts["failed"] for _seconds, sync in idle)
        idle_time = statistics.median(seconds for seconds, _sync in idle)
        idle_requests = {sync.requests for _seconds, sync in idle}
        kind = (
            " in English and German (the German one imported: its update "
            "translated, no template)"
            if multilingual
            else ", one update and one template each"
        )
        print(f"Python {platform.python_version()}, {cases} cases{kind}")
        print(
            f"first sync: {first_time:.1f} s, {first.requests} requests "
            f"({first_time / cases * 1000:.0f} ms per case)"
        )
        print(
            f"idle sync:  {idle_time * 1000:.1f} ms (median of {idle_rounds}), "
            f"requests: {sorted(idle_requests)}"
        )
        print(
            f"idle / first: {idle_time / first_time * 100:.3f} %  (target: 1 request, < 1 %)"
        )


if __name__ == "__main__":
    arguments = [int(arg) for arg in sys.argv[1:] if arg != "--multilingual"]
    main(*arguments, multilingual="--multilingual" in sys.argv)
