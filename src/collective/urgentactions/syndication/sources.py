"""Where a section keeps its sources, their credentials and sync logs.

``Sources`` (annotation ``collective.urgentactions.syndication`` on the site
root, created when the first source is added) holds ``sources``, an
``OOBTree`` from a source's id to its :class:`Source`, and
``totals_changed``, a ``BTrees.Length.Length`` that goes up whenever a
letter total of an imported case changes here (``totals.totals_changed``):
concurrent letter presses add to it without conflicting, and a sync whose
source last reported at the same value has no total to walk for.

A ``Source`` is another site running the add-on that this site imports
cases from:

* ``name`` (shown as "From <name>"), ``url`` (the source's site root);
* the credentials of this section's service account there, in the private
  attributes ``_username`` and ``_password``: no form, view or REST service
  shows them back (the control panel shows whether one is set), and only
  the sync, run as the system user, and Managers' edit form read them;
* filters for new cases: ``languages``, ``countries``, ``themes`` (empty:
  any) and ``open_only``; and ``arrive_as``: ``draft`` (for translation) or
  ``published``;
* the sync's state: ``cursor`` (the ``changed_since`` of the next sync,
  see ``sync``; reset when the address or a filter changes), ``cases`` (``OOBTree`` source UID -> local UID, ``""``
  once an editor deleted the copy), ``failed`` (source UID -> the case's
  URL there, for cases whose import failed: the next sync tries them
  first),
  ``last_exchange`` (when all totals were last exchanged),
  ``reported_change`` (the value of ``Sources.totals_changed`` when its
  totals were last compared, ``None`` before) and ``log``, the
  newest ``LOG_SIZE`` entries ``{"time", "level", "message", "default",
  "mapping"}`` with an untranslated message, so each reader sees it in
  their language (a repeated entry only moves its time).

Only editors with "collective.urgentactions: Manage syndication" change
sources; the sync writes ``cursor``, ``cases``, ``failed``, ``last_exchange``,
``reported_change`` and ``log``, each sync in its own transactions.
"""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from collective.urgentactions.syndication.changes import now_iso
from persistent import Persistent
from persistent.list import PersistentList
from zope.annotation.interfaces import IAnnotations
from zope.i18nmessageid import Message

import plone.api
import re


SOURCES_KEY = "collective.urgentactions.syndication"
LOG_SIZE = 200
DRAFT = "draft"
PUBLISHED = "published"
ARRIVE_AS = (DRAFT, PUBLISHED)
SETTINGS = (
    "name",
    "url",
    "languages",
    "countries",
    "themes",
    "open_only",
    "arrive_as",
)
# Settings whose change makes the next sync list every case again.
RELIST = ("url", "languages", "countries", "themes", "open_only")


class Source(Persistent):
    # Sources stored before totals were compared by change counter.
    reported_change = None

    def __init__(self, source_id):
        self.id = source_id
        self.name = ""
        self.url = ""
        self.languages = ()
        self.countries = ()
        self.themes = ()
        self.open_only = False
        self.arrive_as = DRAFT
        self._username = ""
        self._password = ""
        self.cursor = None
        self.cases = OOBTree()
        self.failed = OOBTree()
        self.last_exchange = None
        self.log = PersistentList()

    def configure(self, **settings):
        """Change settings. A new address or new filters start the next
        sync from the beginning, so cases the old filters left out arrive
        (imported ones that did not change cost no request)."""
        for name, value in settings.items():
            if name not in SETTINGS:
                raise KeyError(name)
            if name in RELIST and getattr(self, name) != value:
                self.cursor = None
            setattr(self, name, value)

    def set_credentials(self, username, password):
        self._username = username
        self._password = password

    def credentials(self):
        """``(username, password)`` for the sync (``None`` without)."""
        if not self._username:
            return None
        return (self._username, self._password)

    @property
    def has_credentials(self):
        return bool(self._username)

    def add_log(self, level, message):
        """``message`` is a translatable message (with its mapping). The
        same entry as the newest one (idle syncs) only moves its time, so
        a sync every few minutes does not push the news out of the log."""
        entry = {
            "time": now_iso(),
            "level": level,
            "message": str(message),
            "default": getattr(message, "default", None),
            "mapping": dict(getattr(message, "mapping", None) or {}),
        }
        if self.log and {**self.log[-1], "time": entry["time"]} == entry:
            self.log[-1] = entry
            return
        self.log.append(entry)
        del self.log[:-LOG_SIZE]

    def log_messages(self):
        """The log, newest first, as ``(time, level, Message)``."""
        return [
            (
                entry["time"],
                entry["level"],
                Message(
                    entry["message"],
                    domain="collective.urgentactions",
                    default=entry["default"],
                    mapping=entry["mapping"],
                ),
            )
            for entry in reversed(self.log)
        ]


class Sources(Persistent):
    # Sites whose sources were added before the counter: the first sync
    # stores it (``changes_counter``).
    totals_changed = None

    def __init__(self):
        self.sources = OOBTree()
        self.totals_changed = Length()

    def changes_counter(self):
        """``totals_changed``, stored on first use by a sync."""
        if self.totals_changed is None:
            self.totals_changed = Length()
        return self.totals_changed


def get_sources(portal=None):
    """The site's sources (``None`` before the first is added)."""
    portal = portal or plone.api.portal.get()
    return IAnnotations(portal).get(SOURCES_KEY)


def all_sources(portal=None):
    sources = get_sources(portal)
    return [] if sources is None else list(sources.sources.values())


def get_source(source_id, portal=None):
    sources = get_sources(portal)
    return None if sources is None else sources.sources.get(source_id)


def new_id(name, taken):
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "source"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def add_source(name, portal=None):
    portal = portal or plone.api.portal.get()
    annotations = IAnnotations(portal)
    sources = annotations.get(SOURCES_KEY)
    if sources is None:
        sources = annotations[SOURCES_KEY] = Sources()
    source = Source(new_id(name, sources.sources))
    sources.sources[source.id] = source
    return source


def remove_source(source_id, portal=None):
    """Forget a source; the cases imported from it stay, as local cases."""
    sources = get_sources(portal)
    if sources is not None and source_id in sources.sources:
        del sources.sources[source_id]


def remove_all_sources(portal):
    """Forget every source with its credentials and log (on uninstall:
    credentials are secrets); imported cases stay, as local cases."""
    IAnnotations(portal).pop(SOURCES_KEY, None)
