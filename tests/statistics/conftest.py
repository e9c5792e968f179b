"""Cases with letters on chosen days, and the users who look at them."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.interfaces import IBrowserLayer
from zope.interface import alsoProvides

import pytest


@pytest.fixture
def users(portal):
    """A member, an editor with a full name, one without, and a manager."""
    for userid, roles, fullname in (
        ("member", ["Member"], ""),
        ("editor", ["Member", "Editor"], "Erika Editor"),
        ("nameless", ["Member", "Editor"], ""),
    ):
        portal.acl_users.userFolderAddUser(userid, "secret-password-1", roles, [])
        if fullname:
            portal.portal_membership.getMemberById(userid).setMemberProperties(
                {"fullname": fullname}
            )
    return portal


@pytest.fixture
def request_(portal):
    request = portal.REQUEST
    alsoProvides(request, IBrowserLayer)
    return request


@pytest.fixture
def letters_on():
    """``letters_on(ua, day, quantity, channel)``: letters counted on
    ``day`` through the counters a press writes."""

    def add(ua, day, quantity, channel="letter"):
        IActionTally(ua).add(quantity, channel, day)

    return add
