"""An entry changed once is changed on every open case that uses it
(drafts included: they are still to be published)."""

from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import ua_status

import plone.api


def cases_using(entry):
    """The Urgent Actions whose addressees or copies point to ``entry``."""
    cases = {}
    for relation in plone.api.relation.get(target=entry, unrestricted=True):
        if relation.from_attribute in ("addressee_entries", "copy_entries"):
            source = relation.from_object
            if source is not None:
                cases[source.UID()] = source
    return list(cases.values())


def refresh_open_cases(entry, event):
    """Pages and the REST API read the entry live; the open cases that use it
    are marked modified (no event: it is not an edit of the case) so caches,
    search and sections asking "changed since" see the new address."""
    for ua in cases_using(entry):
        if ua_status(ua) != CLOSED:
            ua.setModificationDate()
            ua.reindexObject(idxs=["modified", "SearchableText"])
