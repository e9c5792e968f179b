"""The audit: every endpoint for every role, malformed input everywhere,
and what a member's session leaves in the logs and the transaction log.

Run with ``make audit`` (also in CI). The matrix below is the contract; it
is printed as the table in ``docs/security.md``, which a test keeps in step.
"""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.notifications import tokens
from collective.urgentactions.testing import PASSWORD
from pathlib import Path

import itertools
import logging
import plone.api
import pytest
import transaction


pytestmark = pytest.mark.audit

ROLES = [
    "anonymous",
    "member",
    "other",
    "contributor",
    "editor",
    "siteadmin",
    "manager",
]
USERS = dict(
    zip(
        ROLES,
        [None, "member", "other", "contributor", "editor", "siteadmin", "manager"],
        strict=True,
    )
)

# endpoint: (method, path, JSON body or None, {role: status})
ALL_200 = dict.fromkeys(ROLES, 200)
MEMBERS = ROLES[1:]
EDITORS = ["editor", "siteadmin", "manager"]
ADMINS = ["siteadmin", "manager"]


def statuses(default, **by_role):
    return {role: by_role.get(role, default) for role in ROLES}


MATRIX = {
    "case page": ("GET", "{ua}", None, ALL_200),
    "letter statistics page": (
        "GET",
        "{ua}/@@letter-statistics",
        None,
        statuses(302, **dict.fromkeys(EDITORS, 200)),
    ),
    "GET @letters": ("GET", "{ua}/@letters", None, ALL_200),
    "POST @letters (count)": (
        "POST",
        "{ua}/@letters",
        {"quantity": 1},
        statuses(201, anonymous=401),
    ),
    "DELETE @letters (take back)": (
        "DELETE",
        "{ua}/@letters",
        None,
        statuses(200, anonymous=401),
    ),
    "POST @letters/offline": (
        "POST",
        "{ua}/@letters/offline",
        {"quantity": 5},
        statuses(403, anonymous=403, **dict.fromkeys(EDITORS, 201)),
    ),
    "PATCH @letters (follow)": (
        "PATCH",
        "{ua}/@letters",
        {"following": True},
        statuses(200, anonymous=401),
    ),
    "PATCH @letters (unfollow)": (
        "PATCH",
        "{ua}/@letters",
        {"following": False},
        statuses(200, anonymous=401),
    ),
    "follow button without CSRF token": (
        "POST",
        "{ua}/@@follow",
        None,
        statuses(303, anonymous=302),
    ),
    "unfollow button without CSRF token": (
        "POST",
        "{ua}/@@unfollow",
        None,
        statuses(303, anonymous=302),
    ),
    "unsubscribe link (a member's, shown)": (
        "GET",
        "@@urgentactions-unsubscribe?token={token}",
        None,
        ALL_200,
    ),
    "unsubscribe, made-up token": (
        "POST",
        "@@urgentactions-unsubscribe?token=bm90LWEtdG9rZW4",
        None,
        statuses(400),
    ),
    "GET @types on a case (addable: tests/hardening)": (
        "GET",
        "{ua}/@types",
        None,
        statuses(200, anonymous=401),
    ),
    "GET @my-urgent-actions": (
        "GET",
        "@my-urgent-actions",
        None,
        statuses(200, anonymous=401),
    ),
    "My letters page": ("GET", "@@my-letters", None, statuses(200, anonymous=302)),
    "notification settings page": (
        "GET",
        "@@urgentactions-preferences",
        None,
        statuses(200, anonymous=302),
    ),
    "control panel": (
        "GET",
        "@@urgentactions-controlpanel",
        None,
        statuses(302, **dict.fromkeys(ADMINS, 200)),
    ),
    "maintenance (cron)": (
        "POST",
        "@@urgentactions-maintenance?task=close-expired",
        None,
        statuses(302, manager=200),
    ),
    "maintenance (retention)": (
        "POST",
        "@@urgentactions-maintenance?task=retention",
        None,
        statuses(302, manager=200),
    ),
    "take back an account's letters": (
        "GET",
        "@@take-back-letters",
        None,
        statuses(302, **dict.fromkeys(EDITORS, 200)),
    ),
    "uninstall page": (
        "GET",
        "@@urgentactions-uninstall",
        None,
        statuses(302, manager=200),
    ),
    "GET @urgent-actions": ("GET", "@urgent-actions", None, ALL_200),
    "another member's author page": (
        "GET",
        "author/other",
        None,
        statuses(404, other=200, **dict.fromkeys(ADMINS, 200)),
    ),
    "Users vocabulary (REST)": (
        "GET",
        "@vocabularies/plone.app.vocabularies.Users",
        None,
        statuses(403, anonymous=401, **dict.fromkeys(ADMINS, 200)),
    ),
}


