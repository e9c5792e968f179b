"""``@letter``: the member's personalised letter over HTTP; the case's
recipients serialized with the case."""

from babel.dates import format_date
from collective.urgentactions.addressbook.book import get_address_book
from collective.urgentactions.testing import docx_bytes
from collective.urgentactions.writing import pdf
from datetime import date
from docx import Document
from io import BytesIO
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from pypdf import PdfReader
from restapi_helpers import assert_error

import os
import plone.api
import pytest


def template():
    return docx_bytes(
        "{{ sender_name }}",
        "{{ addressee }}",
        "{{ sender_town }}, {{ date }}",
        "{{ salutation }},",
        "Release her.",
    )


def lines(response):
    return [p.text for p in Document(BytesIO(response.content)).paragraphs]


@pytest.fixture
def case(make_ua, section, users):
    plone.api.user.get(username="member").setMemberProperties(
        {"fullname": "Maria Muster", "location": "Bern"}
    )
    with plone.api.env.adopt_roles(["Manager"]):
        entry = createContentInContainer(
            get_address_book(section),
            "Addressee",
            title="Minister of Justice",
            country="BY",
            salutations=[{"language": "fr", "salutation": "Monsieur le Ministre"}],
            address="Kollektornaya 10\nMinsk",
            email="minister@example.org",
            fax="+375 17 000",
            note="Post is slow: fax as well.",
        )
    ua = make_ua()
    with plone.api.env.adopt_roles(["Manager"]):
        plone.api.relation.create(
            source=ua, target=entry, relationship="addressee_entries"
        )
        for language in ("en", "fr"):
            createContentInContainer(
                ua,
                "LetterTemplate",
                letter_language=language,
                file=NamedBlobFile(data=template(), filename=f"{language}.docx"),
            )
    return ua


@pytest.fixture
def entry_uid(case, section):
    (entry,) = get_address_book(section).objectValues()
    return entry.UID()


def test_member_gets_french_letter(api, case, entry_uid):
    response = api("member").get(
        case, "@letter?format=docx&language=fr&addressee=" + entry_uid
    )
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="UA-065-20-fr.docx"' in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    assert lines(response) == [
        "Maria Muster",
        "Minister of Justice\nKollektornaya 10\nMinsk",
        f"Bern, {format_date(date.today(), 'long', locale='fr')}",
        "Monsieur le Ministre,",
        "Release her.",
    ]


def test_initials_only(api, case):
    response = api("member", auth="jwt").get(case, "@letter?initials_only=true")
    assert response.status_code == 200, response.text
    assert lines(response)[0] == "M. M."


def test_post_corrects_the_sender_without_a_url_holding_it(api, case):
    response = api("member").post(
        case, "@letter", json={"language": "en", "name": "Ana Beispiel", "town": "Genf"}
    )
    assert response.status_code == 200, response.text
    assert lines(response)[0] == "Ana Beispiel"
    assert lines(response)[2].startswith("Genf, ")


@pytest.mark.skipif(
    not pdf.available() and not os.environ.get("CI"), reason="no LibreOffice"
)
def test_pdf(api, case):
    response = api("member").get(case, "@letter?format=pdf&language=fr")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "Monsieur le Ministre," in text
    assert "Maria Muster" in text


@pytest.mark.parametrize(
    "query,status,words",
    [
        ("format=odt", 400, "docx or pdf"),
        ("language=de", 400, "no letter template"),
        ("addressee=nobody", 400, "addressees"),
        ("initials_only=maybe", 400, "true or false"),
        ("name=Maria", 400, "Unknown parameter: name"),
    ],
)
def test_bad_requests(api, case, query, status, words):
    message = assert_error(api("member").get(case, f"@letter?{query}"), status)
    assert words.lower() in message.lower()


def test_visitors_must_log_in(api, case):
    message = assert_error(api().get(case, "@letter"), 401)
    assert "Log in" in message


def test_recipients_serialized_with_the_case(api, case, entry_uid):
    body = api().get(case).json()
    (recipient,) = body["recipients"]
    assert recipient == {
        "@id": recipient["@id"],
        "id": entry_uid,
        "role": "addressee",
        "name": "Minister of Justice",
        "salutations": {"fr": "Monsieur le Ministre", "": ""},
        "address": "Kollektornaya 10\nMinsk",
        "email": "minister@example.org",
        "fax": "+375 17 000",
        "country": "BY",
        "note": "Post is slow: fax as well.",
    }
    assert recipient["@id"].endswith("/address-book/minister-of-justice")
    assert body["addressee_entries"][0]["title"] == "Minister of Justice"
    assert body["recommend_initials"] is False


@pytest.mark.parametrize(
    "factory",
    [
        "collective.urgentactions.restapi.letter.get.LetterGet",
        "collective.urgentactions.restapi.letter.post.LetterPost",
        "collective.urgentactions.writing.browser.YourLetter",
    ],
)
def test_letters_are_under_the_personal_ruleset(portal, factory):
    """No caching operation is mapped to the member's letter; its ruleset
    is declared, so plone.app.caching finds it without looking for the
    case's default view."""
    from plone.registry.interfaces import IRegistry
    from z3c.caching.registry import lookup
    from zope.component import getUtility
    from zope.dottedname.resolve import resolve

    view = object.__new__(resolve(factory))  # the class's declarations suffice
    assert lookup(view) == "collective.urgentactions.personal"
    mapping = getUtility(IRegistry)[
        "plone.caching.interfaces.ICacheSettings.operationMapping"
    ]
    assert "collective.urgentactions.personal" not in (mapping or {})
