"""Inline addressees become address-book entries (upgrade step 1001, demo).

Rows are matched to entries so that one authority or embassy is one entry:

- an embassy (its name says so, in en/de/fr/it/es/pt) is one entry per
  country, whichever case named it;
- any other authority is one entry per country, name and address.

Cases are converted newest first, so an embassy's entry holds the address the
newest case gave.
"""

from collective.urgentactions.addressbook.recipients import SOURCES
from collective.urgentactions.addressbook.recipients import text
from collective.urgentactions.content.addressee import AUTHORITY
from collective.urgentactions.content.addressee import EMBASSY
from datetime import date
from plone.dexterity.utils import createContentInContainer
from z3c.relationfield import RelationValue
from z3c.relationfield.event import updateRelations
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import re


EMBASSY_WORDS = re.compile(
    r"\b(embass(y|ies)|botschaft|ambassade|ambasciata|embajada|embaixada)\b",
    re.IGNORECASE,
)


def kind_of(name):
    return EMBASSY if EMBASSY_WORDS.search(name) else AUTHORITY


def normalized(value):
    return " ".join(text(value).casefold().split())


def entry_key(kind, country, name, address):
    if kind == EMBASSY:
        return (EMBASSY, country)
    return (AUTHORITY, country, normalized(name), normalized(address))


class Converter:
    """Converts the inline rows of cases into entries of one address book."""

    def __init__(self, book):
        self.book = book
        self.intids = getUtility(IIntIds)
        self.entries = {
            entry_key(entry.kind, entry.country, entry.title, entry.address): entry
            for entry in book.objectValues()
            if getattr(entry, "portal_type", None) == "Addressee"
        }
        self.created = 0

    def entry_for(self, row, country):
        name = text(row.get("name"))
        kind = kind_of(name)
        key = entry_key(kind, country, name, row.get("address"))
        entry = self.entries.get(key)
        if entry is None:
            entry = createContentInContainer(
                self.book,
                "Addressee",
                checkConstraints=False,
                title=name,
                kind=kind,
                country=country,
                salutation=text(row.get("salutation")) or None,
                address=text(row.get("address")) or None,
                email=text(row.get("email")) or None,
                fax=text(row.get("fax")) or None,
            )
            self.entries[key] = entry
            self.created += 1
        return entry

    def convert(self, ua):
        """Move the case's inline rows into relations; ``True`` if it had any."""
        if self.intids.queryId(ua) is None:
            self.intids.register(ua)  # cases older than the intid utility
        changed = False
        for _role, relation_field, inline_field in SOURCES:
            rows = [row for row in getattr(ua, inline_field, None) or () if row]
            if not rows:
                continue
            relations = list(getattr(ua, relation_field, None) or ())
            linked = {relation.to_id for relation in relations}
            for row in rows:
                if not text(row.get("name")):
                    continue
                entry_id = self.intids.getId(self.entry_for(row, ua.country))
                if entry_id not in linked:
                    relations.append(RelationValue(entry_id))
                    linked.add(entry_id)
            setattr(ua, relation_field, relations)
            setattr(ua, inline_field, [])
            changed = True
        if changed:
            updateRelations(ua, None)
        return changed


def convert_cases(book, cases):
    """Convert ``cases`` newest first; the number of entries created."""
    converter = Converter(book)
    for ua in sorted(cases, key=lambda ua: ua.issue_date or date.min, reverse=True):
        converter.convert(ua)
    return converter.created
