"""Dates, sizes and document types, in the request's language."""

from collective.urgentactions import formatting
from collective.urgentactions.browser.listing import normalize_ua_number
from datetime import date

import pytest


@pytest.fixture
def request_in(portal):
    def factory(language):
        request = portal.REQUEST
        request["LANGUAGE"] = language
        return request

    return factory


@pytest.mark.parametrize(
    "language,expected",
    [
        ("en", "8 June 2020"),
        ("en-us", "June 8, 2020"),
        ("de", "8. Juni 2020"),
        ("fr", "8 juin 2020"),
        ("it", "8 giugno 2020"),
        ("xx", "8 June 2020"),
    ],
)
def test_long_date(request_in, language, expected):
    assert formatting.long_date(date(2020, 6, 8), request_in(language)) == expected


@pytest.mark.parametrize(
    "size,language,expected",
    [
        (31_400, "en", "31.4 kB"),
        (31_449, "en", "31.4 kB"),
        (31_450, "en", "31.5 kB"),
        (31_400, "de", "31,4 kB"),
        (1_234_567, "en", "1,234.6 kB"),
        (1_234_567, "de", "1.234,6 kB"),
        (40, "en", "0.0 kB"),
    ],
)
def test_file_size_in_decimal_kilobytes(request_in, size, language, expected):
    assert formatting.file_size(size, request_in(language)) == expected


@pytest.mark.parametrize(
    "filename,expected",
    [
        ("ua-065-20-en.docx", "Microsoft Word Document"),
        ("LETTER.DOC", "Microsoft Word Document"),
        ("letter.odt", "OpenDocument Text"),
        ("letter.pdf", "PDF Document"),
        ("letter.txt", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_document_type(request_in, filename, expected):
    assert formatting.document_type(filename, request_in("en")) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("065/20", "065/20"),
        ("UA 065/20", "065/20"),
        ("ua065/20", "065/20"),
        ("065-20", "065/20"),
        ("65/20", "065/20"),
        (" 065 / 20 ", "065/20"),
        ("065/20-1", "065/20-1"),
        ("UA 065-20-1", "065/20-1"),
        ("065", None),
        ("065/2020", None),
        ("hello", None),
        ("1065/20", None),
    ],
)
def test_normalize_ua_number(text, expected):
    assert normalize_ua_number(text) == expected


@pytest.mark.parametrize(
    "accepted,expected",
    [
        ("de-ch,de;q=0.9", "Abgeschlossen am 8 June 2020"),
        ("fr", "Clôturée le 8 June 2020"),
        ("it,en;q=0.5", "Chiusa in data 8 June 2020"),
        ("en", "Closed on 8 June 2020"),
        ("xx", "Closed on 8 June 2020"),
    ],
)
def test_translator_translates_as_the_request_negotiates(portal, accepted, expected):
    """A listing translates each item with ``translator`` (the language
    negotiated once); it says what ``translate(context=request)`` says."""
    from collective.urgentactions import _
    from plone.i18n.utility import setLanguageBinding
    from zope.i18n import translate

    import plone.api

    plone.api.portal.set_registry_record(
        "plone.available_languages", ["en", "de", "fr", "it"]
    )
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
    request = portal.REQUEST
    request.environ["HTTP_ACCEPT_LANGUAGE"] = accepted
    setLanguageBinding(request)
    message = _("Closed on ${date}", mapping={"date": "8 June 2020"})
    translated = formatting.translator(request)
    assert translated(message) == translate(message, context=request) == expected
