"""What a press spends on asking who presses and whether they may, side by
side in one run: through ``plone.api.user`` (what the rules used after the
extension points landed) and through the security manager (what
``letters/rules.py`` does now), against a whole press with its commit.

A press asks for the user twice (the rule and the state it answers) and
for a permission three times (count: yes, twice; statistics: no, once, for
a member). Rounds alternate the two ways; each figure is the median over
the rounds of the mean of ``CALLS`` calls.

Usage: python -m bench.press_checks [ROUNDS=9] [CALLS=300]
"""

from AccessControl.SecurityManagement import newSecurityManager
from bench.layers import functional_site
from collective.urgentactions.letters import rules
from collective.urgentactions.testing import create_ua

import plone.api
import statistics
import sys
import time
import transaction


def through_plone_api(ua):
    for _ in range(2):
        if not plone.api.user.is_anonymous():
            plone.api.user.get_current().getId()
    plone.api.user.has_permission(rules.COUNT_PERMISSION, obj=ua)
    plone.api.user.has_permission(rules.COUNT_PERMISSION, obj=ua)
    plone.api.user.has_permission(rules.STATISTICS_PERMISSION, obj=ua)


def through_security_manager(ua):
    rules.current_userid()  # once: the rule hands the id to the state
    rules.has_permission(rules.COUNT_PERMISSION, ua)
    rules.has_permission(rules.COUNT_PERMISSION, ua)
    rules.has_permission(rules.STATISTICS_PERMISSION, ua)


def press(ua):
    rules.count_letters(ua, 1)
    transaction.commit()


def mean_ms(function, ua, calls):
    began = time.perf_counter()
    for _ in range(calls):
        function(ua)
    return (time.perf_counter() - began) / calls * 1000


def main(rounds=9, calls=300):
    with functional_site() as (_app, portal):
        plone.api.portal.set_registry_record(
            "collective.urgentactions.letters_cap", 1000
        )
        ua = create_ua(portal["urgent-actions"], ua_number="101/26", title="Bench")
        portal.acl_users.userFolderAddUser(
            "presser", "secret-password-1", ["Member"], []
        )
        transaction.commit()
        user = portal.acl_users.getUserById("presser")
        newSecurityManager(None, user.__of__(portal.acl_users))
        presses = min(calls, 1000 // rounds - 1)
        figures = {"plone.api": [], "security manager": [], "whole press": []}
        for _ in range(rounds):
            figures["plone.api"].append(mean_ms(through_plone_api, ua, calls))
            figures["security manager"].append(
                mean_ms(through_security_manager, ua, calls)
            )
            figures["whole press"].append(mean_ms(press, ua, presses))
        median = {name: statistics.median(values) for name, values in figures.items()}
        print(f"{'way':<18} {'ms per press':>12}")
        for name, value in median.items():
            print(f"{name:<18} {value:>12.3f}")
        api, manager = median["plone.api"], median["security manager"]
        print(f"plone.api / security manager: {api / manager:.1f}")
        print(
            f"saved per press: {api - manager:.3f} ms of a {median['whole press']:.3f} ms press"
        )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
