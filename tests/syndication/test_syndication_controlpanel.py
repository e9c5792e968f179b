"""The Syndication control panel: sources under "Manage syndication"
(Site Administrator, Manager), credentials never shown back, "Sync now" in
the background, the sync log; imported cases show "From <source>" and the
source's changes to fields edited here, for the editor to decide."""

from collective.urgentactions.syndication import sources
from collective.urgentactions.syndication.worker import wait_for_workers
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from syndication_helpers import on
from syndication_helpers import SERVICE_ACCOUNT
from syndication_helpers import SERVICE_PASSWORD

import pytest
import re
import requests
import transaction


PASSWORD = "secret-password-1"


def token(html):
    return re.search(r'name="_authenticator"[^>]*value="([^"]+)"', html).group(1)


class TestControlPanel:
    @pytest.fixture(autouse=True)
    def _setup(self, sites):
        self.sites = sites
        with on(sites.section):
            for userid, roles in (
                ("siteadmin", ["Site Administrator"]),
                ("editor", ["Editor"]),
            ):
                sites.section.acl_users.userFolderAddUser(userid, PASSWORD, roles, [])
        self.url = sites.section_url + "/@@syndication-controlpanel"
        self.form_url = sites.section_url + "/@@syndication-source"

    def session(self, user, password=PASSWORD):
        session = requests.Session()
        session.auth = (user, password)
        transaction.commit()
        return session

    def only_source(self):
        with on(self.sites.section):
            [source] = sources.all_sources()
            self.sites.source_id = source.id
            return source.id

    def add_source_by_form(self, session):
        page = session.get(self.form_url, timeout=30)
        assert page.status_code == 200
        data = {
            "_authenticator": token(page.text),
            "form.widgets.name": "International Secretariat",
            "form.widgets.url": self.sites.source_url,
            "form.widgets.username": SERVICE_ACCOUNT,
            "form.widgets.password": SERVICE_PASSWORD,
            "form.widgets.arrive_as": "published",
            "form.widgets.arrive_as-empty-marker": "1",
            "form.widgets.open_only-empty-marker": "1",
            "form.buttons.save": "Save",
        }
        response = session.post(self.form_url, data=data, timeout=30)
        assert response.status_code == 200, response.text[:500]
        transaction.begin()
        return response

    def test_site_administrators_manage_sources_editors_may_not(self):
        refused = self.session("editor").get(self.url, timeout=30)
        assert refused.url.endswith("insufficient-privileges")
        assert "Abgleichsprotokoll" not in refused.text
        response = self.add_source_by_form(self.session("siteadmin"))
        assert "Quelle gespeichert." in response.text
        assert "International Secretariat" in response.text
        source = self.sites.source_record(self.only_source())
        assert source.credentials() == (SERVICE_ACCOUNT, SERVICE_PASSWORD)

    def test_credentials_are_never_shown_back(self):
        admin = self.session("siteadmin")
        self.add_source_by_form(admin)
        source_id = self.only_source()
        panel = admin.get(self.url, timeout=30).text
        edit = admin.get(f"{self.form_url}?id={source_id}", timeout=30).text
        for page in (panel, edit):
            assert SERVICE_PASSWORD not in page
            assert SERVICE_ACCOUNT not in page
        assert "gespeichert (nicht angezeigt)" in panel
        manager = self.session(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        edit = manager.get(f"{self.form_url}?id={source_id}", timeout=30).text
        assert SERVICE_ACCOUNT in edit
        assert SERVICE_PASSWORD not in edit

    def test_saving_without_the_password_keeps_it(self):
        admin = self.session("siteadmin")
        self.add_source_by_form(admin)
        source_id = self.only_source()
        page = admin.get(f"{self.form_url}?id={source_id}", timeout=30)
        response = admin.post(
            f"{self.form_url}?id={source_id}",
            data={
                "_authenticator": token(page.text),
                "form.widgets.name": "IS London",
                "form.widgets.url": self.sites.source_url,
                "form.widgets.username": "",
                "form.widgets.password": "",
                "form.widgets.arrive_as": "draft",
                "form.widgets.arrive_as-empty-marker": "1",
                "form.buttons.save": "Save",
            },
            timeout=30,
        )
        assert "Quelle gespeichert." in response.text
        transaction.begin()
        source = self.sites.source_record(source_id)
        assert source.name == "IS London"
        assert source.arrive_as == "draft"
        assert source.credentials() == (SERVICE_ACCOUNT, SERVICE_PASSWORD)

    def test_sync_now_runs_in_the_background_and_logs(self):
        uid = self.sites.make_case(ua_number="065/20")
        admin = self.session("siteadmin")
        self.add_source_by_form(admin)
        panel = admin.get(self.url, timeout=30)
        source_id = re.search(
            r'name="source"\s+type="hidden"\s+value="([^"]+)"', panel.text
        )
        response = admin.post(
            self.url,
            data={
                "_authenticator": token(panel.text),
                "source": source_id.group(1),
                "sync": "1",
            },
            timeout=30,
        )
        assert "Abgleich im Hintergrund gestartet" in response.text
        assert wait_for_workers(60)
        transaction.begin()
        self.only_source()
        assert self.sites.copy(uid) is not None, self.sites.log()
        panel = admin.get(self.url, timeout=30).text
        assert "Abgleich beendet: 1 neu, 0 aktualisiert, 0 fehlgeschlagen" in panel

    def test_an_imported_case_shows_its_source_and_changes_to_decide(self):
        uid = self.sites.make_case(ua_number="065/20")
        self.sites.add_source()
        self.sites.sync()
        copy = self.sites.copy(uid)
        with on(self.sites.section):
            copy.title = "Journalist wegen Berichten über Proteste inhaftiert"
        self.sites.edit_source(uid, title="Journalist detained and charged")
        self.sites.sync()
        url = self.sites.copy_url(uid)
        editor = self.session("editor")
        page = editor.get(url, timeout=30).text
        assert "Von International Secretariat" in page
        assert "Änderung(en) bei der Quelle warten auf Ihre Entscheidung" in page
        changes = editor.get(url + "/@@source-changes", timeout=30).text
        assert "Journalist wegen Berichten über Proteste inhaftiert" in changes
        assert "Journalist detained and charged" in changes
        response = editor.post(
            url + "/@@source-changes",
            data={"_authenticator": token(changes), "key": "case:title", "take": "1"},
            timeout=30,
        )
        assert "Die Fassung der Quelle ist übernommen." in response.text
        transaction.begin()
        assert self.sites.copy(uid).title == "Journalist detained and charged"

    def test_anonymous_visitors_see_the_source_but_no_changes(self):
        uid = self.sites.make_case(ua_number="065/20")
        self.sites.add_source()
        self.sites.sync()
        url = self.sites.copy_url(uid)
        transaction.commit()
        page = requests.get(url, timeout=30).text
        assert "Von International Secretariat" in page
        assert "source-changes" not in page
