"""``POST @import-is-document`` on the section: a draft from a fictional IS
document, refused files that create nothing."""

from collective.urgentactions.testing import stored_count
from restapi_helpers import assert_error

import base64
import plone.api
import pytest


PATH = "/urgent-actions/@import-is-document"


def body(data, filename="ua-117-26.docx"):
    return {"file": {"data": base64.b64encode(data).decode(), "filename": filename}}


class TestImport:
    @pytest.mark.parametrize("user", ["manager"])
    def test_draft_from_the_document(self, api, samples, openapi, user):
        response = api(user).post(
            "urgent-actions/@import-is-document", json=body(samples.sample())
        )
        result = openapi.validate(response, PATH, "post")
        assert response.status_code == 201, response.text
        assert result["ua_number"] == "117/26"
        assert result["review_state"] == "draft"
        assert result["letter_templates"] == ["en"]
        assert result["problems"] == []
        draft = api(user).get(result["@id"])
        assert draft.status_code == 200
        case = draft.json()
        assert case["ai_index"] == "EUR 58/4711/2026"
        assert case["country"]["token"] == "KG"
        assert case["closing_date"] == "2026-12-29"
        assert (
            case["addressee_entries"][0]["title"]
            == "Prosecutor General Bolot Imanaliev"
        )

    def test_follow_up_is_related(self, api, samples, openapi):
        client = api("manager")
        first = client.post(
            "urgent-actions/@import-is-document", json=body(samples.sample())
        )
        follow = client.post(
            "urgent-actions/@import-is-document",
            json=body(samples.sample(samples.FOLLOW_UP), "ua-117-26-1.docx"),
        )
        result = openapi.validate(follow, PATH, "post")
        assert result["related"] == [first.json()["UID"]]

    def test_problems_in_the_request_language(self, api, samples):
        plone.api.portal.set_registry_record("plone.available_languages", ["en", "de"])
        plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
        data = samples.sample(name=None)
        response = api("manager").post(
            "urgent-actions/@import-is-document",
            json=body(data),
            headers={"Accept-Language": "de"},
        )
        assert response.status_code == 201
        assert response.json()["problems"] == [
            "Name und Pronomen wurden nicht gefunden."
        ]

    @pytest.mark.parametrize(
        "payload,message",
        [
            ({"file": {"data": "%%%"}}, "base64"),
            ({"file": "ua.docx"}, "Send the document as"),
            ({"document": {}}, "Unknown field: document"),
            (
                {"file": {"data": base64.b64encode(b"PK\x03\x04broken").decode()}},
                "it may be damaged",
            ),
        ],
    )
    def test_refused_creates_nothing(self, api, openapi, payload, message):
        response = api("manager").post(
            "urgent-actions/@import-is-document", json=payload
        )
        assert message in assert_error(response, 400)
        openapi.validate(response, PATH, "post")
        assert stored_count("UrgentAction") == 0

    def test_odd_document(self, api, samples, openapi):
        response = api("manager").post(
            "urgent-actions/@import-is-document", json=body(samples.not_an_ua())
        )
        assert "not in the layout" in assert_error(response, 400)
        assert stored_count("UrgentAction") == 0

    def test_huge_file(self, api, openapi):
        response = api("manager").post(
            "urgent-actions/@import-is-document",
            json=body(b"PK\x03\x04" + b"0" * 10_500_000),
        )
        assert "too large: at most 10 MB" in assert_error(response, 413)
        openapi.validate(response, PATH, "post")
        assert stored_count("UrgentAction") == 0

    @pytest.mark.parametrize("user", [None, "member", "editor"])
    def test_only_who_may_add_cases(self, api, samples, user):
        response = api(user).post(
            "urgent-actions/@import-is-document", json=body(samples.sample())
        )
        assert response.status_code == 401
        assert stored_count("UrgentAction") == 0
