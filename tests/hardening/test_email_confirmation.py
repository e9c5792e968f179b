"""A visitor's new account counts letters only once its address is
confirmed, through the link Plone mails."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import storage

import plone.api
import pytest
import transaction


PASSWORD = "a-long-password-1"


@pytest.fixture
def registered(http, everyone):
    """A visitor registered ``newbie``, choosing a password (no mail)."""
    plone.api.portal.set_registry_record("plone.enable_self_reg", True)
    plone.api.portal.set_registry_record("plone.enable_user_pwd_choice", True)
    transaction.commit()
    response = http().post(
        "@users",
        json={
            "username": "newbie",
            "email": "newbie@example.org",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 201, response.text
    return http()


def count(client, ua):
    client.session.auth = ("newbie", PASSWORD)
    return client.post(ua, "@letters", json={"quantity": 1})


def reset_token():
    """The key of the link Plone mails ("Forgot your password?")."""
    tool = plone.api.portal.get_tool("portal_password_reset")
    return tool.requestReset("newbie")["randomstring"]


def follow_mailed_link(client, password=PASSWORD + "x"):
    token = reset_token()
    response = client.post(
        "@users/newbie/reset-password",
        json={"reset_token": token, "new_password": password},
    )
    assert response.status_code == 200, response.text
    return password


def test_unconfirmed_account_does_not_count(registered, ua):
    response = count(registered, ua)
    assert response.status_code == 403
    assert "e-mail address is confirmed" in response.json()["error"]["message"]
    assert IActionTally(ua).total() == 0
    state = registered.get(ua, "@letters").json()
    assert state["can_count"] is False and state["email_confirmed"] is False


def test_the_mailed_link_confirms(registered, ua):
    new_password = follow_mailed_link(registered)
    registered.session.auth = ("newbie", new_password)
    response = registered.post(ua, "@letters", json={"quantity": 1})
    assert response.status_code == 201, response.text
    assert IActionTally(ua).total() == 1


def test_changing_ones_own_password_confirms_nothing(registered, ua):
    registered.session.auth = ("newbie", PASSWORD)
    response = registered.post(
        "@users/newbie/reset-password",
        json={"old_password": PASSWORD, "new_password": PASSWORD + "y"},
    )
    assert response.status_code == 200, response.text
    assert not storage.member_records().get("newbie").email_confirmed


def test_a_site_without_mail_may_turn_it_off(registered, ua):
    plone.api.portal.set_registry_record(
        "collective.urgentactions.confirmed_accounts_only", False
    )
    transaction.commit()
    assert count(registered, ua).status_code == 201


def test_accounts_made_by_administrators_count(http, ua):
    manager = http("manager")
    response = manager.post(
        "@users",
        json={"username": "vouched", "email": "v@example.org", "password": PASSWORD},
    )
    assert response.status_code == 201, response.text
    client = http()
    client.session.auth = ("vouched", PASSWORD)
    assert client.post(ua, "@letters", json={"quantity": 1}).status_code == 201
