"""The smaller defects the audit of the demo site found, one test each:
every one answered 500, leaked or let a forged request through before."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import erase_member
from collective.urgentactions.testing import create_template

import pytest
import transaction


# Each bad quantity, and the words of the message it gets.
REFUSED = {
    "²": "whole number",
    "٣": "whole number",
    "1" * 5000: "at most",
    "9" * 30: "at most",
    "1e3": "whole number",
    "-1": "whole number",
    "0x10": "whole number",
    "": "whole number",
}
QUANTITIES = list(REFUSED)


def mine(userid, ua):
    record = storage.member_records().get(userid)
    return record.count(ua.UID()) if record is not None else 0


class TestQuantities:
    @pytest.mark.parametrize("quantity, words", REFUSED.items())
    def test_count_letters_form(self, http, ua, quantity, words):
        member = http("member", "cookie")
        response = member.post(
            ua,
            "@@count-letters",
            data={"quantity": quantity, "_authenticator": member.token()},
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 400, response.text
        assert words in response.json()["error"]
        assert IActionTally(ua).total() == 0

    @pytest.mark.parametrize("quantity", QUANTITIES)
    def test_rest_letters(self, http, ua, quantity):
        response = http("member").post(ua, "@letters", json={"quantity": quantity})
        assert response.status_code == 400, (response.url, response.text)
        assert IActionTally(ua).total() == 0

    def test_rest_letters_huge_json_number(self, http, ua):
        response = http("member").post(
            ua,
            "@letters",
            data='{"quantity": ' + "7" * 5000 + "}",
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 400, response.text

    @pytest.mark.parametrize("quantity", QUANTITIES)
    def test_rest_offline(self, http, ua, quantity):
        response = http("editor").post(
            ua, "@letters/offline", json={"quantity": quantity}
        )
        assert response.status_code == 400, response.text
        assert IActionTally(ua).total() == 0

    @pytest.mark.parametrize("quantity, words", REFUSED.items())
    def test_statistics_form(self, http, ua, quantity, words):
        editor = http("editor", "cookie")
        response = editor.post(
            ua,
            "@@letter-statistics",
            data={"quantity": quantity, "_authenticator": editor.token()},
        )
        assert response.status_code == 400, response.text
        assert words in response.text
        assert IActionTally(ua).total() == 0

    def test_statistics_note_list(self, http, ua):
        editor = http("editor", "cookie")
        response = editor.post(
            ua,
            "@@letter-statistics",
            data={
                "quantity": "3",
                "note:list": ["a", "b"],
                "_authenticator": editor.token(),
            },
        )
        assert response.status_code == 400, response.text
        assert "The note must be text." in response.text
        assert IActionTally(ua).total() == 0

    def test_statistics_quantity_list(self, http, ua):
        editor = http("editor", "cookie")
        response = editor.post(
            ua,
            "@@letter-statistics",
            data={"quantity:list": ["1", "2"], "_authenticator": editor.token()},
        )
        assert response.status_code == 400, response.text
        assert IActionTally(ua).total() == 0


class TestFormConverters:
    """``b_start:int=x`` fails in Zope's form converter, before any view."""

    @pytest.mark.parametrize(
        "path",
        ["urgent-actions", "", "search", "urgent-actions/folder_contents"],
    )
    @pytest.mark.parametrize("user", [None, "member"])
    def test_bad_int_is_400(self, http, user, path):
        response = http(user).get(path, params={"b_start:int": "x"})
        assert response.status_code == 400, response.status_code
        assert "b_start" in response.text
        assert "whole number" in response.text

    @pytest.mark.parametrize("field", ["b_size:int", "x:float", "d:date", "n:long"])
    def test_other_converters(self, http, field):
        response = http().get("urgent-actions", params={field: "nonsense"})
        assert response.status_code == 400

    def test_bad_int_in_a_post_body(self, http, ua):
        response = http("member").post(
            ua, "@@count-letters", data={"quantity:int": "²"}
        )
        assert response.status_code == 400

    def test_good_int_still_works(self, http, everyone):
        response = http().get("urgent-actions", params={"b_start:int": "0"})
        assert response.status_code == 200


