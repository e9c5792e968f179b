"""The "Your letter" section and its form, fetched through the publisher:
members get the form filled from their profile, visitors the plain
templates; the form answers with the file or the email page."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.testing import PASSWORD
from plone.testing.zope import Browser
from urllib.parse import parse_qs
from urllib.parse import urlsplit
from writing_helpers import FULLNAME
from writing_helpers import MEMBER
from writing_helpers import TOWN

import lxml.html
import plone.api
import pytest
import transaction


@pytest.fixture
def portal(functional_portal):
    return functional_portal


@pytest.fixture
def case_url(case):
    transaction.commit()
    return plone.api.content.get(UID=case.UID()).absolute_url()


def browser_for(functional, user=None):
    browser = Browser(functional["app"])
    browser.handleErrors = False
    if user:
        browser.addHeader("Authorization", f"Basic {user}:{PASSWORD}")
    return browser


def section(browser):
    html = lxml.html.fromstring(browser.contents)
    found = html.cssselect("#ua-your-letter")
    return found[0] if found else None


class TestSection:
    def test_member_sees_form_filled_from_profile(self, functional, member, case_url):
        browser = browser_for(functional, MEMBER)
        browser.open(case_url)
        form = section(browser)
        assert form is not None
        assert form.cssselect("#ua-letter-name")[0].get("value") == FULLNAME
        assert form.cssselect("#ua-letter-town")[0].get("value") == TOWN
        languages = [o.text for o in form.cssselect("#ua-letter-language option")]
        assert languages == ["English", "Deutsch"]
        addressees = [o.text for o in form.cssselect("#ua-letter-addressee option")]
        assert addressees == [
            "Prosecutor General Kanat Esenaliev",
            "Ombudsperson Gulnara Abdieva",
        ]
        buttons = [b.text for b in form.cssselect("button[name=format]")]
        assert buttons == ["Download Word (.docx)", "Download PDF", "Write by email"]
        assert "+996 312 555 010" in form.text_content()
        assert not form.cssselect("#ua-letter-initials[checked]")

    def test_recommended_initials_prechecked_and_explained(
        self, functional, member, case, case_url
    ):
        plone.api.content.get(UID=case.UID()).recommend_initials = True
        transaction.commit()
        browser = browser_for(functional, MEMBER)
        browser.open(case_url)
        form = section(browser)
        assert form.cssselect("#ua-letter-initials[checked]")
        assert "we recommend that you sign with your initials" in form.text_content()

    def test_visitor_gets_plain_templates_and_a_login_link(self, functional, case_url):
        browser = browser_for(functional)
        browser.open(case_url)
        form = section(browser)
        assert not form.cssselect("form")
        assert "Log in" in form.text_content()
        html = lxml.html.fromstring(browser.contents)
        links = [a.get("href") for a in html.cssselect(".ua-letter-template a")]
        assert links and all(link.endswith("/@@plain-letter") for link in links)


class TestForm:
    def post(self, functional, case_url, **fields):
        browser = browser_for(functional, MEMBER)
        browser.open(case_url)
        form = browser.getForm(action=f"{case_url}/@@your-letter")
        form.getControl(name="language").value = [fields.get("language", "de")]
        form.submit(label=fields.get("label", "Download Word (.docx)"))
        return browser

    def test_word_download(self, functional, member, case_url):
        browser = self.post(functional, case_url)
        assert browser.headers["Content-Type"].endswith("wordprocessingml.document")
        assert "UA-065-20-de.docx" in browser.headers["Content-Disposition"]
        assert "no-store" in browser.headers["Cache-Control"]

    def test_email_page_and_one_click_count(self, functional, member, case_url):
        browser = self.post(functional, case_url, label="Write by email")
        html = lxml.html.fromstring(browser.contents)
        (mailto,) = html.cssselect("a.ua-mailto")
        parts = urlsplit(mailto.get("href"))
        assert parts.path == "prosecutor.general@example.org"
        fields = parse_qs(parts.query)
        assert fields["cc"] == ["embassy.kg@example.org"]
        assert fields["body"][0].startswith(
            "Sehr geehrter Herr Generalstaatsanwalt,\r\n"
        )
        assert [a.text for a in html.cssselect("a.ua-webmail")] == [
            "Gmail",
            "Outlook.com",
            "Yahoo Mail",
        ]
        assert "no-store" in browser.headers["Cache-Control"]
        browser.getControl("Did you send it? Count it").click()
        assert "Your letter has been counted" in browser.contents
        transaction.begin()
        ua = plone.api.content.get(path=urlsplit(case_url).path.split("/plone", 1)[1])
        assert IActionTally(ua).channel_totals() == {
            "letter": 0,
            "email": 1,
            "fax": 0,
        }

    def test_get_is_refused(self, functional, member, case_url):
        browser = browser_for(functional, MEMBER)
        browser.open(f"{case_url}/@@your-letter")
        assert "Use the form on the page." in browser.contents
