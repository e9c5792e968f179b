"""Catalog indexers for Urgent Actions."""

from collective.urgentactions.content.urgent_action import IUrgentAction
from collective.urgentactions.status import NO_CLOSING_DATE
from plone.indexer import indexer


@indexer(IUrgentAction)
def ua_open_until(obj):
    return obj.closing_date or NO_CLOSING_DATE


@indexer(IUrgentAction)
def ua_themes(obj):
    return obj.themes or ()
