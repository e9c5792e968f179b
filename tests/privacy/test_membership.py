"""Being a member is itself sensitive: members cannot list each other
(Users vocabulary, ``@vocabularies``, author pages) unless the control panel
opens the listing."""

from collective.urgentactions.privacy.membership import PERMISSION

import plone.api
import pytest
import transaction


VOCABULARY = "plone.app.vocabularies.Users"


def listed(http, user):
    """What a user gets from the three ways to list members: status and
    body (``@@getVocabulary`` refuses with a 200 and an ``error``)."""
    seen = {}
    response = http(user).get(
        "@@getVocabulary", params={"name": VOCABULARY, "query": "e"}
    )
    seen["getVocabulary"] = response.status_code, response.text
    response = http(user).get(f"@vocabularies/{VOCABULARY}", params={"title": "e"})
    seen["rest"] = response.status_code, response.text
    response = http(user).get("author/other")
    seen["author"] = response.status_code, response.text
    return seen


def set_listed(value):
    plone.api.portal.set_registry_record(
        "collective.urgentactions.members_listed", value
    )
    transaction.commit()


@pytest.mark.parametrize("user", [None, "member", "contributor", "editor"])
def test_closed_by_default(http, user):
    seen = listed(http, user)
    assert seen["getVocabulary"] == (200, '{"error": "Vocabulary lookup not allowed"}')
    assert seen["rest"][0] in (401, 403)
    assert seen["author"][0] == 404
    for _status, text in seen.values():
        assert "other@example.org" not in text
        assert '"Other"' not in text


def test_members_see_their_own_author_page(http):
    assert http("other").get("author/other").status_code == 200


@pytest.mark.parametrize("user", ["siteadmin", "manager"])
def test_administrators_list_members(http, user):
    seen = listed(http, user)
    assert '"id": "other"' in seen["getVocabulary"][1]
    assert seen["rest"][0] == 200
    assert seen["author"][0] == 200


def test_setting_opens_and_closes(http, everyone):
    set_listed(True)
    seen = listed(http, "member")
    assert '"id": "other"' in seen["getVocabulary"][1]
    assert seen["author"][0] == 200
    set_listed(False)
    assert "not allowed" in listed(http, "member")["getVocabulary"][1]


def test_uninstall_gives_plone_its_default_back(everyone):
    from plone.base.utils import get_installer

    with plone.api.env.adopt_roles(["Manager"]):
        get_installer(everyone).uninstall_product("collective.urgentactions")
    roles = {
        role["name"]
        for role in everyone.rolesOfPermission(PERMISSION)
        if role["selected"]
    }
    assert "Member" in roles


def test_upgrade_closes_the_listing(everyone):
    setup = plone.api.portal.get_tool("portal_setup")
    profile = "collective.urgentactions:default"
    everyone.manage_permission(
        PERMISSION, roles=["Manager", "Site Administrator", "Member"], acquire=True
    )
    setup.setLastVersionForProfile(profile, "1001")
    with plone.api.env.adopt_roles(["Manager"]):
        setup.upgradeProfile(profile)
    roles = {
        role["name"]
        for role in everyone.rolesOfPermission(PERMISSION)
        if role["selected"]
    }
    assert roles == {"Manager", "Site Administrator"}
    assert setup.getLastVersionForProfile(profile) == (
        setup.getVersionForProfile(profile),
    )
