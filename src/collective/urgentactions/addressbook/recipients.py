"""Whom a case writes to, in one form for the page, letters, mail and REST.

A case names its recipients in two ways: relations to address-book entries
(``addressee_entries``, ``copy_entries``) and, for one-off authorities, inline
rows (``addressees``, ``copies_to``). :func:`recipients` returns both as
*recipient* dicts:

``id``
    the entry's UID, or ``inline-addressees-0`` / ``inline-copies_to-1``
``role``
    ``addressee`` (write to) or ``copy`` (send a copy to)
``name``, ``address``, ``email``, ``fax``, ``note``, ``country``
    text (empty when not given); ``address_lines`` splits the address
``salutations``
    ``{language: salutation}``, the general salutation under ``""``
``url``
    the entry's URL (``None`` for inline rows)
"""

from AccessControl import getSecurityManager
from collective.urgentactions import _
from zope.i18n import translate


ADDRESSEE = "addressee"
COPY = "copy"

# (role, relation field, inline field)
SOURCES = (
    (ADDRESSEE, "addressee_entries", "addressees"),
    (COPY, "copy_entries", "copies_to"),
)


def text(value):
    return (value or "").strip()


def entry_recipient(entry, role):
    salutations = {
        row.get("language"): text(row.get("salutation"))
        for row in entry.salutations or ()
        if row.get("language") and text(row.get("salutation"))
    }
    salutations[""] = text(entry.salutation)
    return _recipient(
        id=entry.UID(),
        role=role,
        name=text(entry.title),
        address=text(entry.address),
        email=text(entry.email),
        fax=text(entry.fax),
        note=text(entry.note),
        country=entry.country or "",
        salutations=salutations,
        url=entry.absolute_url(),
    )


def inline_recipient(row, role, field_name, index, country):
    return _recipient(
        id=f"inline-{field_name}-{index}",
        role=role,
        name=text(row.get("name")),
        address=text(row.get("address")),
        email=text(row.get("email")),
        fax=text(row.get("fax")),
        note="",
        country=country or "",
        salutations={"": text(row.get("salutation"))},
        url=None,
    )


def _recipient(**fields):
    fields["address_lines"] = fields["address"].splitlines()
    return fields


def related_entries(ua, field_name):
    """The address-book entries a relation field points to that the user may
    view (broken relations to deleted entries are left out)."""
    check = getSecurityManager().checkPermission
    entries = []
    for relation in getattr(ua, field_name, None) or ():
        entry = None if relation.isBroken() else relation.to_object
        if entry is not None and check("View", entry):
            entries.append(entry)
    return entries


def recipients(ua, role=None):
    """The case's recipients, address-book entries first, then inline rows
    (rows without a name are spare rows and left out)."""
    result = []
    for source_role, relation_field, inline_field in SOURCES:
        if role not in (None, source_role):
            continue
        for entry in related_entries(ua, relation_field):
            result.append(entry_recipient(entry, source_role))
        for index, row in enumerate(getattr(ua, inline_field, None) or ()):
            if text(row.get("name")):
                result.append(
                    inline_recipient(row, source_role, inline_field, index, ua.country)
                )
    return result


def find_recipient(ua, recipient_id):
    """The recipient with this id, or ``None``."""
    for recipient in recipients(ua):
        if recipient["id"] == recipient_id:
            return recipient
    return None


def own_salutation(recipient, language):
    """The recipient's salutation for ``language``, else its general one."""
    salutations = recipient["salutations"]
    return salutations.get(language) or salutations.get("") or ""


def salutation(recipient, language):
    """The salutation a letter in ``language`` opens with: the recipient's
    own, or a general formula in that language."""
    return own_salutation(recipient, language) or translate(
        _("Dear Sir or Madam"), target_language=language
    )


def address_block(recipient):
    """The lines of the address block: function and name, then the address."""
    return [recipient["name"], *recipient["address_lines"]]
