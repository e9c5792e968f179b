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


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("letters_cap", "0", "Write a number from 1 to 1000."),
        ("letters_cap", "5000", "Write a number from 1 to 1000."),
        (
            "letters_cap",
            "many",
            "Write a whole number with digits only, for example 10.",
        ),
        (
            "display_threshold",
            "-1",
            "Write 0 (always show the counter) or a larger number.",
        ),
        ("count_max_age", "9999", "Write a number of seconds from 0 to 3600."),
    ],
)
def test_errors_in_plain_words(browser, functional_portal, field, value, message):
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(url(functional_portal))
    browser.getControl(name=f"form.widgets.{field}").value = value
    browser.getControl(name="form.buttons.save").click()
    assert message in browser.contents
    assert "integer literal" not in browser.contents
    assert "Value is too" not in browser.contents


def test_no_way_of_sending_is_refused_in_plain_words(browser, functional_portal):
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(url(functional_portal))
    browser.getControl(name="form.widgets.channels:list").value = []
    browser.getControl(name="form.buttons.save").click()
    assert (
        "Choose at least one way of sending: members pick one when they count."
        in browser.contents
    )
    assert "Required input is missing." not in browser.contents
    transaction.begin()
    assert plone.api.portal.get_registry_record(
        "collective.urgentactions.channels"
    ) == ["letter", "email", "fax"]


def test_site_administrator_opens_and_saves_it(browser, functional_portal):
    functional_portal.acl_users.userFolderAddUser(
        "siteadmin", "secret-password-1", ["Site Administrator"], []
    )
    transaction.commit()
    browser.addHeader("Authorization", "Basic siteadmin:secret-password-1")
    browser.open(f"{functional_portal.absolute_url()}/@@overview-controlpanel")
    assert "@@urgentactions-controlpanel" in browser.contents
    browser.open(url(functional_portal))
    browser.getControl(name="form.widgets.letters_cap").value = "7"
    browser.getControl(name="form.buttons.save").click()
    assert "Changes saved" in browser.contents


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
    assert "Insufficient Privileges" in browser.contents
