"""The Classic UI pages, tested as pages: content is committed on the
functional layer and fetched through the publisher with a test browser, as
anonymous visitors, editors or German readers see it."""

import lxml.html
import plone.api
import pytest
import transaction


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
def open_page(fetch):
    """``open_page(url_or_object, user=None, language=None)``: commit, fetch,
    parse. ``user="editor"`` logs in as the site owner (Manager);
    ``language`` is sent as Accept-Language."""

    def open_(target, user=None, language=None):
        transaction.commit()
        editor = "editor" if user else None
        return Page(fetch(url_of(target), user=editor, language=language))

    return open_


@pytest.fixture
def german(portal):
    """German and English offered, chosen by the browser's Accept-Language."""
    plone.api.portal.set_registry_record("plone.available_languages", ["en", "de"])
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
