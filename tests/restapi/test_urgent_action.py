"""``GET`` on an Urgent Action: plone.restapi's serialization with status,
and the ``letters``, ``updates`` and ``templates`` expansions."""

from collective.urgentactions.testing import create_template
from collective.urgentactions.testing import create_update
from datetime import date
from datetime import timedelta
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.textfield.value import RichTextValue
from plone.uuid.interfaces import IUUID
from restapi_helpers import assert_error
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import html
import json
import plone.api
import pytest
import re
import requests
import transaction


PATH = "/{path}"
ADDRESSEE = {
    "name": "Prosecutor General Andrei Shved",
    "salutation": "Dear Prosecutor General,",
    "address": "ul. Internatsionalnaya 22\n220030 Minsk\nBelarus",
    "email": "info@prokuratura.gov.by",
    "fax": None,
}


@pytest.fixture
def ua(make_ua, portal):
    """An open case with every field, two published updates, a draft one,
    two letter templates and a related page."""
    with plone.api.env.adopt_roles(["Manager"]):
        page = plone.api.content.create(
            container=portal, type="Document", title="Belarus: the protests"
        )
    case = make_ua(
        description="Release Ihar Losik immediately.",
        themes=["freedom-of-expression", "prisoners-of-conscience"],
        closing_date=date.today() + timedelta(days=30),
        addressees=[ADDRESSEE],
        copies_to=[{"name": "Embassy of Belarus", "address": "Berlin"}],
        suggested_posts=["Free Ihar Losik! #Belarus"],
        text=RichTextValue("<p>Ihar Losik was arrested.</p>", "text/html", "text/html"),
    )
    case.relatedItems = [RelationValue(getUtility(IIntIds).getId(page))]
    for title, day, state in (
        ("Trial date set", date(2020, 6, 23), "published"),
        ("Moved to a prison hospital", date(2020, 5, 12), "published"),
        ("Draft: verdict expected", date(2020, 7, 1), "draft"),
    ):
        create_update(case, title, day, f"<p>{title}.</p>", state)
    create_template(case, "en", filename="ua-065-20-en.docx")
    create_template(case, "de", b"%PDF-1.4\n%fake\n", "ua-065-20-de.pdf")
    return case


def expand(client, case, what="letters,updates,templates"):
    return client.get(case, params={"expand": what})


def test_fields(api, ua, openapi):
    body = openapi.validate(api().get(ua), PATH)
    assert body["@type"] == "UrgentAction"
    assert body["ua_number"] == "065/20"
    assert body["ai_index"] == "EUR 57/2227/2020"
    assert body["status"] == "open"
    assert body["closed_on"] is None
    assert body["review_state"] == "published"
    assert body["country"] == {"token": "BY", "title": "Belarus"}
    assert [theme["token"] for theme in body["themes"]] == [
        "freedom-of-expression",
        "prisoners-of-conscience",
    ]
    assert body["themes"][0]["title"] == "Freedom of expression"
    assert body["issue_date"] == "2020-04-28"
    assert body["closing_date"] == (date.today() + timedelta(days=30)).isoformat()
    assert body["addressees"] == [ADDRESSEE]
    assert body["copies_to"][0]["name"] == "Embassy of Belarus"
    assert body["suggested_posts"] == ["Free Ihar Losik! #Belarus"]
    assert body["text"]["data"] == "<p>Ihar Losik was arrested.</p>"
    assert body["description"] == "Release Ihar Losik immediately."
    assert [item["title"] for item in body["relatedItems"]] == ["Belarus: the protests"]
    # plone.restapi's own fields stay.
    assert {"UID", "created", "modified", "parent", "items", "lock"} <= set(body)


def test_components_are_links_unless_expanded(api, ua, openapi):
    body = openapi.validate(api().get(ua), PATH)
    url = body["@id"]
    assert body["@components"]["letters"] == {"@id": f"{url}/@letters"}
    assert body["@components"]["updates"] == {"@id": f"{url}?expand=updates"}
    assert body["@components"]["templates"] == {"@id": f"{url}?expand=templates"}


def test_updates_newest_first_published_only(api, ua, openapi):
    body = openapi.validate(expand(api(), ua, "updates"), PATH)
    updates = body["@components"]["updates"]
    assert [u["title"] for u in updates["items"]] == [
        "Trial date set",
        "Moved to a prison hospital",
    ]
    first = updates["items"][0]
    assert first["date"] == "2020-06-23"
    assert first["review_state"] == "published"
    assert first["published"].startswith(date.today().isoformat())
    assert first["text"]["data"] == "<p>Trial date set.</p>"


@pytest.mark.parametrize("user", ["editor", "manager"])
def test_editors_see_draft_updates(api, ua, user):
    updates = expand(api(user), ua, "updates").json()["@components"]["updates"]
    assert [u["review_state"] for u in updates["items"]] == [
        "draft",
        "published",
        "published",
    ]


