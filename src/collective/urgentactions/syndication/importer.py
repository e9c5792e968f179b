"""Import one case from a source, or bring the local copy in step.

:func:`import_case` first converts everything that changed at the source
(downloading files), so malformed data is refused before anything is
written; the sync runs each case in its own transaction and aborts it on
any error, so a case is imported whole or not at all.

A field an editor changed here (see ``cases``) keeps the local value; the
source's new one waits for the editor's decision (:func:`take_source`,
:func:`keep_local`). A new update published at the source arrives as a
draft or published, by the source's ``arrive_as``; publishing it here
mails the case's followers through the add-on's update function.

The sync follows one translation of a case at a multilingual source; when
it changes to another (one in this site's language arrived), its fields
come in as changes of the same fields, and its updates and templates that
are translations of those imported (the same translation group at the
source) as changes of the same local ones: local edits are kept as always,
and no follower is mailed again for an update they had.
"""

from collective.urgentactions import _
from collective.urgentactions.content.fields import actions_numbered
from collective.urgentactions.filing import archive_folder
from collective.urgentactions.syndication import fields as syndicated_fields
from collective.urgentactions.syndication.cases import ensure_case
from collective.urgentactions.syndication.cases import fingerprint
from collective.urgentactions.syndication.cases import get_case
from collective.urgentactions.syndication.cases import local_object
from collective.urgentactions.syndication.fields import Malformed
from collective.urgentactions.syndication.sources import PUBLISHED
from plone.dexterity.utils import createContentInContainer
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import plone.api


STATUS_KEY = "case:status"
FIELD_SETS = {
    "case": syndicated_fields.CASE_FIELDS,
    "update": syndicated_fields.UPDATE_FIELDS,
    "template": syndicated_fields.TEMPLATE_FIELDS,
}
TYPES = {"update": "UrgentActionUpdate", "template": "LetterTemplate"}


class CaseRefused(Exception):
    """A case the sync does not import; ``message`` says why, for people."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def field_key(kind, field, child_uid=None):
    return f"{kind}:{child_uid}:{field.name}" if child_uid else f"{kind}:{field.name}"


def find_field(key):
    kind, *rest = key.split(":")
    name = rest[-1]
    for field in FIELD_SETS[kind]:
        if field.name == name:
            return kind, (rest[0] if len(rest) == 2 else None), field
    raise KeyError(key)


def components(data, name):
    """The expanded updates or templates of a case's JSON."""
    try:
        items = data["@components"][name]["items"]
    except (KeyError, TypeError):
        raise Malformed(name, None)
    if not isinstance(items, list):
        raise Malformed(name, items)
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("UID"), str):
            raise Malformed(name, item)
    return items


def template_json(item):
    """A template of the ``templates`` expansion, its file under ``file``."""
    keys = ("download", "filename", "content-type", "size", "modified")
    return {**item, "file": {key: item.get(key) for key in keys}}


class Change:
    """A field whose source value changed since the last sync."""

    def __init__(self, key, field, marker, value):
        self.key = key
        self.field = field
        self.marker = marker
        self.value = value


def changes_of(fields_, kind, data, record, fetch, child_uid=None):
    """The converted source values of the fields that changed at the source."""
    changes = []
    for field in fields_:
        key = field_key(kind, field, child_uid)
        marker = field.marker(data)
        if record is not None and record.markers.get(key) == marker:
            continue
        value = field.convert(field.source_value(data), fetch)
        changes.append(Change(key, field, marker, value))
    return changes


class AlreadyImported(Exception):
    """The case is a translation of one imported from the same source (they
    share the UA number)."""

    def __init__(self, local):
        super().__init__(local.UID())
        self.local = local


def check_number(number, local, source):
    """Refuse a UA number that a local case other than ``local`` has."""
    own = local.UID() if local is not None else None
    for brain in actions_numbered(number):
        if own != brain.UID:
            other = brain._unrestrictedGetObject()
            record = get_case(other)
            if local is None and record and record.source_id == source.id:
                raise AlreadyImported(other)
            raise CaseRefused(
                _(
                    "UA ${number} from ${source} was not imported: the case "
                    "${url} here has the same UA number. Renumber one of them; "
                    "the next sync tries again.",
                    mapping={
                        "number": number,
                        "source": source.name,
                        "url": brain.getURL(),
                    },
                )
            )


def apply_changes(obj, record, changes):
    """Write the changes an editor has not overridden here; the others wait
    in ``pending``. Returns whether anything was written."""
    written = False
    for change in changes:
        base = record.base.get(change.key)
        if base is None or change.field.local_fingerprint(obj) == base:
            change.field.write(obj, change.value)
            record.set("base", change.key, change.field.value_fingerprint(change.value))
            record.drop("pending", change.key)
            written = True
        else:
            record.set("pending", change.key, change.value)
        record.set("markers", change.key, change.marker)
    return written


def add_content(container, type_name, values):
    """Create content in its place under the id its title gives, as the add
    form does. Creating it elsewhere first (a temporary id to rename, the
    section to file it from) would move it, and each move reindexes it and
    queries the catalog for its comments: most of an import's time."""
    return createContentInContainer(
        container, type_name, checkConstraints=False, id=values.get("title"), **values
    )


def transition(obj, name):
    workflow = plone.api.portal.get_tool("portal_workflow")
    available = {item["id"] for item in workflow.getTransitionsFor(obj)}
    if name in available:
        workflow.doActionFor(obj, name)


def review_state(obj):
    return plone.api.content.get_state(obj, default=None)


