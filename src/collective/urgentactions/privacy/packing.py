"""Removing the old revisions of erased data: packing the database.

ZODB storages that keep history (FileStorage, ZEO on FileStorage,
history-preserving RelStorage) keep every earlier revision of an object
until the database is packed, so a member's erased record would survive
in them. An erasure therefore marks the site as due for packing
(annotation ``PACK_DUE_KEY`` on the site root: the time of the first
erasure since the last pack, nothing about whom), and the nightly
``make pack`` (``@@urgentactions-maintenance?task=pack``) packs the
database to the present when it is due. Packing to the present also
empties the undo log. See ``docs/privacy.md`` for ZEO and RelStorage.
"""

from datetime import datetime
from datetime import UTC
from ZODB.DemoStorage import DemoStorage
from ZODB.serialize import referencesf
from zope.annotation.interfaces import IAnnotations

import plone.api
import time
import transaction


PACK_DUE_KEY = "collective.urgentactions.pack-due"


def schedule_pack(portal=None):
    """Old revisions of erased data must go at the next ``make pack``."""
    annotations = IAnnotations(portal or plone.api.portal.get())
    if not annotations.get(PACK_DUE_KEY):
        annotations[PACK_DUE_KEY] = datetime.now(UTC).isoformat()


def pack_due(portal=None):
    return IAnnotations(portal or plone.api.portal.get()).get(PACK_DUE_KEY)


def pack(portal, force=False):
    """Pack the site's database to now when an erasure is due (or always
    with ``force``). Returns whether it packed."""
    if not force and not pack_due(portal):
        return False
    annotations = IAnnotations(portal)
    if PACK_DUE_KEY in annotations:
        del annotations[PACK_DUE_KEY]
    transaction.commit()
    db = portal._p_jar.db()
    if isinstance(db.storage, DemoStorage):
        # A DemoStorage (tests, throw-away demos) cannot collect garbage
        # over its base; erased records are emptied, old revisions go.
        db.storage.pack(time.time(), referencesf, gc=False)
    else:
        db.pack(time.time())
    return True
