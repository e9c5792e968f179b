"""Site-wide: a foreign page cannot make a logged-in browser write through
the REST API, Plone's own services included."""

from collective.urgentactions.hardening.api_writes import SETTING

import json
import plone.api
import pytest
import transaction


EVIL = "http://evil.example"
NEW_MANAGER = {
    "username": "intruder",
    "email": "intruder@example.org",
    "password": "a-long-password-1",
    "roles": ["Manager"],
}


def text_plain_form(data):
    """The body a cross-origin ``<form enctype="text/plain">`` sends: one
    field whose name is JSON up to a quote, the value closing it."""
    text = json.dumps({**data, "pad": ""})[:-2]
    return f"{text}=" + '"}'


@pytest.fixture
def manager(http):
    return http("manager", "cookie")


@pytest.fixture
def document(everyone):
    workflow = plone.api.portal.get_tool("portal_workflow")
    workflow.setChainForPortalTypes(["Document"], "simple_publication_workflow")
    with plone.api.env.adopt_roles(["Manager"]):
        doc = plone.api.content.create(
            container=everyone, type="Document", id="secret-plan", title="Plan"
        )
    transaction.commit()
    return doc


def forged(client, path, data):
    return client.post(
        path,
        data=text_plain_form(data),
        headers={"Content-Type": "text/plain", "Origin": EVIL, "Referer": EVIL},
    )


def intruder():
    transaction.begin()
    return plone.api.user.get(userid="intruder")


@pytest.mark.parametrize("path", ["++api++/@users", "@users"])
def test_forged_user_creation_fails(manager, path):
    response = forged(manager, path, NEW_MANAGER)
    assert response.status_code == 403
    assert "CSRF token" in response.json()["error"]["message"]
    assert intruder() is None


def test_forged_workflow_change_fails(manager, document):
    response = forged(manager, "++api++/secret-plan/@workflow/publish", {})
    assert response.status_code == 403
    transaction.begin()
    assert plone.api.content.get_state(document) == "private"


def test_json_without_token_fails(manager):
    response = manager.post("++api++/@users", json=NEW_MANAGER)
    assert response.status_code == 403
    assert intruder() is None


def test_text_plain_with_token_fails(manager):
    response = manager.post(
        "++api++/@users",
        data=text_plain_form(NEW_MANAGER),
        headers={"Content-Type": "text/plain", "X-CSRF-TOKEN": manager.token()},
    )
    assert response.status_code == 403
    assert intruder() is None


def test_json_with_token_works(manager):
    response = manager.post(
        "++api++/@users",
        json=NEW_MANAGER,
        headers={"X-CSRF-TOKEN": manager.token()},
    )
    assert response.status_code == 201, response.text
    assert intruder() is not None


def test_token_clients_are_not_affected(http, document):
    response = http("manager").post("++api++/secret-plan/@workflow/publish", json={})
    assert response.status_code == 200, response.text


def test_without_the_hardening_the_forgery_succeeds(manager, everyone):
    """What the setting protects against: core plone.restapi accepts it."""
    plone.api.portal.set_registry_record(SETTING, False)
    transaction.commit()
    response = forged(manager, "++api++/@users", NEW_MANAGER)
    assert response.status_code == 201, response.text
    assert "Manager" in intruder().getRoles()
