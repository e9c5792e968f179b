"""Feeds, social tags and the embeddable counter, fetched through the
publisher from committed content on the functional layer."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.textfield.value import RichTextValue
from plone.testing.zope import Browser

import os
import plone.api
import pytest
import transaction


os.environ["zope_i18n_compile_mo_files"] = "true"  # noqa: SIM112 (Zope reads it so)


@pytest.fixture
def portal(functional_portal):
    return functional_portal


@pytest.fixture
def fetch(functional):
    """``fetch(url, user=None, language=None, headers=None)``: commit, then
    GET through the publisher; returns the browser (errors as responses)."""

    def get(url, user=None, language=None, headers=None, handle_errors=False):
        transaction.commit()
        browser = Browser(functional["app"])
        browser.handleErrors = handle_errors
        browser.raiseHttpErrors = False
        if user == "editor":
            browser.addHeader(
                "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
            )
        elif user:
            browser.addHeader("Authorization", f"Basic {user}")
        if language:
            browser.addHeader("Accept-Language", language)
        for name, value in (headers or {}).items():
            browser.addHeader(name, value)
        browser.open(url)
        return browser

    return get


@pytest.fixture
def make_update():
    def factory(ua, title, day, text="", state="published"):
        with plone.api.env.adopt_roles(["Manager"]):
            update = plone.api.content.create(
                container=ua, type="UrgentActionUpdate", title=title, date=day
            )
            if text:
                update.text = RichTextValue(text, "text/html", "text/x-html-safe")
            if state == "published":
                plone.api.content.transition(update, to_state="published")
        return update

    return factory
