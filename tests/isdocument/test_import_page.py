"""The import page as an editor uses it, over real HTTP."""

from collective.urgentactions.testing import stored_count
from io import BytesIO
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser

import pytest
import transaction


@pytest.fixture
def browser(functional_app, functional_portal):
    functional_portal.acl_users.userFolderAddUser(
        "member", "secret-password-1", ["Member"], []
    )
    transaction.commit()

    def open_as(userid, password):
        browser = Browser(functional_app)
        browser.handleErrors = False
        browser.raiseHttpErrors = False
        browser.addHeader("Authorization", f"Basic {userid}:{password}")
        return browser

    return open_as


class TestImportPage:
    @pytest.fixture(autouse=True)
    def setup(self, browser, functional_portal, samples):
        self.browser = browser(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        self.section_url = functional_portal["urgent-actions"].absolute_url()
        self.samples = samples

    def upload(self, data, filename):
        self.browser.open(self.section_url)
        self.browser.getLink("Import an International Secretariat document").click()
        form = self.browser.getForm(action=f"{self.section_url}/@@import-is-document")
        form.getControl(name="document").add_file(
            BytesIO(data), "application/octet-stream", filename
        )
        form.getControl("Import as draft").click()

    def test_import_and_report(self):
        self.upload(self.samples.sample(name=None, language=None), "ua-117-26.docx")
        assert self.browser.headers["status"].startswith("201")
        contents = self.browser.contents
        assert "A draft Urgent Action was made from" in contents
        assert "ua-117-26.docx" in contents
        assert "What could not be read" in contents
        assert "The name and pronoun were not found." in contents
        assert stored_count("UrgentAction") == 1
        self.browser.getLink("Edit the draft").click()
        assert "Radio host detained for a phone-in on water prices" in (
            self.browser.contents
        )

    def test_tools_only_above_the_listing(self):
        self.browser.open(self.section_url)
        assert "ua-editor-tools" in self.browser.contents
        self.browser.open(f"{self.section_url}/@@import-is-document")
        assert "ua-editor-tools" not in self.browser.contents

    def test_broken_file(self):
        self.upload(b"PK\x03\x04 torn in half", "ua.docx")
        assert self.browser.headers["status"].startswith("400")
        assert "it may be damaged" in self.browser.contents
        assert "A draft Urgent Action was made" not in self.browser.contents
        assert stored_count("UrgentAction") == 0


def test_members_see_no_tools(browser, functional_portal):
    member = browser("member", "secret-password-1")
    member.open(functional_portal["urgent-actions"].absolute_url())
    assert "ua-editor-tools" not in member.contents
    member.handleErrors = True
    member.open(
        f"{functional_portal['urgent-actions'].absolute_url()}/@@import-is-document"
    )
    assert "Import as draft" not in member.contents
