"""1007 → 1008: the daily run's part of the subscription index.

Adds to ``notifications.subscriptions`` who gets a daily digest and who
wants reminders, from every member record (walked once, here), so that the
daily run reads only the records of the members it may mail.
"""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import preferences
from collective.urgentactions.notifications import subscriptions

import logging


logger = logging.getLogger("collective.urgentactions.upgrades")


def build_digest_index(context=None):
    digests = reminders = 0
    for record in storage.member_records():
        if preferences.get(record, "delivery") == preferences.DIGEST:
            subscriptions.set_digest(record.userid, True)
            digests += 1
        days = preferences.get(record, "reminder_days")
        if days:
            subscriptions.set_reminder_days(record.userid, 0, days)
            reminders += 1
    logger.info("Indexed %d digests and %d reminder choices.", digests, reminders)
