"""The "Urgent Actions" control panel."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import plone.api
import pytest
import transaction


@pytest.fixture
def browser(functional_app, functional_portal):
    functional_portal.acl_users.userFolderAddUser(
        "member", "secret-password-1", ["Member"], []
    )
    transaction.commit()
    browser = Browser(functional_app)
    browser.handleErrors = False
    return browser


def url(portal):
    return f"{portal.absolute_url()}/@@urgentactions-controlpanel"


def test_listed_in_site_setup(controlpanel_actions):
    assert "urgentactions" in controlpanel_actions


def test_manager_changes_the_settings(browser, functional_portal):
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(url(functional_portal))
    browser.getControl(name="form.widgets.letters_cap").value = "5"
    browser.getControl(name="form.widgets.display_threshold").value = "3"
    browser.getControl(name="form.widgets.channels:list").value = ["letter", "social"]
    browser.getControl(name="form.buttons.save").click()
    assert "Changes saved" in browser.contents
    transaction.begin()
    get = plone.api.portal.get_registry_record
    assert get("collective.urgentactions.letters_cap") == 5
    assert get("collective.urgentactions.display_threshold") == 3
    assert get("collective.urgentactions.channels") == ["letter", "social"]


@pytest.mark.parametrize("cap", ["0", "-1", "many"])
def test_bad_cap_is_refused(browser, functional_portal, cap):
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(url(functional_portal))
    browser.getControl(name="form.widgets.letters_cap").value = cap
    browser.getControl(name="form.buttons.save").click()
    assert "There were some errors" in browser.contents
    transaction.begin()
    assert (
        plone.api.portal.get_registry_record("collective.urgentactions.letters_cap")
        == 10
    )


def test_members_cannot_open_it(browser, functional_portal):
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    browser.addHeader("Authorization", "Basic member:secret-password-1")
    browser.open(url(functional_portal))
    assert "form.widgets.letters_cap" not in browser.contents
    assert "Insufficient Privileges" in browser.contents or "login" in browser.url
