"""Importing the fictional IS documents: every field, the addressees, the
letter template, follow-ups, and files that are refused with nothing made."""

from collective.urgentactions.isdocument.create import import_document
from collective.urgentactions.isdocument.parser import ImportRefused
from collective.urgentactions.isdocument.parser import parse_date
from datetime import date
from docx import Document
from io import BytesIO
from zope.i18n import translate

import plone.api
import pytest
import zipfile


def uas():
    catalog = plone.api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(portal_type="UrgentAction")


def texts(problems):
    return [translate(problem) for problem in problems]


@pytest.fixture
def imported(section, manager, samples):
    return import_document(section, samples.sample(), "ua-117-26.docx")


class TestFirstCase:
    @pytest.fixture(autouse=True)
    def setup(self, imported):
        self.ua = imported.ua
        self.problems = imported.problems

    def test_nothing_missing(self):
        assert texts(self.problems) == []

    def test_first_page_line(self):
        ua = self.ua
        assert ua.ua_number == "117/26"
        assert ua.ai_index == "EUR 58/4711/2026"
        assert ua.country == "KG"
        assert ua.issue_date == date(2026, 11, 16)

    def test_title_summary_and_texts(self):
        ua = self.ua
        assert ua.Title() == "Radio host detained for a phone-in on water prices"
        assert ua.Description().startswith("Radio host Temir Sadykov was arrested")
        assert ua.Description().endswith("released immediately and unconditionally.")
        assert ua.text.raw == (
            "<p>Police officers searched the studio of Radio Tash-Dolon and took "
            "the recordings of the programme. Temir Sadykov has been held in the "
            "detention centre of the regional police since his arrest; his lawyer "
            "saw him once, for ten minutes.</p>"
        )
        assert ua.background.raw.count("<p>") == 2
        assert "three valleys" in ua.background.raw

    def test_closing_lines(self):
        ua = self.ua
        # Action "until 28 December": the first day closed is 29 December.
        assert ua.closing_date == date(2026, 12, 29)
        assert ua.target_languages == "Kyrgyz, Russian, English"
        assert ua.name_and_pronoun == "Temir Sadykov (he/him)"

    def test_addressees_as_address_book_entries(self):
        ua = self.ua
        assert ua.addressees == [] and ua.copies_to == []
        (prosecutor,) = [relation.to_object for relation in ua.addressee_entries]
        assert prosecutor.aq_parent.getId() == "address-book"
        assert prosecutor.Title() == "Prosecutor General Bolot Imanaliev"
        assert (prosecutor.kind, prosecutor.country) == ("authority", "KG")
        assert prosecutor.salutation == "Dear Prosecutor General"
        assert prosecutor.address == (
            "Office of the Prosecutor General\nUl. Sakhovaya 41\n"
            "Bishkek 720040, Kyrgyzstan"
        )
        assert prosecutor.email == "prosecutor.general@example.org"
        assert prosecutor.fax is None
        (embassy,) = [relation.to_object for relation in ua.copy_entries]
        assert embassy.Title() == "Ambassador Aigerim Osmonova"
        assert embassy.address == (
            "Embassy of Kyrgyzstan\nTiergartenweg 12, 10115 Berlin, Germany"
        )
        assert (embassy.email, embassy.fax) == (
            "embassy.kg@example.org",
            "+49 30 0000 0000",
        )

    def test_model_letter_is_the_english_template(self):
        (template,) = [
            obj for obj in self.ua.objectValues() if obj.portal_type == "LetterTemplate"
        ]
        assert template.letter_language == "en"
        assert template.file.filename == "ua-117-26-en.docx"
        paragraphs = [p.text for p in Document(BytesIO(template.file.data)).paragraphs]
        # The addressee and salutation are filled in per letter (docxtpl).
        assert "{{ salutation }}," in paragraphs
        assert any(
            p.startswith("I am writing to you about radio host") for p in paragraphs
        )
        assert "Yours sincerely," in paragraphs
        assert paragraphs.count("Yours sincerely,") == 1
        assert paragraphs[1] == "{{ addressee }}"

    def test_a_draft(self):
        assert plone.api.content.get_state(self.ua) == "draft"

    def test_follow_up_reuses_the_entries(self, section, samples):
        follow_up = import_document(section, samples.sample(samples.FOLLOW_UP)).ua
        assert [r.to_object for r in follow_up.addressee_entries] == [
            r.to_object for r in self.ua.addressee_entries
        ]
        book = section["address-book"]
        assert len(book.objectIds()) == 2

    def test_importing_twice_is_refused(self, section, samples):
        with pytest.raises(ImportRefused) as error:
            import_document(section, samples.sample(), "again.docx")
        message = translate(error.value.message)
        assert "UA 117/26 is already on this site" in message
        assert "Radio host detained" in message
        assert len(uas()) == 1


