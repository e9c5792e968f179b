"""Catalog indexers for Urgent Actions."""

from collective.urgentactions.content.urgent_action import IUrgentAction
from collective.urgentactions.search import listing_order
from collective.urgentactions.status import closed_by_hand
from collective.urgentactions.status import NO_CLOSING_DATE
from collective.urgentactions.translations import card_languages
from collective.urgentactions.updates import last_update_published
from plone.indexer import indexer


@indexer(IUrgentAction)
def ua_open_until(obj):
    return obj.closing_date or NO_CLOSING_DATE


@indexer(IUrgentAction)
def ua_listing_order(obj):
    """The listings' sort key (``search``): issue date, then UA number."""
    return listing_order(obj.issue_date, obj.ua_number)


@indexer(IUrgentAction)
def ua_themes(obj):
    return obj.themes or ()


@indexer(IUrgentAction)
def ua_last_update(obj):
    return last_update_published(obj)


@indexer(IUrgentAction)
def ua_closed_by_hand(obj):
    """Metadata only: the day an editor closed the case, for listings."""
    return closed_by_hand(obj)


@indexer(IUrgentAction)
def ua_card_languages(obj):
    """The languages whose pages show this translation as the case's card."""
    return card_languages(obj)
