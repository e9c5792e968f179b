"""Members of every role and an HTTP client for the functional server: the
hardening tests make real requests, as an attacker or a curious
administrator would."""

from collective.urgentactions.testing import create_ua
from plone.app.testing import login
from plone.app.testing import logout
from plone.protect.authenticator import createToken

import plone.api
import pytest
import requests
import transaction


PASSWORD = "secret-password-1"
ROLES = {
    "member": ["Member"],
    "other": ["Member"],
    "contributor": ["Member", "Contributor"],
    "editor": ["Member", "Editor"],
    "siteadmin": ["Member", "Site Administrator"],
    "manager": ["Member", "Manager"],
}


class Client:
    """``requests`` against the functional server. Every request first
    commits what the test made and afterwards starts a new transaction, so
    the test sees what the server wrote. ``auth`` is ``basic`` or
    ``cookie`` (the login form's ``__ac`` cookie)."""

    def __init__(self, portal, user=None, auth="basic"):
        self.portal = portal
        self.portal_url = portal.absolute_url()
        self.session = requests.Session()
        self.user = user
        if user is None:
            return
        password = PASSWORD
        if auth == "basic":
            self.session.auth = (user, password)
        elif auth == "cookie":
            response = self.post(
                "@login",
                json={"login": user, "password": password},
            )
            assert "__ac" in self.session.cookies, response.text
        else:
            raise ValueError(auth)

    def url(self, target, path=""):
        if not isinstance(target, str):
            transaction.commit()
            target = plone.api.content.get(UID=target.UID()).absolute_url()
        elif not target.startswith("http"):
            target = f"{self.portal_url}/{target}" if target else self.portal_url
        return target + (f"/{path}" if path else "")

    def request(self, method, target, path="", **kwargs):
        url = self.url(target, path)
        transaction.commit()
        kwargs.setdefault("allow_redirects", False)
        if "json" in kwargs or "/@" in url.replace("/@@", "/"):  # REST
            kwargs["headers"] = {
                "Accept": "application/json",
                **kwargs.get("headers", {}),
            }
        try:
            return self.session.request(method, url, timeout=60, **kwargs)
        finally:
            transaction.begin()

    def get(self, target, path="", **kwargs):
        return self.request("GET", target, path, **kwargs)

    def post(self, target, path="", **kwargs):
        return self.request("POST", target, path, **kwargs)

    def patch(self, target, path="", **kwargs):
        return self.request("PATCH", target, path, **kwargs)

    def delete(self, target, path="", **kwargs):
        return self.request("DELETE", target, path, **kwargs)

    def token(self):
        """plone.protect's CSRF token for this user, as a page would carry it."""
        login(self.portal, self.user)
        try:
            return createToken()
        finally:
            logout()


@pytest.fixture
def portal(functional_portal):
    return functional_portal


@pytest.fixture
def users(portal):
    for userid, roles in ROLES.items():
        portal.acl_users.userFolderAddUser(userid, PASSWORD, roles, [])
        plone.api.user.get(userid).setMemberProperties(
            {"email": f"{userid}@example.org", "fullname": userid.capitalize()}
        )
    transaction.commit()
    return portal


@pytest.fixture
def client(users):
    """``client(user=None, auth="basic")``"""

    def factory(user=None, auth="basic"):
        return Client(users, user, auth)

    return factory


@pytest.fixture
def ua(users):
    uid = create_ua(users["urgent-actions"]).UID()
    transaction.commit()
    return plone.api.content.get(UID=uid)
