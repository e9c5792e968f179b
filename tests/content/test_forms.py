"""Bad input in the editors' add forms: a clear error and nothing saved."""

from collective.urgentactions.testing import create_ua
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import io
import plone.api
import pytest
import transaction


def count(portal_type):
    transaction.begin()
    catalog = plone.api.portal.get_tool("portal_catalog")
    return len(catalog.unrestrictedSearchResults(portal_type=portal_type))


@pytest.fixture
def browser(functional_app):
    browser = Browser(functional_app)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    return browser


def fill_action(browser, **fields):
    values = {
        "title": "Journalist detained for reporting on protests",
        "ua_number": "065/20",
        "ai_index": "EUR 57/2227/2020",
        "issue_date": "2020-04-28",
        "closing_date": "2020-06-08",
    }
    values.update(fields)
    browser.getControl(name="form.widgets.IBasic.title").value = values["title"]
    browser.getControl(name="form.widgets.ua_number").value = values["ua_number"]
    browser.getControl(name="form.widgets.ai_index").value = values["ai_index"]
    browser.getControl(name="form.widgets.country:list").value = ["BY"]
    browser.getControl(name="form.widgets.issue_date").value = values["issue_date"]
    browser.getControl(name="form.widgets.closing_date").value = values["closing_date"]


class TestUrgentActionForm:
    @pytest.fixture(autouse=True)
    def setup(self, functional_portal, browser):
        self.portal = functional_portal
        self.browser = browser
        self.add_url = (
            f"{functional_portal.absolute_url()}/urgent-actions/++add++UrgentAction"
        )

    def test_good_input_is_saved_and_filed(self):
        self.browser.open(self.add_url)
        fill_action(self.browser)
        self.browser.getControl(name="form.buttons.save").click()
        assert "/urgent-actions/2020/04/" in self.browser.url
        assert count("UrgentAction") == 1

    @pytest.mark.parametrize(
        "fields,message",
        [
            ({"ua_number": "65/2020"}, "A UA number is a three-digit serial number"),
            ({"ai_index": "EUR57-2227"}, "An AI Index is a three-letter region code"),
            (
                {"closing_date": "2020-04-01"},
                "The closing date must not be before the issue date.",
            ),
        ],
    )
    def test_bad_input(self, fields, message):
        self.browser.open(self.add_url)
        fill_action(self.browser, **fields)
        self.browser.getControl(name="form.buttons.save").click()
        assert message in self.browser.contents
        assert count("UrgentAction") == 0

    def test_duplicate_number(self):
        create_ua(self.portal["urgent-actions"], ua_number="065/20", state="draft")
        transaction.commit()
        self.browser.open(self.add_url)
        fill_action(self.browser)
        self.browser.getControl(name="form.buttons.save").click()
        assert (
            "Another Urgent Action already has this UA number." in self.browser.contents
        )
        assert count("UrgentAction") == 1


class TestLetterTemplateForm:
    @pytest.fixture(autouse=True)
    def setup(self, functional_portal, browser):
        uid = create_ua(functional_portal["urgent-actions"]).UID()
        transaction.commit()
        self.ua_url = plone.api.content.get(UID=uid).absolute_url()
        self.browser = browser

    def add(self, filename, data):
        self.browser.open(f"{self.ua_url}/++add++LetterTemplate")
        self.browser.getControl(name="form.widgets.letter_language:list").value = ["en"]
        self.browser.getControl(name="form.widgets.file").add_file(
            io.BytesIO(data), "application/octet-stream", filename
        )
        self.browser.getControl(name="form.buttons.save").click()

    def test_not_a_document(self):
        self.add("virus.exe", b"MZ\x90\x00")
        assert "A letter template must be a Word" in self.browser.contents
        assert count("LetterTemplate") == 0

    def test_pdf_is_saved(self):
        self.add("letter.pdf", b"%PDF-1.7\n%%EOF\n")
        assert count("LetterTemplate") == 1
        assert "UA 065/20 english" in self.browser.contents
