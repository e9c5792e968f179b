"""Letter templates are checked when they are uploaded: an unknown
placeholder or a template docxtpl cannot read is a clear form error, and
nothing is saved."""

from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import docx_bytes
from collective.urgentactions.testing import stored_count
from collective.urgentactions.testing import template_docx
from io import BytesIO
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import plone.api
import pytest
import transaction


class TestUpload:
    @pytest.fixture(autouse=True)
    def setup(self, functional_portal, functional_app):
        uid = create_ua(functional_portal["urgent-actions"]).UID()
        transaction.commit()
        self.ua_url = plone.api.content.get(UID=uid).absolute_url()
        self.browser = Browser(functional_app)
        self.browser.handleErrors = False
        self.browser.addHeader(
            "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
        )

    def add(self, data, filename="letter.docx"):
        self.browser.open(f"{self.ua_url}/++add++LetterTemplate")
        self.browser.getControl(name="form.widgets.letter_language:list").value = ["en"]
        self.browser.getControl(name="form.widgets.file").add_file(
            BytesIO(data), "application/octet-stream", filename
        )
        self.browser.getControl(name="form.buttons.save").click()

    def test_every_placeholder_accepted(self):
        self.add(template_docx())
        assert stored_count("LetterTemplate") == 1

    def test_unknown_placeholder(self):
        self.add(docx_bytes("{{ salutation }},", "{{ signature }} {{ place }}"))
        assert (
            "Unknown placeholder in the letter template: place, signature."
            in self.browser.contents
        )
        assert "{{ sender_name }}" in self.browser.contents  # what is allowed
        assert stored_count("LetterTemplate") == 0

    def test_broken_braces(self):
        self.add(docx_bytes("{{ salutation },"))
        assert "The letter template cannot be used" in self.browser.contents
        assert stored_count("LetterTemplate") == 0

    def test_broken_word_file(self):
        self.add(b"PK\x03\x04word/" + b"\x00" * 100)
        assert "The letter template cannot be used" in self.browser.contents
        assert stored_count("LetterTemplate") == 0