class TestFollowUp:
    def test_related_to_its_first_case(self, imported, section, samples):
        result = import_document(section, samples.sample(samples.FOLLOW_UP))
        ua = result.ua
        assert ua.ua_number == "117/26-1"
        assert [rel.to_object for rel in ua.relatedItems] == [imported.ua]
        assert ua.closing_date == date(2027, 1, 12)
        assert "Link to previous UA: https://www.example.org/documents/" in (
            ua.background.raw
        )
        assert texts(result.problems) == []

    def test_first_case_missing_is_listed(self, section, manager, samples):
        result = import_document(section, samples.sample(samples.FOLLOW_UP))
        assert result.ua.relatedItems in (None, [])
        assert texts(result.problems) == [
            "This is a follow-up of UA 117/26, which is not on this site: relate "
            "the first case by hand if you add it."
        ]


class TestWhatCouldNotBeRead:
    def test_a_list_of_the_missing_and_odd_parts(self, section, manager, samples):
        data = samples.sample(
            ua_line="UA: 118/26 Index: EUR 58/4712/2026 Atlantis Date: sometime",
            addressees=[
                ("Minister of Justice Ainura Beishenova", "Email: not-an-address")
            ],
            language=None,
            until=None,
            name=None,
            additional=None,
        )
        result = import_document(section, data)
        assert texts(result.problems) == [
            'The country "Atlantis" was not recognised: choose it in the form.',
            'The date "sometime" could not be read; today\'s date was used as '
            "the issue date.",
            'The email address "not-an-address" of Minister of Justice Ainura '
            "Beishenova is not valid and was left out.",
            'The "ADDITIONAL INFORMATION" part was not found.',
            "The preferred language to address the target was not found.",
            "The date until which to take action was not found or could not be read.",
            "The name and pronoun were not found.",
            "Without a country the addressees were not put in the address book: "
            "they are listed under “Other addressees” of the draft.",
        ]
        ua = result.ua
        assert ua.ua_number == "118/26"
        assert ua.country is None
        assert ua.issue_date == date.today()
        assert ua.closing_date is None
        # Without a country no entry: the rows stay with the case.
        assert ua.addressees[0]["email"] is None
        assert ua.addressees[0]["salutation"] == "Dear Prosecutor General,"

    def test_no_model_letter(self, section, manager, samples):
        result = import_document(section, samples.sample(letter=None))
        assert (
            'The "TAKE ACTION" part with the addressees and the model letter was '
            "not found."
        ) in texts(result.problems)
        assert not result.ua.objectIds()


def docx_with(names):
    stream = BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return stream.getvalue()


class TestRefused:
    @pytest.mark.parametrize(
        "make,message",
        [
            (lambda s: s.sample()[:3000], "it may be damaged"),
            (lambda s: b"%PDF-1.4 not a docx", "This is not a Word document (.docx)."),
            (
                lambda s: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100,
                "save it as .docx",
            ),
            (lambda s: b"PK\x03\x04" + b"0" * 11_000_000, "too large: at most 10 MB"),
            (lambda s: docx_with({"hello.txt": "hi"}), "This is not a Word document"),
            (
                lambda s: docx_with({"word/document.xml": "<not xml"}),
                "it may be damaged",
            ),
            (
                lambda s: docx_with({"word/document.xml": "0" * 60_000_000}),
                "unpacks to far more than a Word document",
            ),
            (
                lambda s: s.not_an_ua(),
                "not in the layout of an International Secretariat",
            ),
        ],
    )
    def test_clear_message_and_nothing_created(
        self, section, manager, samples, make, message
    ):
        with pytest.raises(ImportRefused) as error:
            import_document(section, make(samples))
        assert message in translate(error.value.message)
        assert len(uas()) == 0


@pytest.mark.parametrize(
    "text,expected",
    [
        ("28 April 2020", date(2020, 4, 28)),
        ("28 Apr. 2020", date(2020, 4, 28)),
        ("2020-04-28", date(2020, 4, 28)),
        ("28.04.2020", date(2020, 4, 28)),
        ("31 June 2020", None),
        ("soon", None),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected
