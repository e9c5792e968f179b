"""An imported case: where it came from, what the source last said, and
the source's changes an editor has still to decide on.

``SyndicatedCase`` (annotation ``collective.urgentactions.syndicated`` on
the local case, created when the case is imported) keeps:

* the source: ``source_id``, ``source_name``, ``site_url``, ``uid`` (the
  case at the source this site reports its letter totals to: the one first
  imported), ``ua_number``; ``followed``, the UID of the source's
  translation whose text is imported (``uid`` unless the source added one
  in this site's language later, see ``sync``), its ``url`` and
  ``changed``, the source's ``changed`` of the version last imported;
* per synced field (``key``: ``case:text``, ``update:<source UID>:title``,
  ``template:<source UID>:file``, ``case:status``, ...): ``markers[key]``,
  a fingerprint of the source's value as last seen (an unchanged field is
  skipped without downloading anything), and ``base[key]``, a fingerprint of
  the local value as the sync last wrote it. A local value that no longer
  matches its ``base`` was edited here (a translation) and is never
  overwritten: the source's new value waits in ``pending[key]`` for an
  editor to take it or keep the local one;
* ``children``: source UID of an update or template -> local id;
  ``child_groups``: the translation group of an imported update or template
  at the source -> its source UID, so the same update in the translation
  followed next is the same local one;
* ``worldwide``: the last totals exchanged with the source, ``{"total"``
  (worldwide, as the source answered), ``"reported"`` (this site's total
  then), ``"received_at"}``.
"""

from persistent import Persistent
from zope.annotation.interfaces import IAnnotations

import hashlib
import json
import plone.api


CASE_KEY = "collective.urgentactions.syndicated"


class SyndicatedCase(Persistent):
    # Cases imported before translations were followed.
    followed_uid = None
    child_groups = None

    def __init__(self, source, data):
        self.source_id = source.id
        self.source_name = source.name
        self.site_url = source.url
        self.uid = data["UID"]
        self.ua_number = data["ua_number"]
        self.url = data["@id"]
        self.changed = None
        self.markers = {}
        self.base = {}
        self.pending = {}
        self.children = {}
        self.child_groups = {}
        self.worldwide = {}

    @property
    def followed(self):
        return self.followed_uid or self.uid

    def set(self, mapping, key, value):
        if getattr(self, mapping) is None:
            setattr(self, mapping, {})
        getattr(self, mapping)[key] = value
        self._p_changed = True

    def drop(self, mapping, key):
        if key in getattr(self, mapping):
            del getattr(self, mapping)[key]
            self._p_changed = True


def local_object(uid):
    """The local case (or any content) with this UID, whoever may see it."""
    if not uid:
        return None
    catalog = plone.api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid)
    return brains[0]._unrestrictedGetObject() if brains else None


def local_objects(uids):
    """``{UID: object}`` of the local cases with these UIDs (one query)."""
    uids = [uid for uid in uids if uid]
    if not uids:
        return {}
    catalog = plone.api.portal.get_tool("portal_catalog")
    return {
        brain.UID: brain._unrestrictedGetObject()
        for brain in catalog.unrestrictedSearchResults(UID=uids)
    }


def get_case(ua):
    """The syndication record of an imported case (``None`` for a local one)."""
    return IAnnotations(ua).get(CASE_KEY)


def ensure_case(ua, source, data):
    annotations = IAnnotations(ua)
    record = annotations.get(CASE_KEY)
    if record is None:
        record = annotations[CASE_KEY] = SyndicatedCase(source, data)
    return record


def fingerprint(value):
    """A short stable digest of a JSON-compatible value."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
