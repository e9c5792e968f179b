"""1010 → 1011: each member's data for an action in an object of its own
(``letters.storage.MemberActionData``), so that a press stores the member's
data for that action, not their whole history.

Walks every member record once and moves the actions it kept inline out;
a savepoint every few hundred records keeps the memory of a large site's
upgrade bounded."""

from collective.urgentactions.letters import storage

import logging
import transaction


logger = logging.getLogger("collective.urgentactions.upgrades")
RECORDS_PER_SAVEPOINT = 500


def move_out_member_actions(context=None):
    members = moved = 0
    for record in storage.member_records():
        moved += record.move_out_inline_actions()
        members += 1
        if members % RECORDS_PER_SAVEPOINT == 0:
            transaction.savepoint(optimistic=True)
    logger.info(
        "Moved %d cases' data of %d members out of their records.", moved, members
    )
