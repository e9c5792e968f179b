"""Helpers of the sharing tests."""

import plone.api
import transaction


def url_of(ua):
    """Committing files new cases into their year/month folder."""
    transaction.commit()
    return plone.api.content.get(UID=ua.UID()).absolute_url()
