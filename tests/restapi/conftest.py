"""The REST API, tested over HTTP: content is committed on the functional
layer and requested from its WSGI server with ``requests``, as anonymous
visitors, members, editors and managers (Basic auth, a JWT or the login
cookie)."""

from collective.urgentactions.letters import rules
from collective.urgentactions.testing import HttpClient
from collective.urgentactions.testing import PASSWORD
from collective.urgentactions.testing import ROLES
from plone.app.testing import login
from plone.app.testing import logout
from restapi_helpers import OpenAPI

import pytest
import transaction


@pytest.fixture
def portal(functional_portal):
    """Every API test runs on the functional layer (also for the shared
    ``section`` and ``make_ua`` fixtures)."""
    return functional_portal


@pytest.fixture
def users(portal):
    """A user of every role in ``ROLES`` (member, other, editor, manager...)."""
    for userid, roles in ROLES.items():
        portal.acl_users.userFolderAddUser(userid, PASSWORD, roles, [])
    transaction.commit()
    return portal


@pytest.fixture
def api(users):
    """``api(user=None, auth="basic")``: a client as anonymous or as one of
    the users, authenticated by Basic auth, a JWT ("jwt") or the login
    cookie ("cookie")."""

    def factory(user=None, auth="basic"):
        return HttpClient(users, user, auth, rest=True, follow_redirects=True)

    return factory


@pytest.fixture
def count_as(users):
    """``count_as(userid, ua, quantity)``: letters counted in the test
    thread, through the same rules the services call."""

    def count(userid, ua, quantity=1, channel=None):
        login(users, userid)
        try:
            return rules.count_letters(ua, quantity, channel)
        finally:
            logout()

    return count


@pytest.fixture(scope="session")
def openapi():
    return OpenAPI()
