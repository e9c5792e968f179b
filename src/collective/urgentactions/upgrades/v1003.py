"""1002 → 1003: build the follower and subscription indexes from the
member records (``letters.followers``, ``notifications.subscriptions``).

Walks every member record once; after that, the mail jobs read only the
indexes."""

from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import subscriptions
from plone.app.uuid.utils import uuidToObject

import logging
import plone.api


logger = logging.getLogger("collective.urgentactions.upgrades")


def build_indexes(context=None):
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="UrgentAction"):
        followers.ensure_followers(brain._unrestrictedGetObject())
    members = follows = 0
    for record in storage.member_records():
        members += 1
        for uid in record.followed():
            ua = uuidToObject(uid, unrestricted=True)
            if ua is not None:
                followers.ensure_followers(ua).set(record.userid, True)
                follows += 1
        for kind in subscriptions.KINDS:
            subscriptions.update(record.userid, kind, (), record.preferences.get(kind))
    logger.info("Indexed %d follows of %d members.", follows, members)
