"""The member's way to their letters and notification settings in headless
Debian Chromium: the user menu, and the settings form with Plone's widgets."""

from chromium import log_in
from chromium import screenshot
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import preferences
from collective.urgentactions.testing import PASSWORD

import pytest
import transaction


pytestmark = pytest.mark.browser


def open_user_menu(page):
    """The toolbar's personal menu (Plone's ``#personaltools-menulink``)."""
    page.click("#personaltools-menulink")
    menu = page.locator("#collapse-personaltools")
    menu.wait_for(state="visible")
    return menu


def test_user_menu_leads_to_my_letters_and_the_settings(page, functional_portal):
    portal_url = functional_portal.absolute_url()
    functional_portal.acl_users.userFolderAddUser("member", PASSWORD, ["Member"], [])
    transaction.commit()
    log_in(page, portal_url)

    page.goto(portal_url)
    menu = open_user_menu(page)
    assert menu.locator("a", has_text="My letters").is_visible()
    assert menu.locator("a", has_text="Notification settings").is_visible()
    screenshot(page, "user-menu.png")

    menu.locator("a", has_text="Notification settings").click()
    page.wait_for_url("**/@@urgentactions-preferences")
    assert "Urgent Actions: notification settings" in page.inner_text("h1")
    page.check("input[name='form.widgets.delivery'][value='digest']")
    page.check("input[name='form.widgets.themes:list'][value='torture']")
    screenshot(page, "notification-settings.png")
    page.click("#form-buttons-save")
    page.wait_for_selector(".portalMessage, .alert-info, .statusmessage")
    assert "Your notification settings have been saved." in page.content()

    transaction.begin()
    record = storage.member_records(functional_portal).get("member")
    assert preferences.get(record, "delivery") == "digest"
    assert preferences.get(record, "themes") == ["torture"]

    open_user_menu(page).locator("a", has_text="My letters").click()
    page.wait_for_url("**/@@my-letters")
    assert page.locator("h1").is_visible()
