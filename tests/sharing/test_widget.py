"""The embeddable counter and its oEmbed endpoint: totals only, no cookie,
publicly cacheable, frameable by any site."""

from collective.urgentactions.letters.rules import count_letters
from datetime import date
from datetime import timedelta
from plone.app.testing import login
from plone.app.testing import logout
from sharing_helpers import url_of
from urllib.parse import quote

import json
import lxml.html
import pytest


@pytest.fixture
def case(make_ua, portal):
    ua = make_ua(
        ua_number="011/25",
        title="Lawyer detained",
        issue_date=date(2025, 6, 1),
        closing_date=date.today() + timedelta(days=30),
    )
    portal.acl_users.userFolderAddUser("member", "secret-1", ["Member"], [])
    login(portal, "member")
    count_letters(ua, 3)
    logout()
    return ua


class TestCounterWidget:
    def test_shows_the_count_and_a_link_to_act(self, case, fetch):
        url = url_of(case)
        browser = fetch(f"{url}/@@counter-widget")
        html = lxml.html.fromstring(browser.contents)
        assert html.cssselect(".ua-widget-number")[0].text == "UA 011/25"
        assert html.cssselect(".ua-widget-count")[0].text == "3 letters sent"
        (link,) = html.cssselect("a.ua-widget-act")
        assert link.get("href") == f"{url}#ua-letters"
        assert link.get("target") == "_blank"

    @pytest.mark.parametrize("user", [None, "member:secret-1", "editor"])
    def test_no_cookie_no_member_data_same_for_everybody(self, case, fetch, user):
        url = f"{url_of(case)}/@@counter-widget"
        anonymous = fetch(url).contents
        browser = fetch(url, user=user)
        assert "Set-Cookie" not in browser.headers
        assert browser.contents == anonymous
        for trace in ("member", "You sent", "_authenticator", "<form", "<script"):
            assert trace not in browser.contents

    def test_cacheable_and_frameable(self, case, fetch):
        browser = fetch(f"{url_of(case)}/@@counter-widget")
        assert browser.headers["Cache-Control"] == "public, max-age=60"
        assert browser.headers["Content-Security-Policy"] == "frame-ancestors *"
        assert "X-Frame-Options" not in browser.headers

    def test_german(self, case, fetch):
        from plone import api

        api.portal.set_registry_record("plone.available_languages", ["en", "de"])
        api.portal.set_registry_record("plone.use_request_negotiation", True)
        browser = fetch(f"{url_of(case)}/@@counter-widget", language="de")
        html = lxml.html.fromstring(browser.contents)
        assert html.get("lang") == "de"
        assert html.cssselect(".ua-widget-count")[0].text == "3 Briefe verschickt"
        assert html.cssselect("a.ua-widget-act")[0].text == "Einen Brief schreiben"

    def test_closed_case(self, make_ua, fetch):
        ua = make_ua(state="closed", ua_number="065/20", closing_date=date(2020, 6, 8))
        html = lxml.html.fromstring(fetch(f"{url_of(ua)}/@@counter-widget").contents)
        assert html.cssselect(".ua-widget-closed")[0].text == "Closed on 8 June 2020"

    def test_draft_is_not_called_closed(self, make_ua, fetch):
        ua = make_ua(state="draft", ua_number="099/25")
        browser = fetch(f"{url_of(ua)}/@@counter-widget", user="editor")
        html = lxml.html.fromstring(browser.contents)
        assert not html.cssselect(".ua-widget-count")
        assert html.cssselect(".ua-widget-closed")[0].text == (
            "Draft: not yet open for letters"
        )


class TestOEmbed:
    def oembed(self, fetch, portal, url, **params):
        query = "&".join(f"{k}={quote(str(v))}" for k, v in params.items())
        return fetch(f"{portal.absolute_url()}/@@oembed?url={quote(url)}&{query}")

    def test_rich_iframe(self, case, fetch, portal):
        url = url_of(case)
        browser = self.oembed(fetch, portal, url, format="json")
        assert browser.headers["Content-Type"].startswith("application/json")
        data = json.loads(browser.contents)
        assert data["version"] == "1.0"
        assert data["type"] == "rich"
        assert data["title"] == "UA 011/25: Lawyer detained"
        assert data["width"] == 320 and data["height"] == 200
        (iframe,) = lxml.html.fragments_fromstring(data["html"])
        assert iframe.tag == "iframe"
        assert iframe.get("src") == f"{url}/@@counter-widget"
        assert iframe.get("title") == "Letters sent for UA 011/25"
        assert "Set-Cookie" not in browser.headers

    def test_maxwidth(self, case, fetch, portal):
        data = json.loads(
            self.oembed(fetch, portal, url_of(case), maxwidth=200).contents
        )
        assert data["width"] == 200

    def test_discovery_link_on_the_case_page(self, case, fetch, portal):
        url = url_of(case)
        html = lxml.html.fromstring(fetch(url).contents)
        (link,) = html.cssselect('link[type="application/json+oembed"]')
        assert (
            link.get("href")
            == f"{portal.absolute_url()}/@@oembed?url={quote(url, safe='')}"
        )

    @pytest.mark.parametrize(
        "url,status",
        [
            ("", 400),
            ("https://elsewhere.example.org/plone/case", 404),
            ("http://nohost/plone/no-such-case", 404),
            ("http://nohost/plone/urgent-actions", 404),
        ],
    )
    def test_bad_urls(self, case, fetch, portal, url, status):
        browser = self.oembed(fetch, portal, url)
        assert browser.headers["Status"].startswith(str(status))
        assert json.loads(browser.contents)["error"]

    def test_xml_not_offered(self, case, fetch, portal):
        browser = self.oembed(fetch, portal, url_of(case), format="xml")
        assert browser.headers["Status"].startswith("501")

    def test_draft_not_found_for_anonymous(self, make_ua, fetch, portal):
        draft = make_ua(state="draft", ua_number="099/25")
        assert (
            self.oembed(fetch, portal, url_of(draft))
            .headers["Status"]
            .startswith("404")
        )