def test_templates(api, ua, openapi):
    body = openapi.validate(expand(api(), ua, "templates"), PATH)
    templates = body["@components"]["templates"]["items"]
    assert [t["language"] for t in templates] == [
        {"token": "de", "title": "Deutsch"},
        {"token": "en", "title": "English"},
    ]
    pdf, word = templates
    assert word["title"] == "UA 065/20 English"
    assert word["type"] == "Microsoft Word Document"
    assert word["filename"] == "ua-065-20-en.docx"
    assert word["size"] > 1000
    assert word["download"] == f"{word['@id']}/@@download/file"
    assert pdf["type"] == "PDF Document"
    assert pdf["content-type"] == "application/pdf"
    assert pdf["size"] == len(b"%PDF-1.4\n%fake\n")


def test_template_download_works(api, ua):
    templates = expand(api(), ua, "templates").json()["@components"]["templates"]
    response = api().session.get(templates["items"][0]["download"])
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("user", [None, "member", "other", "editor", "manager"])
def test_letters_expansion(api, ua, count_as, openapi, user):
    count_as("member", ua, 2)
    count_as("other", ua, 1)
    body = openapi.validate(expand(api(user), ua, "letters"), PATH)
    letters = body["@components"]["letters"]
    assert letters["total"] == 3
    assert letters["mine"] == {"member": 2, "other": 1}.get(user, 0)
    assert len(letters["entries"]) == (1 if user in ("member", "other") else 0)
    assert ("statistics" in letters) == (user in ("editor", "manager"))


def test_closed_by_hand(api, make_ua, openapi):
    case = make_ua(state="closed")
    body = openapi.validate(expand(api(), case, "letters"), PATH)
    assert body["status"] == "closed"
    assert body["closed_on"] == date.today().isoformat()
    assert body["@components"]["letters"]["open"] is False


def test_draft_needs_permission(api, make_ua, openapi):
    case = make_ua(state="draft")
    response = api().get(case)
    assert_error(response, 401)
    openapi.validate(response, PATH)
    assert api("member").get(case).status_code == 401
    assert api("editor").get(case).json()["status"] == "draft"


def test_same_for_headless_clients(api, ua):
    """``++api++`` (what Volto calls) answers the same JSON without an
    Accept header."""
    client = api()
    url = client.url(ua)
    plain = client.session.get(
        url.replace("/plone/", "/plone/++api++/"),
        params={"expand": "letters"},
        headers={"Accept": "*/*"},
    ).json()
    assert plain["status"] == "open"
    assert plain["@components"]["letters"]["total"] == 0
    assert IUUID(ua) == plain["UID"]


class TestSchemaOfTheType:
    """Clients that build their own edit forms read the type's schema."""

    def test_editors_get_the_schema_with_the_address_book_pickers(self, api):
        response = api("editor").get("", "@types/UrgentAction")
        assert response.status_code == 200, response.text
        properties = response.json()["properties"]
        assert {"addressee_entries", "copy_entries"} <= set(properties)

    def test_edit_form_browses_the_address_book(self, api, ua, portal):
        response = api("manager").get(ua, "@@edit", headers={"Accept": "text/html"})
        assert response.status_code == 200
        options = [
            json.loads(html.unescape(value))
            for value in re.findall(r'data-pat-relateditems="([^"]*)"', response.text)
        ]
        book = "/".join(portal["urgent-actions"]["address-book"].getPhysicalPath())
        assert [o.get("basePath") for o in options] == [book, book]


class TestCreateThroughTheApi:
    """Editors of other sections may create cases through the REST API."""

    @pytest.fixture(autouse=True)
    def setup(self, functional_portal):
        self.portal = functional_portal

    def post(self, **fields):
        body = {
            "@type": "UrgentAction",
            "title": "Teacher detained after a lesson on the constitution",
            "ua_number": "077/26",
            "ai_index": "EUR 58/4128/2026",
            "country": "BY",
            "issue_date": "2026-03-02",
        }
        body.update(fields)
        return requests.post(
            f"{self.portal.absolute_url()}/urgent-actions",
            json=body,
            headers={"Accept": "application/json"},
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )

    def test_created_and_filed(self):
        response = self.post()
        assert response.status_code == 201, response.text
        transaction.begin()
        brains = self.portal.portal_catalog.unrestrictedSearchResults(
            ua_number="077/26"
        )
        assert [b.getPath() for b in brains] == [
            "/plone/urgent-actions/2026/03/teacher-detained-after-a-lesson-on-the-constitution"
        ]

    def test_duplicate_number_is_a_400(self):
        assert self.post().status_code == 201
        response = self.post(title="Another case")
        assert response.status_code == 400
        assert "already has this UA number" in response.text

    def test_malformed_number_is_a_400(self):
        response = self.post(ua_number="77-2026")
        assert response.status_code == 400
        assert "three-digit serial number" in response.text
