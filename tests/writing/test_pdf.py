"""The PDF letter through LibreOffice, read back with pdftotext and pypdf."""

from babel.dates import format_date
from collective.urgentactions.letters.rules import LetterError
from collective.urgentactions.writing import pdf
from collective.urgentactions.writing.letters import personal_letter
from datetime import date
from io import BytesIO
from pypdf import PdfReader
from writing_helpers import FULLNAME
from writing_helpers import TOWN

import os
import pytest
import shutil
import subprocess


pytestmark = pytest.mark.skipif(
    not pdf.available() and not os.environ.get("CI"),
    reason="LibreOffice is not installed (scripts/install-debian-deps.sh)",
)


def pdftotext(data):
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


class TestPdfLetter:
    @pytest.fixture(autouse=True)
    def setup(self, case, as_member, prosecutor_uid):
        self.case = case
        self.prosecutor = prosecutor_uid

    def test_french_date_german_salutation_sender(self):
        letter = personal_letter(
            self.case, language="de", addressee=self.prosecutor, file_format="pdf"
        )
        assert letter.filename == "UA-065-20-de.pdf"
        assert letter.content_type == "application/pdf"
        assert letter.data.startswith(b"%PDF-")
        text = " ".join(PdfReader(BytesIO(letter.data)).pages[0].extract_text().split())
        assert "Prosecutor General Kanat Esenaliev" in text
        assert "720040 Bishkek" in text
        assert "Sehr geehrter Herr Generalstaatsanwalt," in text
        assert format_date(date.today(), "long", locale="de") in text
        assert f"{TOWN}, " in text
        assert FULLNAME in text

    @pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
    def test_initials_only_read_with_pdftotext(self):
        letter = personal_letter(self.case, initials_only=True, file_format="pdf")
        text = pdftotext(letter.data)
        assert "M. A. M." in text
        assert "Maria" not in text and "Muster" not in text
        assert "Dear Prosecutor General," in text

    def test_converter_that_hangs_is_stopped(self, monkeypatch):
        monkeypatch.setattr(pdf, "TIMEOUT", 0.01)
        with pytest.raises(LetterError) as raised:
            personal_letter(self.case, file_format="pdf")
        assert raised.value.status == 503
        assert "took too long" in str(raised.value.message)

    def test_no_converter_says_so(self, monkeypatch):
        monkeypatch.setattr(pdf, "soffice", lambda: None)
        with pytest.raises(LetterError) as raised:
            personal_letter(self.case, file_format="pdf")
        assert raised.value.status == 503
        assert "not available" in str(raised.value.message)

    def test_no_files_left_behind(self, tmp_path, monkeypatch):
        monkeypatch.setenv("TMPDIR", str(tmp_path))
        import tempfile

        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        personal_letter(self.case, file_format="pdf")
        leftovers = [p.name for p in tmp_path.iterdir()]
        assert not [
            name for name in leftovers if name.startswith("urgentactions-letter-")
        ]
