"""What the Chromium tests do on every page: log in through Plone's login
form, and keep a screenshot when ``SCREENSHOT_DIR`` asks for one (the
``page`` fixture itself is in ``conftest.py``)."""

from collective.urgentactions.testing import PASSWORD

import os


def log_in(page, portal_url, user="member", password=PASSWORD):
    page.goto(f"{portal_url}/login")
    page.fill("#__ac_name", user)
    page.fill("#__ac_password", password)
    page.click("#login-form button[type=submit], #login-form input[type=submit]")
    page.wait_for_selector(
        "#personaltools-logout, a[href$='/logout']", state="attached"
    )


def screenshot(page, name):
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=os.path.join(os.environ["SCREENSHOT_DIR"], name), full_page=True
        )
