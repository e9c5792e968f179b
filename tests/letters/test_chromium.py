"""A member counts a letter in headless Debian Chromium; a visitor sees the
login prompt. Runs the page's real JavaScript against the test server."""

from chromium import log_in
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.portlets.my_urgent_actions import Assignment
from collective.urgentactions.testing import create_ua
from plone.portlets.interfaces import IPortletAssignmentMapping
from plone.portlets.interfaces import IPortletManager
from zope.component import getMultiAdapter
from zope.component import getUtility

import os
import plone.api
import pytest
import transaction


pytestmark = pytest.mark.browser


@pytest.fixture
def ua_url(functional_portal):
    portal = functional_portal
    portal.acl_users.userFolderAddUser("member", "secret-password-1", ["Member"], [])
    manager = getUtility(IPortletManager, name="plone.rightcolumn", context=portal)
    mapping = getMultiAdapter((portal, manager), IPortletAssignmentMapping)
    mapping["my-urgent-actions"] = Assignment()
    uid = create_ua(portal["urgent-actions"]).UID()
    transaction.commit()
    return plone.api.content.get(UID=uid).absolute_url()


def test_visitor_sees_login_prompt(page, ua_url):
    page.goto(ua_url)
    prompt = page.locator(".ua-letters-login")
    assert "you must log in" in prompt.inner_text()
    assert page.locator("button", has_text="I sent a letter").count() == 0
    assert page.locator(".portletMyUrgentActions").count() == 0


def test_member_presses_and_sees_counter_and_portlet_change(
    page, ua_url, functional_portal
):
    portal_url = functional_portal.absolute_url()
    log_in(page, portal_url)
    page.goto(ua_url)
    portlet = page.locator(".portletMyUrgentActions")
    assert "You have not counted any letters yet." in portlet.inner_text()
    assert page.locator(".ua-letters-total").count() == 0  # no "0 letters sent"

    page.fill("#ua-letters-quantity", "2")
    page.click("button:has-text('I sent a letter')")
    page.wait_for_selector(".ua-letters-message")

    assert page.url == ua_url  # updated in place, no reload
    assert "2 letters sent" in page.locator(".ua-letters-total").inner_text()
    assert "You sent 2 letters" in page.locator(".ua-letters-mine").inner_text()
    page.wait_for_selector(".portletMyUrgentActions .ua-my-action")
    portlet_text = page.locator(".portletMyUrgentActions").inner_text()
    assert "UA 065/20" in portlet_text
    assert "You sent 2 letters" in portlet_text
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(
            path=os.path.join(os.environ["SCREENSHOT_DIR"], "letters.png"),
            full_page=True,
        )
    transaction.begin()
    assert (
        IActionTally(plone.api.content.get(path=ua_url.split("/plone", 1)[1])).total()
        == 2
    )
