"""A sync: pull what changed at a source, then exchange letter totals.

1. Cases whose import failed last time are tried again first.
2. ``GET @urgent-actions?changed_since=<cursor>&translations=grouped&b_size=100``
   lists the cases changed since the last sync, oldest change first, one
   entry per case with its translations at the source (plone.app.multilingual);
   the next page asks from the last item's ``changed`` (a case edited
   meanwhile moves to the end and is not skipped). Of a case's
   translations the sync follows one (:meth:`Sync.choose`): the one in this
   site's language if the source has it, otherwise the original; the
   others are never fetched. A listed case whose followed translation's
   ``changed`` is the one imported last is skipped without a request; an
   idle sync is this one request.
3. Each case that changed is fetched with its updates and templates and
   imported in its own transaction (``importer``); a failure is logged, the
   transaction aborted and the case kept in ``failed`` for the next sync.
4. The cursor becomes the source's ``server_time`` of the first page minus
   ``OVERLAP``: a case whose transaction was still running then is listed
   again next time (and skipped if already imported). A listing that fails
   leaves the cursor as it was, so the next sync resumes where this one
   stopped.
5. Totals (``totals``) that changed here since the last report are sent
   with ``PUT @section-totals``; all of them at least every
   ``EXCHANGE_INTERVAL``, which also brings back the worldwide totals. The
   imported cases are only read when a total may have changed: cases were
   imported or updated, the full exchange is due, or the site's
   ``totals_changed`` counter moved since the source's last report (letters
   counted or taken back, a section's report). An idle sync reads none.

Syncs run in a background thread with its own database connection
(:func:`start`), woken by the control panel's "Sync now" and by the cron
command ``make sync-sources``: no page request waits for a source.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.SpecialUsers import system
from collective.urgentactions import _
from collective.urgentactions.syndication import sources as source_storage
from collective.urgentactions.syndication.cases import get_case
from collective.urgentactions.syndication.cases import local_object
from collective.urgentactions.syndication.cases import local_objects
from collective.urgentactions.syndication.changes import utc_iso
from collective.urgentactions.syndication.client import SourceClient
from collective.urgentactions.syndication.client import SourceError
from collective.urgentactions.syndication.fields import Malformed
from collective.urgentactions.syndication.importer import CaseRefused
from collective.urgentactions.syndication.importer import import_case
from collective.urgentactions.syndication.totals import channel_totals
from collective.urgentactions.syndication.totals import network_total
from collective.urgentactions.translations import counted_case
from datetime import datetime
from datetime import timedelta
from ZODB.POSException import ConflictError

import logging
import plone.api
import re
import transaction


logger = logging.getLogger("collective.urgentactions.syndication")

PAGE_SIZE = 100
REPORT_SIZE = 200
OVERLAP = timedelta(seconds=60)
EXCHANGE_INTERVAL = timedelta(hours=1)
SECTION_ID = "urgent-actions"
INFO = "info"
ERROR = "error"


class Sync:
    """One sync of one source, in the current site, committing per case."""

    def __init__(self, source_id):
        self.source_id = source_id
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        self.client = SourceClient(self.source.credentials())

    @property
    def source(self):
        # Looked up again after each commit or abort.
        return source_storage.get_source(self.source_id)

    @property
    def requests(self):
        return self.client.requests

    def log(self, level, message):
        self.source.add_log(level, message)

    def api(self, path):
        return self.source.url.rstrip("/") + "/" + path

    def run(self):
        section = plone.api.portal.get().get(SECTION_ID)
        try:
            if section is None:
                self.log(
                    ERROR, _("This site has no Urgent Actions section to import into.")
                )
                return
            for uid, url in list(self.source.failed.items()):
                self.import_one(uid, url, None, section)
            self.pull(section)
            self.exchange_totals()
        except SourceError as error:
            transaction.abort()
            self.log(ERROR, error.message)
        finally:
            self.client.close()
            self.log(
                INFO,
                _(
                    "Sync done: ${created} new, ${updated} updated, ${failed} "
                    "failed, ${requests} request(s).",
                    mapping={**self.counts, "requests": self.requests},
                ),
            )
            transaction.commit()

    # -- pulling cases -------------------------------------------------------

    def pull(self, section):
        since = self.source.cursor or "1970-01-01T00:00:00+00:00"
        seen = set()
        server_time = None
        while True:
            page = self.client.get_json(
                self.api("@urgent-actions"),
                params={
                    "changed_since": since,
                    "translations": "grouped",
                    "b_size": PAGE_SIZE,
                },
            )
            items, page_time = self.read_page(page)
            server_time = server_time or page_time
            fresh = [item for item in items if item["UID"] not in seen]
            for item in fresh:
                seen.add(item["UID"])
                self.pull_case(item, section)
            if len(items) < PAGE_SIZE or not fresh:
                break
            since = items[-1]["changed"]
        cursor = datetime.fromisoformat(server_time) - OVERLAP
        self.source.cursor = utc_iso(cursor)
        transaction.commit()

    def read_page(self, page):
        items = page.get("items")
        server_time = page.get("server_time")
        try:
            datetime.fromisoformat(server_time)
        except (TypeError, ValueError):
            raise SourceError(
                _(
                    "The source's listing has no server_time: is it running an "
                    "older version of the add-on?"
                )
            )
        if not isinstance(items, list) or not all(
            listed(item)
            and isinstance(item.get("translations", []), list)
            and all(map(listed, item.get("translations", [])))
            for item in items
        ):
            raise SourceError(_("The source's listing is not what the add-on answers."))
        return items, server_time

    def pull_case(self, item, section):
        """A listed case: import the translation this site follows if it
        changed (or a new case, when it passes the filters)."""
        source = self.source
        translations = item.get("translations") or [item]
        known = [
            source.cases[entry["UID"]]
            for entry in (item, *translations)
            if entry["UID"] in source.cases
        ]
        if "" in known:
            return  # an editor deleted the copy here
        if not known:
            chosen = self.choose(item, translations, source.languages)
            if chosen is not None and self.passes_listing_filters(item, chosen):
                self.import_one(
                    chosen["UID"], chosen["@id"], chosen["changed"], section
                )
            return
        chosen = self.choose(item, translations)
        ua = local_object(known[0])
        record = get_case(ua) if ua is not None else None
        if (
            record is not None
            and record.followed == chosen["UID"]
            and record.changed == chosen["changed"]
        ):
            self.counts["unchanged"] += 1
            return
        self.import_one(
            chosen["UID"], chosen["@id"], chosen["changed"], section, known[0]
        )

    def choose(self, item, translations, languages=()):
        """The translation of a listed case this site follows: the one in
        its language, else (for a new case, when the source's language
        filter leaves the original out) one in a language of the filter,
        else the original; ``None`` when none passes the filter."""
        if len(translations) == 1:
            return translations[0]  # the language filter reads the case
        by_language = {primary(entry.get("language")): entry for entry in translations}
        original = next(
            (entry for entry in translations if entry["UID"] == item["UID"]), item
        )
        preferred = [by_language.get(code) for code in (self.language, *languages)]
        for entry in (*preferred, original):
            if entry is not None and (
                not languages or primary(entry.get("language")) in languages
            ):
                return entry
        return None

    @property
    def language(self):
        return primary(plone.api.portal.get_default_language())

    def passes_listing_filters(self, item, chosen):
        """The filters known from the listing (new cases only)."""
        source = self.source
        country = (item.get("country") or {}).get("token")
        if source.countries and country not in source.countries:
            return False
        status = chosen.get("status", item.get("status"))
        return not (source.open_only and status != "open")

    def passes_filters(self, data):
        """The filters that need the whole case (new cases only)."""
        source = self.source
        language = data.get("language")
        if isinstance(language, dict):
            language = language.get("token")
        if source.languages and primary(language) not in source.languages:
            return False
        themes = {
            theme.get("token") if isinstance(theme, dict) else theme
            for theme in data.get("themes") or ()
        }
        return not source.themes or bool(themes & set(source.themes))

    def import_one(self, uid, url, changed, section, local_uid=None):
        """Fetch and import one case in its own transaction; ``local_uid``:
        the local copy of another translation, which follows this one now."""
        try:
            data = self.client.get_json(url, params={"expand": "updates,templates"})
            if changed is not None:
                data["changed"] = changed
            new = local_uid is None and uid not in self.source.cases
            if new and not self.passes_filters(data):
                return
            result = import_case(
                self.source, data, self.client.get_file, section, local_uid
            )
            self.source.failed.pop(uid, None)
            transaction.commit()
            self.counts[result] += 1
            return
        except SourceError as error:
            if error.fatal:
                raise
            if error.status in (404, 410):
                return self.gone(uid, url)
            message = error.message
        except CaseRefused as error:
            message = error.message
        except Malformed as error:
            message = _(
                "The case ${url} was not imported: its field ${field} is not "
                "what the add-on writes (${value}).",
                mapping={"url": url, "field": error.field, "value": error.value},
            )
        except ConflictError:
            message = _(
                "The case ${url} was changed here while it was imported; the "
                "next sync tries again.",
                mapping={"url": url},
            )
        except Exception:
            logger.exception("Importing %s failed", url)
            message = _(
                "The case ${url} could not be imported (an error of this site, "
                "see its log); the next sync tries again.",
                mapping={"url": url},
            )
        transaction.abort()
        self.counts["failed"] += 1
        self.source.failed[uid] = url
        if local_uid is not None:
            # The retry of the failed ones updates the same copy.
            self.source.cases[uid] = local_uid
        self.log(ERROR, message)
        transaction.commit()

    def gone(self, uid, url):
        """A case the source no longer has (deleted, or no longer public):
        the copy here stays as it is, an editor decides."""
        transaction.abort()
        self.source.failed.pop(uid, None)
        self.log(
            ERROR,
            _(
                "The case ${url} is gone from the source; the copy here stays "
                "as it is.",
                mapping={"url": url},
            ),
        )
        transaction.commit()

    # -- totals ----------------------------------------------------------------

    def exchange_totals(self):
        source = self.source
        now = datetime.now().astimezone()
        last = source.last_exchange
        full = last is None or datetime.fromisoformat(last) + EXCHANGE_INTERVAL < now
        counter = source_storage.get_sources().changes_counter()
        change = counter()
        imported = self.counts["created"] or self.counts["updated"]
        if not (full or imported or source.reported_change != change):
            return  # no total changed here since the last report
        reports = self.due_reports(full)
        portal = plone.api.portal.get()
        for start in range(0, len(reports), REPORT_SIZE):
            chunk = reports[start : start + REPORT_SIZE]

            answer = self.client.put_json(
                self.api("@section-totals"),
                {
                    "section": {"name": portal.Title(), "url": portal.absolute_url()},
                    "totals": [
                        {"uid": uid, "total": total, "by_channel": by_channel}
                        for uid, _record, total, by_channel in chunk
                    ],
                },
            )
            received = {
                entry.get("uid"): entry.get("worldwide")
                for entry in answer.get("totals") or ()
                if isinstance(entry, dict)
            }
            for uid, record, total, _by_channel in chunk:
                worldwide = received.get(uid)
                if isinstance(worldwide, int) and worldwide >= 0:
                    record.worldwide = {
                        "total": worldwide,
                        "reported": total,
                        "received_at": utc_iso(now),
                    }
            transaction.commit()
        self.source.reported_change = change
        if full:
            self.source.last_exchange = utc_iso(now)
        transaction.commit()

    def due_reports(self, full):
        """``(source UID, record, total, by channel)`` of the imported cases
        whose totals changed since their last report (all when ``full``).
        Copies sharing one counter (translations of each other here) report
        it once; the others report 0, replacing what they said before. A
        copy reports to the source case it was first imported from, also
        after it followed another translation of it."""
        source = self.source
        cases = local_objects(set(source.cases.values()))
        reports, counted = [], set()
        for source_uid, local_uid in source.cases.items():
            ua = cases.get(local_uid)
            record = get_case(ua) if ua is not None else None
            if record is None or record.uid != source_uid:
                continue
            counter_uid = counted_case(ua).UID()
            if counter_uid in counted:
                total, by_channel = 0, {}
            else:
                counted.add(counter_uid)
                total, by_channel = network_total(ua), channel_totals(ua)
            if full or record.worldwide.get("reported") != total:
                reports.append((source_uid, record, total, by_channel))
        return reports


def listed(item):
    """Whether a listing's entry has what the sync reads."""
    return (
        isinstance(item, dict)
        and isinstance(item.get("UID"), str)
        and isinstance(item.get("@id"), str)
        and isinstance(item.get("changed"), str)
    )


def primary(language):
    """The primary language of a code: "en-gb" or "en_GB" is written in "en"."""
    return re.split("[-_]", language or "")[0].lower()


def sync_source(source_id):
    """Run one sync now, in this thread, as the system user; returns it."""
    previous = getSecurityManager()
    newSecurityManager(None, system)
    try:
        sync = Sync(source_id)
        sync.run()
        return sync
    finally:
        setSecurityManager(previous)