class TestCSRF:
    def test_invalid_basic_beside_cookie_needs_token(self, http, ua):
        member = http("member", "cookie")
        response = member.post(
            ua,
            "@letters",
            json={"quantity": 1},
            headers={"Authorization": "Basic bm9ib2R5Om5vdGhpbmc="},
        )
        assert response.status_code == 403, response.text
        assert "CSRF" in response.text
        assert IActionTally(ua).total() == 0

    def test_bogus_bearer_beside_cookie_needs_token(self, http, ua):
        member = http("member", "cookie")
        response = member.post(
            ua,
            "@letters",
            json={"quantity": 1},
            headers={"Authorization": "Bearer not-a-token"},
        )
        assert response.status_code in (401, 403), response.text
        assert IActionTally(ua).total() == 0

    def test_basic_without_cookie_needs_none(self, http, ua):
        response = http("member").post(ua, "@letters", json={"quantity": 1})
        assert response.status_code == 201
        assert IActionTally(ua).total() == 1

    def test_maintenance_for_a_cookie_manager_needs_token(self, http, everyone):
        manager = http("manager", "cookie")
        response = manager.post("@@urgentactions-maintenance?task=close-expired")
        assert response.status_code == 403, response.text
        response = manager.post(
            "@@urgentactions-maintenance",
            data={"task": "close-expired", "_authenticator": manager.token()},
        )
        assert response.status_code == 200, response.text

    def test_maintenance_with_basic_auth(self, http, everyone):
        response = http("manager").post(
            "@@urgentactions-maintenance?task=close-expired"
        )
        assert response.status_code == 200, response.text


class TestUnsubscribeAfterErasure:
    def test_used_token_stays_used(self, http, ua, everyone):
        from collective.urgentactions.notifications import tokens

        transaction.begin()
        record = storage.member_records().ensure("member")
        record.set_following(ua.UID(), True)
        token = tokens.make_token("member", tokens.UNFOLLOW, ua.UID())
        transaction.commit()
        anonymous = http()
        url = f"{everyone.absolute_url()}/@@urgentactions-unsubscribe"
        assert anonymous.post(url, data={"token": token}).status_code == 200
        erase_member("member")
        storage.member_records().ensure("member").set_following(ua.UID(), True)
        transaction.commit()
        response = anonymous.post(url, data={"token": token})
        assert response.status_code == 410
        assert storage.member_records().get("member").is_following(ua.UID())


class TestCacheControl:
    @pytest.mark.parametrize(
        "path", ["@@my-letters", "@@urgentactions-preferences", "{ua}", "{ua}/view"]
    )
    def test_member_pages_are_private(self, http, ua, path):
        response = http("member").get(path.format(ua=ua.absolute_url()))
        assert response.status_code == 200
        cache_control = response.headers.get("Cache-Control", "")
        assert "private" in cache_control
        assert "public" not in cache_control

    def test_rest_for_members_is_private(self, http, ua):
        response = http("member").get(
            ua, "@letters", headers={"Accept": "application/json"}
        )
        assert "public" not in response.headers.get("Cache-Control", "")
        assert "private" in response.headers.get("Cache-Control", "")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TestTemplateDownload:
    """A template uploaded with a claimed type of text/html is served as
    the document its content is, never sniffed."""

    @pytest.mark.parametrize("view", ["@@download/file", "@@display-file/file"])
    def test_claimed_type_is_not_served(self, http, ua, view):
        template = create_template(
            ua, "en", filename="letter.docx", title="English", content_type="text/html"
        )
        transaction.commit()
        response = http().get(f"{template.absolute_url()}/{view}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == DOCX
        assert response.headers["X-Content-Type-Options"] == "nosniff"


class TestTypesOffered:
    """``@types`` offers each role exactly the types it can add to a case."""

    @pytest.mark.parametrize("user", ["contributor", "editor", "siteadmin", "manager"])
    def test_offered_means_addable(self, http, ua, user):
        response = http(user).get(ua, "@types")
        offered = {item["id"] for item in response.json() if item["addable"]}
        allowed = set()
        for type_id in ("UrgentActionUpdate", "LetterTemplate"):
            # A letter template without a file is refused (400) only once
            # the user may add one at all (else 401/403).
            created = http(user).post(ua, "", json={"@type": type_id, "title": "P"})
            if created.status_code not in (401, 403):
                allowed.add(type_id)
        assert offered == allowed
