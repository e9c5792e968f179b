"""UA numbers, AI Indexes, dates and letter files: what is accepted."""

from collective.urgentactions.content.fields import DuplicateUANumber
from collective.urgentactions.content.fields import InvalidAIIndex
from collective.urgentactions.content.fields import InvalidUANumber
from collective.urgentactions.content.fields import NotADocument
from collective.urgentactions.content.letter_template import ILetterTemplate
from collective.urgentactions.content.urgent_action import IUrgentAction
from collective.urgentactions.testing import docx_bytes
from datetime import date
from plone.namedfile.file import NamedBlobFile
from zope.interface import Invalid

import pytest


@pytest.mark.parametrize("value", ["065/20", "001/99", "065/20-1", "123/26-12"])
def test_good_ua_numbers(portal, value):
    IUrgentAction["ua_number"].bind(portal).validate(value)


@pytest.mark.parametrize(
    "value",
    ["65/20", "065/2020", "UA 065/20", "065-20", "065/20-", "abc/de", "065/20-123"],
)
def test_bad_ua_numbers(portal, value):
    with pytest.raises(InvalidUANumber):
        IUrgentAction["ua_number"].bind(portal).validate(value)


def test_duplicate_ua_number(portal, make_ua):
    make_ua(ua_number="065/20", state="draft")
    with pytest.raises(DuplicateUANumber):
        IUrgentAction["ua_number"].bind(portal["urgent-actions"]).validate("065/20")


def test_an_action_keeps_its_own_number(make_ua):
    ua = make_ua(ua_number="065/20")
    IUrgentAction["ua_number"].bind(ua).validate("065/20")


def test_follow_up_is_a_different_number(portal, make_ua):
    make_ua(ua_number="065/20")
    IUrgentAction["ua_number"].bind(portal).validate("065/20-1")


@pytest.mark.parametrize(
    "value", ["EUR 57/2227/2020", "AMR 01/123/2019", "MDE 13/4567/2024"]
)
def test_good_ai_index(portal, value):
    IUrgentAction["ai_index"].validate(value)


@pytest.mark.parametrize(
    "value",
    [
        "EUR57/2227/2020",
        "eur 57/2227/2020",
        "EUR 57/2227/20",
        "EUR 5/2227/2020",
        "57/2227/2020",
    ],
)
def test_bad_ai_index(value):
    with pytest.raises(InvalidAIIndex):
        IUrgentAction["ai_index"].validate(value)


class Data:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def test_closing_date_before_issue_date():
    with pytest.raises(Invalid):
        IUrgentAction.validateInvariants(
            Data(issue_date=date(2020, 4, 28), closing_date=date(2020, 4, 27))
        )


def test_closing_date_on_issue_date_is_fine():
    IUrgentAction.validateInvariants(
        Data(issue_date=date(2020, 4, 28), closing_date=date(2020, 4, 28))
    )


@pytest.mark.parametrize(
    "filename,data",
    [
        ("letter.docx", docx_bytes()),
        ("letter.pdf", b"%PDF-1.7\n..."),
        ("letter.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
    ],
)
def test_letter_documents_accepted(filename, data):
    ILetterTemplate["file"].validate(NamedBlobFile(data=data, filename=filename))


@pytest.mark.parametrize(
    "filename,data",
    [
        ("letter.txt", b"Dear Prosecutor"),
        ("letter.docx", b"%PDF-1.7 not a word file"),
        ("letter.pdf", b"MZ\x90\x00 an executable"),
        ("photo.jpg", b"\xff\xd8\xff\xe0"),
        ("letter.odt", docx_bytes()),
        ("letter", b"%PDF-1.7"),
    ],
)
def test_other_files_refused(filename, data):
    with pytest.raises(NotADocument):
        ILetterTemplate["file"].validate(NamedBlobFile(data=data, filename=filename))