def table():
    """The matrix as the Markdown table of ``docs/security.md``."""
    lines = [
        "| endpoint | method | " + " | ".join(ROLES) + " |",
        "| --- | --- |" + " --- |" * len(ROLES),
    ]
    for name, (method, _path, _body, expected) in MATRIX.items():
        cells = " | ".join(str(expected[role]) for role in ROLES)
        lines.append(f"| {name} | {method} | {cells} |")
    return "\n".join(lines)


def call(http, role, method, path, body, ua, token=""):
    client = http(USERS[role])
    url = path.format(ua=client.url(ua) if "{ua}" in path else "", token=token)
    headers = (
        {"Accept": "application/json"} if "/@" in "/" + path.replace("@@", "") else {}
    )
    kwargs = {"json": body} if body is not None else {}
    return client.request(method, url, headers=headers, **kwargs)


def test_matrix(http, ua):
    plone.api.portal.set_registry_record("collective.urgentactions.letters_cap", 100)
    transaction.commit()
    token = tokens.make_token("member", tokens.ALL)
    seen = {}
    for name, (method, path, body, _expected) in MATRIX.items():
        for role in ROLES:
            if name.startswith("DELETE"):
                # Something to take back first.
                call(http, role, "POST", "{ua}/@letters", {"quantity": 1}, ua)
            response = call(http, role, method, path, body, ua, token)
            seen[(name, role)] = response.status_code
    wrong = {
        cell: (status, MATRIX[cell[0]][3][cell[1]])
        for cell, status in seen.items()
        if status != MATRIX[cell[0]][3][cell[1]]
    }
    assert wrong == {}, wrong


@pytest.mark.parametrize("role", ROLES)
def test_forged_core_writes_fail(http, ua, role):
    """A cross-origin ``enctype=text/plain`` form, sent with the role's login
    cookie, creates no Manager through ``++api++/@users`` and publishes
    nothing through ``@workflow`` (``hardening/api_writes.py``)."""
    client = http(USERS[role], "cookie") if USERS[role] else http()
    forged = '{"username": "intruder", "password": "a-long-password-1", '
    forged += '"email": "i@example.org", "roles": ["Manager"], "pad": "="}'
    headers = {"Content-Type": "text/plain", "Origin": "http://evil.example"}
    for path in ("++api++/@users", f"{client.url(ua)}/@workflow/retract"):
        response = client.post(path, data=forged, headers=headers)
        assert response.status_code in (400, 401, 403), (path, response.status_code)
    transaction.begin()
    assert plone.api.user.get(userid="intruder") is None
    assert plone.api.content.get_state(plone.api.content.get(UID=ua.UID())) == (
        "published"
    )


def test_security_doc_has_the_matrix():
    doc = Path(__file__).parents[2] / "docs" / "security.md"
    assert table() in doc.read_text()


MALFORMED = [
    "²",
    "٣",
    "1" * 5000,
    "-1",
    "0",
    "1e9",
    "0x1f",
    "",
    " ",
    "null",
    "[]",
    "{}",
    "true",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "%00",
    "../../etc/passwd",
    "ä" * 300,
]
JSON_MALFORMED = [
    b"{",
    b"[1, 2]",
    b'"text"',
    b"null",
    b'{"quantity": "' + b"9" * 5000 + b'"}',
    b'{"quantity": ' + b"9" * 5000 + b"}",
    b'{"quantity": 1.5}',
    b'{"quantity": true}',
    b'{"quantity": [1]}',
    b'{"quantity": {"a": 1}}',
    b'{"channel": ["email"]}',
    b'{"channel": "pigeon"}',
    b'{"submission_id": 12}',
    b'{"note": ["a"]}',
    b'{"following": "yes"}',
    b'{"seen": false}',
    b'{"unknown": 1}',
    b"\xff\xfe",
    b'{"quantity": 1}' * 2,
    b"x" * 20000,
]