def follow_status(ua, source_state, arrive_as, new):
    """Open or close the local copy as the source did. A draft copy stays a
    draft (an editor publishes it after translating) unless cases arrive
    published."""
    if new and arrive_as == PUBLISHED:
        transition(ua, "publish")
    state = review_state(ua)
    if state == "published" and source_state == "closed":
        transition(ua, "close")
    elif state == "closed" and source_state == "published":
        transition(ua, "reopen")


def import_case(source, data, fetch, section, local_uid=None):
    """Import or update the case ``data`` (its JSON with updates and
    templates expanded) from ``source``; ``fetch(url)`` downloads a file.
    ``local_uid``: the local copy of another translation of the case, which
    now follows this one. Returns ``"created"``, ``"updated"`` or
    ``"unchanged"``."""
    for key in ("UID", "@id", "ua_number"):
        if not isinstance(data.get(key), str):
            raise Malformed(key, data.get(key))
    local_uid = source.cases.get(data["UID"], local_uid)
    local = local_object(local_uid)
    if local_uid == "" or (local_uid and local is None):
        # An editor deleted the imported copy: leave it deleted.
        source.cases[data["UID"]] = ""
        return "unchanged"
    record = get_case(local) if local is not None else None

    updates = [
        item
        for item in components(data, "updates")
        if item.get("review_state") in (None, "published")
    ]
    templates = [template_json(item) for item in components(data, "templates")]
    case_changes = changes_of(
        syndicated_fields.CASE_FIELDS, "case", data, record, fetch
    )
    child_changes = [
        (
            kind,
            item["UID"],
            item.get("translation_group"),
            changes_of(FIELD_SETS[kind], kind, item, record, fetch, item["UID"]),
        )
        for kind, items in (("update", updates), ("template", templates))
        for item in items
    ]
    source_state = data.get("review_state")
    status_marker = fingerprint(source_state)

    number = next((c.value for c in case_changes if c.field.name == "ua_number"), None)
    if number is not None:
        try:
            check_number(number, local, source)
        except AlreadyImported as error:
            # Listed on its own by a source before translations were
            # grouped: the sync follows the translation of its choice.
            source.cases[data["UID"]] = error.local.UID()
            return "unchanged"

    new = local is None
    if new:
        values = {change.field.name: change.value for change in case_changes}
        issued = values.get("issue_date")
        container = archive_folder(section, issued) if issued else section
        local = add_content(container, "UrgentAction", values)
        record = ensure_case(local, source, data)
        for change in case_changes:
            record.set("markers", change.key, change.marker)
            record.set("base", change.key, change.field.value_fingerprint(change.value))
        source.cases[data["UID"]] = local.UID()
        written = True
    else:
        written = apply_changes(local, record, case_changes)

    for kind, child_uid, group, changes in child_changes:
        if changes:
            written |= apply_child(
                local, record, kind, (child_uid, group), changes, source
            )

    if record.markers.get(STATUS_KEY) != status_marker:
        follow_status(local, source_state, source.arrive_as, new)
        record.set("markers", STATUS_KEY, status_marker)
        written = True

    source.cases[data["UID"]] = local.UID()
    record.followed_uid = data["UID"]
    record.url = data["@id"]
    record.ua_number = data["ua_number"]
    record.source_name = source.name
    record.changed = data.get("changed") or record.changed
    if written and not new:
        notify(ObjectModifiedEvent(local))
    if new:
        return "created"
    return "updated" if written else "unchanged"


def translated_child(record, kind, child_uid, group):
    """The local id of the update or template imported from another
    translation of ``child_uid`` (same translation group at the source),
    which now follows this one: its local edits are kept (``base``)."""
    earlier = (record.child_groups or {}).get(group) if group else None
    local_id = record.children.get(earlier) if earlier else None
    if local_id is None:
        return None
    for field in FIELD_SETS[kind]:
        base = record.base.get(field_key(kind, field, earlier))
        if base is not None:
            record.set("base", field_key(kind, field, child_uid), base)
    record.set("children", child_uid, local_id)
    return local_id


def apply_child(ua, record, kind, source_child, changes, source):
    """Create or update one update or letter template of the case;
    ``source_child`` is its ``(UID, translation group)`` at the source."""
    child_uid, group = source_child
    local_id = record.children.get(child_uid) or translated_child(
        record, kind, child_uid, group
    )
    if group:
        record.set("child_groups", group, child_uid)
    if local_id is None:
        values = {change.field.name: change.value for change in changes}
        # A template's title is derived from its language (and UA number).
        values.setdefault("title", values.get("letter_language"))
        child = add_content(ua, TYPES[kind], values)
        record.set("children", child_uid, child.getId())
        for change in changes:
            record.set("markers", change.key, change.marker)
            record.set("base", change.key, change.field.value_fingerprint(change.value))
        if kind == "update" and source.arrive_as == PUBLISHED:
            transition(child, "publish")
        return True
    child = ua.get(local_id)
    if child is None:
        return False  # deleted here: an editor's decision
    if apply_changes(child, record, changes):
        notify(ObjectModifiedEvent(child))
        return True
    return False


def target_of(ua, record, key):
    _kind, child_uid, field = find_field(key)
    if child_uid is None:
        return ua, field
    return ua.get(record.children.get(child_uid, "")), field


def take_source(ua, key):
    """The editor takes the source's new value of a field edited here."""
    record = get_case(ua)
    value = record.pending[key]
    obj, field = target_of(ua, record, key)
    if obj is not None:
        field.write(obj, value)
        record.set("base", key, field.value_fingerprint(value))
        notify(ObjectModifiedEvent(obj))
    record.drop("pending", key)


def keep_local(ua, key):
    """The editor keeps the local value; a later change at the source is
    shown again (the base stays the source's older value)."""
    get_case(ua).drop("pending", key)
