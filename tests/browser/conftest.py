"""The Classic UI pages, tested as pages: content is committed on the
functional layer and fetched through the publisher with a test browser, as
anonymous visitors, editors or German readers see it."""

from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import lxml.html
import os
import plone.api
import pytest
import transaction


# German pages need the .mo files; Zope compiles them from the .po files when
# it loads the ZCML, which happens after collection, so this is early enough.
os.environ["zope_i18n_compile_mo_files"] = "true"  # noqa: SIM112 (Zope reads it so)


@pytest.fixture
def portal(functional_portal):
    """Every page test runs on the functional layer (also for the shared
    ``section`` and ``make_ua`` fixtures)."""
    return functional_portal


class Page:
    """A fetched page, parsed."""

    def __init__(self, browser):
        self.browser = browser
        self.html = lxml.html.fromstring(browser.contents)
        for line_break in self.html.iter("br"):  # a line break reads as a space
            line_break.tail = " " + (line_break.tail or "")

    @staticmethod
    def _text(element):
        return " ".join(element.text_content().split())

    def all(self, selector):
        return self.html.cssselect(selector)

    def texts(self, selector):
        return [self._text(element) for element in self.all(selector)]

    def text(self, selector=None):
        """The whitespace-normalised text of the first match (or the page)."""
        if selector is None:
            return self._text(self.html)
        found = self.all(selector)
        assert found, f"nothing matches {selector!r}"
        return self._text(found[0])


def url_of(target):
    """A URL, or the current URL of a content object: committing files new
    cases into their year/month folder, so objects are looked up again."""
    if isinstance(target, str):
        return target
    return plone.api.content.get(UID=target.UID()).absolute_url()


@pytest.fixture
def open_page(functional):
    """``open_page(url_or_object, user=None, language=None)``: commit, fetch,
    parse. ``user="editor"`` logs in as the site owner (Manager);
    ``language`` is sent as Accept-Language."""

    def fetch(target, user=None, language=None):
        transaction.commit()
        browser = Browser(functional["app"])
        browser.handleErrors = False
        if user:
            browser.addHeader(
                "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
            )
        if language:
            browser.addHeader("Accept-Language", language)
        browser.open(url_of(target))
        return Page(browser)

    return fetch


@pytest.fixture
def german(portal):
    """German and English offered, chosen by the browser's Accept-Language."""
    plone.api.portal.set_registry_record("plone.available_languages", ["en", "de"])
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
