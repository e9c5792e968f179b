"""The member's way to their letters and notification settings in headless
Debian Chromium: the user menu, and the settings form with Plone's widgets."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import preferences

import os
import pytest
import transaction


pytestmark = pytest.mark.browser


def screenshot(page, name):
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=os.path.join(os.environ["SCREENSHOT_DIR"], name), full_page=True
        )


def test_user_menu_leads_to_my_letters_and_the_settings(page, functional_portal):
    portal_url = functional_portal.absolute_url()
    functional_portal.acl_users.userFolderAddUser(
        "member", "secret-password-1", ["Member"], []
    )
    transaction.commit()
    page.goto(f"{portal_url}/login")
    page.fill("#__ac_name", "member")
    page.fill("#__ac_password", "secret-password-1")
    page.click("#login-form button[type=submit], #login-form input[type=submit]")
    page.wait_for_selector("#personaltools-logout", state="attached")

    page.goto(portal_url)
    page.click("#portal-personaltools a.dropdown-toggle, #personaltools-menulink")
    menu = page.locator("#portal-personaltools")
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

    page.click("#portal-personaltools a.dropdown-toggle, #personaltools-menulink")
    menu.locator("a", has_text="My letters").click()
    page.wait_for_url("**/@@my-letters")
    assert page.locator("h1").is_visible()
