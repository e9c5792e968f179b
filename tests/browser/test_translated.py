"""The pages in German and French: translated strings, and dates, numbers
and country names in the reader's locale."""

from datetime import date
from plone.app.textfield.value import RichTextValue
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import plone.api
import pytest


@pytest.fixture
def case(languages, make_ua, make_update, make_template, portal):
    ua = make_ua(
        state="closed",
        country="KG",
        closing_date=date(2020, 6, 8),
        background=RichTextValue("<p>Context.</p>", "text/html", "text/x-html-safe"),
        copies_to=[{"name": "Embassy", "email": "embassy@example.org"}],
    )
    make_update(ua, "Media reaction", date(2020, 6, 23))
    make_template(ua, "de")
    with plone.api.env.adopt_roles(["Manager"]):
        basics = plone.api.content.create(
            container=portal, type="Document", id="basics", title="Basics"
        )
    ua.relatedItems = [RelationValue(getUtility(IIntIds).getId(basics))]
    return ua


@pytest.fixture
def letter_size(case):
    (brain,) = plone.api.content.find(portal_type="LetterTemplate")
    return brain.getObject().file.getSize()


@pytest.fixture
def languages(portal):
    """English, German, French and Italian offered; the browser's
    Accept-Language chooses."""
    plone.api.portal.set_registry_record(
        "plone.available_languages", ["en", "de", "fr", "it"]
    )
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)


class TestGerman:
    def test_closed_on(self, case, open_page):
        page = open_page(case, language="de")
        assert page.text(".ua-status-label") == "Abgeschlossen am 8. Juni 2020"

    def test_update_date(self, case, open_page):
        page = open_page(case, language="de")
        assert page.texts(".ua-update h2") == ["23. Juni 2020: Media reaction"]

    def test_facts(self, case, open_page):
        page = open_page(case, language="de")
        assert page.text(".ua-country") == "Kirgisistan"
        assert page.text(".ua-issue-date") == "28. April 2020"
        assert page.texts("#content-core h2, #section-related h2") == [
            "Hintergrund",
            "Kopien an",
            "Briefvorlagen",
            "Mehr zum Thema",
        ]
        assert page.text(".ua-ai-index") == "AI-Index: EUR 57/2227/2020"

    def test_letter_template(self, case, letter_size, open_page):
        page = open_page(case, language="de")
        assert page.text(".ua-letter-template").endswith(
            "Deutsch — Microsoft Word-Dokument, "
            + f"{letter_size / 1000:.1f}".replace(".", ",")
            + " kB"
        )

    def test_listing(self, case, section, open_page):
        page = open_page(section.absolute_url(), language="de")
        assert page.texts(".ua-card .ua-status") == ["Abgeschlossen am 8. Juni 2020"]
        assert page.texts(".ua-card .ua-country") == ["Kirgisistan"]
        assert page.texts("#ua-filter-status option") == [
            "Alle",
            "Offen",
            "Abgeschlossen",
        ]

    def test_english_is_british(self, case, open_page):
        page = open_page(case, language="en")
        assert page.text(".ua-status-label") == "Closed on 8 June 2020"
        assert page.texts(".ua-update h2") == ["23 June 2020: Media reaction"]


class TestFrench:
    def test_closed_on_and_size(self, case, letter_size, open_page):
        page = open_page(case, language="fr")
        assert page.text(".ua-status-label") == "Clôturée le 8 juin 2020"
        assert page.texts(".ua-update h2") == ["23 juin 2020: Media reaction"]
        assert page.text(".ua-letter-template").endswith(
            "Deutsch — Document Microsoft Word, "
            + f"{letter_size / 1000:.1f}".replace(".", ",")
            + " ko"
        )
