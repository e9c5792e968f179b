"""Members and roles for the letter-counting tests."""

import pytest


@pytest.fixture
def users(portal):
    """A member, another member, an editor (local role on the section) and a
    manager, created fresh for each test."""
    for userid, roles in (
        ("member", ["Member"]),
        ("other", ["Member"]),
        ("editor", ["Member", "Editor"]),
        ("boss", ["Member", "Manager"]),
    ):
        portal.acl_users.userFolderAddUser(userid, "secret-password-1", roles, [])
    return portal


@pytest.fixture
def open_ua(make_ua):
    return make_ua()
