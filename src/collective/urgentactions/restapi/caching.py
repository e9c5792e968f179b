"""HTTP caching of responses that carry letter counts.

Responses with counts use the ruleset ``collective.urgentactions.letters``,
mapped (by the default profile) to the operation below: anonymous GETs may be
cached by browsers and proxies for ``collective.urgentactions.count_max_age``
seconds (default 60), anything else not at all. There are no ETags and no RAM
cache, so no cache can serve a count older than that setting.

A generic service (``@search`` with ``fullobjects``, say) that expands
``letters`` is switched to the same ruleset by :func:`mark_count_bearing`.
"""

from collective.urgentactions import _
from plone.app.caching.operations.utils import doNotCache
from plone.app.caching.operations.utils import setCacheHeaders
from plone.caching.interfaces import ICachingOperation
from plone.caching.interfaces import ICachingOperationType
from zope.component import adapter
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import provider

import plone.api


RULESET = "collective.urgentactions.letters"
MAX_AGE_RECORD = "collective.urgentactions.count_max_age"
DEFAULT_MAX_AGE = 60


class ICountBearing(Interface):
    """A published service whose response carries letter counts."""


def mark_count_bearing(request):
    """Cache the current response by the counts ruleset."""
    published = request.get("PUBLISHED")
    published = getattr(published, "__self__", published)
    if published is not None and not ICountBearing.providedBy(published):
        alsoProvides(published, ICountBearing)


def count_max_age():
    value = plone.api.portal.get_registry_record(
        MAX_AGE_RECORD, default=DEFAULT_MAX_AGE
    )
    return max(int(value or 0), 0)


@implementer(ICachingOperation)
@provider(ICachingOperationType)
@adapter(Interface, Interface)
class CountCaching:
    """Public for ``count_max_age`` seconds when anonymous, else private."""

    title = _("Letter counts")
    description = _(
        "Anonymous responses are cached for the seconds set in "
        "collective.urgentactions.count_max_age; others are not cached."
    )
    prefix = "collective.urgentactions.countCaching"
    options = ()
    sort = 10

    def __init__(self, published, request):
        self.published = published
        self.request = request

    def interceptResponse(self, rulename, response):
        """Never answer from a cache here: no 304s, no RAM cache."""
        return None

    def modifyResponse(self, rulename, response):
        max_age = count_max_age()
        if (
            max_age
            and self.request.get("REQUEST_METHOD") in ("GET", "HEAD")
            and response.getStatus() == 200
            and plone.api.user.is_anonymous()
        ):
            setCacheHeaders(
                self.published,
                self.request,
                response,
                maxage=max_age,
                vary="Accept, Accept-Language",
            )
        else:
            doNotCache(self.published, self.request, response)
