"""Bad input in the editors' add forms: a clear error and nothing saved."""

from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import stored_count
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import io
import lxml.html
import plone.api
import pytest
import transaction


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
        "country": "BY",
    }
    values.update(fields)
    browser.getControl(name="form.widgets.IBasic.title").value = values["title"]
    browser.getControl(name="form.widgets.ua_number").value = values["ua_number"]
    browser.getControl(name="form.widgets.ai_index").value = values["ai_index"]
    if values["country"]:
        browser.getControl(name="form.widgets.country").value = [values["country"]]
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
        assert stored_count("UrgentAction") == 1

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
        assert stored_count("UrgentAction") == 0

    def test_duplicate_number_links_the_other_case(self):
        other = create_ua(
            self.portal["urgent-actions"],
            ua_number="065/20",
            state="draft",
            title="Lawyer disbarred",
        )
        transaction.commit()
        self.browser.open(self.add_url)
        fill_action(self.browser)
        self.browser.getControl(name="form.buttons.save").click()
        html = lxml.html.fromstring(self.browser.contents)
        (error,) = html.cssselect(".ua-duplicate-number")
        assert " ".join(error.text_content().split()) == (
            "Another Urgent Action already has this UA number: "
            "UA 065/20: Lawyer disbarred"
        )
        (link,) = error.cssselect("a")
        assert link.get("href") == plone.api.content.get(UID=other.UID()).absolute_url()
        assert stored_count("UrgentAction") == 1

    def test_country_asks_to_choose_and_has_no_silent_default(self):
        self.browser.open(self.add_url)
        html = lxml.html.fromstring(self.browser.contents)
        (select,) = html.cssselect("select#form-widgets-country")
        first = select.cssselect("option")[0]
        assert (first.text, first.get("value"), first.get("selected")) == (
            "Choose a country…",
            "",
            "selected",
        )
        assert "pat-select2" in select.classes  # type-ahead search
        fill_action(self.browser, country="")
        self.browser.getControl(name="form.buttons.save").click()
        assert stored_count("UrgentAction") == 0
        html = lxml.html.fromstring(self.browser.contents)
        (field,) = html.cssselect("#formfield-form-widgets-country")
        assert "Required input is missing." in field.text_content()

    def test_year_of_the_number_is_checked_against_the_issue_date(self):
        self.browser.open(self.add_url)
        fill_action(self.browser, ua_number="065/19")
        self.browser.getControl(name="form.buttons.save").click()
        assert stored_count("UrgentAction") == 1  # a warning, not an error
        assert (
            "UA 065/19 carries the year 19, but its issue date is in 2020."
            in self.browser.contents
        )

    def test_matching_year_gives_no_warning(self):
        self.browser.open(self.add_url)
        fill_action(self.browser)
        self.browser.getControl(name="form.buttons.save").click()
        assert "carries the year" not in self.browser.contents


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

    def test_not_a_document_says_why_and_keeps_nothing(self):
        self.add("fake.docx", b"MZ\x90\x00")
        assert stored_count("LetterTemplate") == 0
        html = lxml.html.fromstring(self.browser.contents)
        (field,) = html.cssselect("#formfield-form-widgets-file")
        text = " ".join(field.text_content().split())
        assert "“fake.docx” was not kept: it is not a Word (.docx, .doc)" in text
        assert "File already uploaded" not in text
        assert "Keep existing file" not in text
        assert not field.cssselect("input[name='form.widgets.file.file_upload_id']")

    def test_one_template_per_language(self):
        self.add("letter.pdf", b"%PDF-1.7\n%%EOF\n")
        self.add("other.pdf", b"%PDF-1.7\n%%EOF\n")
        assert stored_count("LetterTemplate") == 1
        assert (
            "This Urgent Action already has a letter template in English. "
            "Replace the file of that template instead of adding a second one."
        ) in self.browser.contents

    def test_language_names_as_people_write_them(self):
        self.browser.open(f"{self.ua_url}/++add++LetterTemplate")
        options = self.browser.getControl(
            name="form.widgets.letter_language:list"
        ).displayOptions
        assert {"English", "Deutsch", "français", "italiano"} <= set(options)

    def test_pdf_is_saved(self):
        self.add("letter.pdf", b"%PDF-1.7\n%%EOF\n")
        assert stored_count("LetterTemplate") == 1
        assert "UA 065/20 English" in self.browser.contents