def test_malformed_inputs_never_5xx(http, ua):
    member = http("member", "cookie")
    editor = http("editor", "cookie")
    token, editor_token = member.token(), editor.token()
    case = member.url(ua)
    sent = []

    def send(client, method, url, **kwargs):
        response = client.request(method, url, **kwargs)
        sent.append((method, url, str(kwargs)[:80], response.status_code))

    for value in MALFORMED:
        for field in ("quantity",):
            send(
                member,
                "POST",
                f"{case}/@@count-letters",
                data={field: value, "_authenticator": token},
            )
        for field in ("quantity", "note:list"):
            send(
                editor,
                "POST",
                f"{case}/@@letter-statistics",
                data={field: value, "_authenticator": editor_token},
            )
        for field in ("b_start:int", "country", "q"):
            send(http(), "GET", "urgent-actions", params={field: value})
            send(
                http(),
                "GET",
                "@urgent-actions",
                params={field: value},
                headers={"Accept": "application/json"},
            )
        send(http(), "GET", "@@urgentactions-unsubscribe", params={"token": value})
        send(http(), "POST", "@@urgentactions-unsubscribe", data={"token": value})
        send(
            member,
            "POST",
            "@@urgentactions-preferences",
            data={
                "delivery": value,
                "language": value,
                "countries": value,
                "reminder_days": value,
                "_authenticator": token,
            },
        )
        send(member, "GET", "@@my-letters", params={"export": value})
        send(
            editor,
            "POST",
            "@@take-back-letters",
            data={"account": value, "confirm": value, "_authenticator": editor_token},
        )
        send(
            http("manager"), "POST", "@@urgentactions-maintenance", data={"task": value}
        )
    api = http("member")
    for body in JSON_MALFORMED:
        for method, path in (
            ("POST", "@letters"),
            ("PATCH", "@letters"),
            ("POST", "@letters/offline"),
        ):
            send(
                api,
                method,
                f"{case}/{path}",
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
            )
    assert len(sent) >= 200
    server_errors = [request for request in sent if request[3] >= 500]
    assert server_errors == []
    transaction.begin()
    assert IActionTally(ua).total() == 0  # nothing malformed was counted


ANNA = "anna-minsk-7"
ANNA_ADDRESS = "anna.minsk.7@example.org"


def test_member_session_leaves_no_trace(http, ua, everyone, caplog):
    everyone.acl_users.userFolderAddUser(ANNA, PASSWORD, ["Member"], [])
    plone.api.user.get(ANNA).setMemberProperties({"email": ANNA_ADDRESS})
    transaction.commit()
    start = everyone._p_jar.db().storage.lastTransaction()
    caplog.set_level(logging.DEBUG)
    anna = http(ANNA, "cookie")
    token = anna.token()
    case = anna.url(ua)
    for path, data in itertools.chain(
        [("@@count-letters", {"quantity": "2"}), ("@@undo-letter", {})],
        [("@@count-letters", {"quantity": "1"}), ("@@unfollow", {}), ("@@follow", {})],
    ):
        anna.post(f"{case}/{path}", data={**data, "_authenticator": token})
    anna.get(case)
    anna.get("@@my-letters")
    anna.get("@@my-letters?export=csv")
    anna.post(
        "@@urgentactions-preferences",
        data={"delivery": "digest", "reminder_days": "0", "_authenticator": token},
    )
    anna.post(
        "@@my-letters", data={"erase": "1", "confirm": "1", "_authenticator": token}
    )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert ANNA not in logged and ANNA_ADDRESS not in logged
    for txn in everyone._p_jar.db().storage.iterator():
        if txn.tid <= start:
            continue
        note = (txn.user or b"") + b" " + (txn.description or b"")
        assert ANNA.encode() not in note and ANNA_ADDRESS.encode() not in note
