"""The floor of a press, for bench/contention.py (not part of the add-on).

``POST <ua>/@letters-floor`` answers what ``GET <ua>/@letters`` answers and
writes one ``BTrees.Length`` counter (conflict-resolving, as the letter
counters are) in an annotation of the action: the cheapest write a press
could be, through the same publisher, authentication and service machinery,
with none of the press's rules, records or counters. Its rate against the
members' GETs is what the ZEO commit alone leaves of the GET rate. Only the
benchmark's cluster loads it (``scripts/cluster.py`` with ``floor=True``
puts ``floor.zcml`` into the instances' package-includes).
"""

from BTrees.Length import Length
from collective.urgentactions.letters.rules import letter_state
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.annotation.interfaces import IAnnotations
from zope.interface import alsoProvides


KEY = "contention-bench.floor"


class FloorPost(Service):
    def reply(self):
        # A JWT request: no cookie a foreign page could send.
        alsoProvides(self.request, IDisableCSRFProtection)
        annotations = IAnnotations(self.context)
        counter = annotations.get(KEY)
        if counter is None:
            # The benchmark's first floor request, sent alone.
            counter = annotations[KEY] = Length()
        counter.change(1)
        return letter_state(self.context)
