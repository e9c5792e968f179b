"""The member's personalised letter, read back with python-docx: addressee,
salutation and date in the chosen language, sender from the profile."""

from babel.dates import format_date
from collective.urgentactions.letters.rules import LetterError
from collective.urgentactions.testing import docx_bytes
from collective.urgentactions.writing.letters import personal_letter
from collective.urgentactions.writing.letters import plain_letter
from datetime import date
from plone.app.testing import logout
from writing_helpers import add_template
from writing_helpers import docx_lines
from writing_helpers import FULLNAME
from writing_helpers import TOWN

import plone.api
import pytest


def today(locale):
    return format_date(date.today(), "long", locale=locale)


class TestPersonalLetter:
    @pytest.fixture(autouse=True)
    def setup(self, case, as_member, prosecutor_uid):
        self.case = case
        self.prosecutor = prosecutor_uid

    def letter(self, **options):
        return personal_letter(self.case, **options)

    def test_german_letter_to_the_prosecutor(self):
        letter = self.letter(language="de", addressee=self.prosecutor)
        assert letter.filename == "UA-065-20-de.docx"
        assert letter.content_type.endswith("wordprocessingml.document")
        lines = docx_lines(letter.data)
        assert lines[0].startswith(FULLNAME)
        assert lines[1] == (
            "Prosecutor General Kanat Esenaliev\nErkindik Boulevard 12\n"
            "720040 Bishkek\nKyrgyzstan"
        )
        assert lines[2] == f"{TOWN}, {today('de')}"
        assert "Dezember" in lines[2] or date.today().month != 12
        assert lines[3] == "UA 065/20"
        assert lines[4] == "Sehr geehrter Herr Generalstaatsanwalt,"
        assert lines[-1] == FULLNAME

    def test_english_date_is_british(self):
        lines = docx_lines(self.letter(language="en").data)
        assert lines[2] == f"{TOWN}, {today('en_GB')}"
        assert lines[4] == "Dear Prosecutor General,"

    def test_first_addressee_and_first_language_by_default(self):
        lines = docx_lines(self.letter().data)
        assert lines[1].startswith("Prosecutor General Kanat Esenaliev")

    def test_inline_addressee_gets_the_general_formula(self):
        lines = docx_lines(
            self.letter(language="de", addressee="inline-addressees-0").data
        )
        assert lines[1] == "Ombudsperson Gulnara Abdieva\nToktogul 48"
        assert lines[4] == "Sehr geehrte Damen und Herren,"

    def test_name_town_and_address_corrected_in_the_form(self):
        lines = docx_lines(
            self.letter(
                name="Maria Muster", town="Bern", address="Gasse 1\n3000 Bern"
            ).data
        )
        assert lines[0] == "Maria Muster\nGasse 1\n3000 Bern"
        assert lines[2].startswith("Bern, ")
        assert lines[-1] == "Maria Muster"

    def test_initials_only_leaves_the_full_name_and_address_out(self):
        data = self.letter(initials_only=True, address="Gasse 1").data
        text = "\n".join(docx_lines(data))
        assert "Maria" not in text and "Muster" not in text
        assert "Gasse 1" not in text
        lines = docx_lines(data)
        assert lines[0].strip() == "M. A. M."
        assert lines[-1] == "M. A. M."
        assert lines[2].startswith(f"{TOWN}, ")

    def test_markup_in_names_stays_text(self):
        lines = docx_lines(self.letter(name="Ana & <Bo>").data)
        assert lines[-1] == "Ana & <Bo>"

    def test_nothing_is_stored(self):
        before = self.case._p_changed, dict(self.case.__dict__)
        self.letter(language="de")
        assert dict(self.case.__dict__) == before[1]


class TestRefused:
    @pytest.fixture(autouse=True)
    def setup(self, case, as_member):
        self.case = case

    @pytest.mark.parametrize(
        "options,status,words",
        [
            ({"language": "fr"}, 400, "no letter template in this language"),
            ({"addressee": "someone-else"}, 400, "Choose one of the addressees"),
            ({"addressee": "inline-copies_to-0"}, 400, "Choose one of the addressees"),
            ({"file_format": "odt"}, 400, "docx or pdf"),
            ({"name": "x" * 101}, 400, "too long"),
            ({"town": ["Bern"]}, 400, "must be text"),
        ],
    )
    def test_bad_choice(self, options, status, words):
        with pytest.raises(LetterError) as raised:
            personal_letter(self.case, **options)
        assert raised.value.status == status
        assert words.lower() in str(raised.value.message).lower()

    def test_visitors_must_log_in(self):
        logout()
        with pytest.raises(LetterError) as raised:
            personal_letter(self.case)
        assert raised.value.status == 401

    def test_closed_case(self):
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(self.case, to_state="closed")
        with pytest.raises(LetterError) as raised:
            personal_letter(self.case)
        assert raised.value.status == 409


class TestTemplates:
    def test_template_without_placeholders_gets_a_letterhead(self, make_ua, as_member):
        ua = make_ua(ua_number="070/20", addressees=[{"name": "Minister of Justice"}])
        add_template(ua, "en", docx_bytes("Dear Minister,", "Release him."))
        lines = docx_lines(personal_letter(ua).data)
        assert lines == [
            FULLNAME,
            f"{TOWN}, {today('en_GB')}",
            "Minister of Justice",
            "Dear Minister,",
            "Release him.",
            FULLNAME,
        ]

    def test_plain_letter_for_visitors(self, case):
        (german,) = [t for t in case.objectValues() if t.letter_language == "de"]
        lines = docx_lines(plain_letter(german))
        assert lines[0].startswith("[Ihr Name]")
        assert lines[1].startswith("Prosecutor General Kanat Esenaliev")
        assert lines[2] == "[Ort, Datum]"
        assert lines[4] == "Sehr geehrter Herr Generalstaatsanwalt,"
