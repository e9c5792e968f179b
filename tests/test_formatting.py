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
