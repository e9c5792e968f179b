"""After a member's real requests, the database's transaction records (what
Zope's undo log lists) name neither the member nor the case they wrote for;
after "Erase my data" and ``make pack`` no revision of their record is left."""

from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import tokens
from datetime import date
from plone.app.textfield.value import RichTextValue

import plone.api
import pytest
import transaction


def storage_of(portal):
    return portal._p_jar.db().storage


def transactions_since(portal, tid):
    return [txn for txn in storage_of(portal).iterator() if txn.tid > tid]


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


@pytest.fixture
def start(portal, everyone, ua):
    transaction.commit()
    return storage_of(portal).lastTransaction()


def member_session(http, ua, portal):
    """Everything a member does: log in, count, take back, follow, see an
    update, set preferences, look at and export their data, unsubscribe."""
    browser = http("member", "cookie")
    token = browser.token()
    case = browser.url(ua)
    for path, data in (
        ("@@count-letters", {"quantity": "2"}),
        ("@@undo-letter", {}),
        ("@@count-letters", {"quantity": "1", "channel": "email"}),
        ("@@unfollow", {}),
        ("@@follow", {}),
    ):
        response = browser.post(case, path, data={**data, "_authenticator": token})
        assert response.status_code in (200, 302, 303), (path, response.status_code)
    api = http("member")
    assert api.post(ua, "@letters", json={"quantity": 1}).status_code == 201
    assert api.delete(ua, "@letters").status_code == 200
    assert api.patch(ua, "@letters", json={"following": False}).status_code == 200
    assert api.patch(ua, "@letters", json={"following": True}).status_code == 200
    with plone.api.env.adopt_roles(["Manager"]):
        update = plone.api.content.create(
            container=plone.api.content.get(UID=ua.UID()),
            type="UrgentActionUpdate",
            title="Moved to another prison",
            date=date(2020, 6, 23),
            text=RichTextValue("<p>News</p>", "text/html", "text/x-html-safe"),
        )
        plone.api.content.transition(update, transition="publish")
    transaction.commit()
    assert browser.get(case).status_code == 200  # marks the update seen
    assert api.patch(ua, "@letters", json={"seen": True}).status_code == 200
    response = browser.post(
        "@@urgentactions-preferences",
        data={"delivery": "digest", "reminder_days": "0", "_authenticator": token},
    )
    assert response.status_code in (200, 302, 303)
    assert browser.get("@@my-letters").status_code == 200
    assert browser.get("@@my-letters?export=json").status_code == 200
    transaction.begin()
    unsubscribe = tokens.make_token("member", tokens.UNFOLLOW, ua.UID())
    response = http().post("@@urgentactions-unsubscribe", data={"token": unsubscribe})
    assert response.status_code == 200
    return browser, token


def test_member_session_leaves_no_name(http, portal, ua, start):
    member_session(http, ua, portal)
    written = transactions_since(portal, start)
    assert len(written) >= 10
    for txn in written:
        user, note = text(txn.user), text(txn.description)
        assert "member" not in user, (user, note)
        assert "member" not in note, (user, note)
        assert ua.getId() not in note, (user, note)
        for path in (
            "count-letters",
            "undo-letter",
            "follow",
            "@letters",
            "my-letters",
        ):
            assert path not in note, (user, note)


def test_editors_keep_their_audit_trail(http, portal, ua, start):
    editor = http("editor")
    response = editor.patch(ua, "", json={"title": "A new title"})
    assert response.status_code == 204
    notes = [
        (text(txn.user), text(txn.description))
        for txn in transactions_since(portal, start)
    ]
    assert any("editor" in user for user, _note in notes), notes


def pickled(text):
    """How ZODB's pickles (protocol 3) hold a short string."""
    encoded = text.encode("utf-8")
    return b"X" + len(encoded).to_bytes(4, "little") + encoded


def member_revisions(portal, userid):
    """Revisions in the storage of the member's record, or of the tree of
    records with the member's id in it."""
    found = []
    for txn in storage_of(portal).iterator():
        for record in txn:
            data = record.data or b""
            if b"MemberRecord" in data and pickled(userid) in data:
                found.append(record.oid)
    return found


def test_erasure_and_pack_leave_no_revision(http, portal, ua, start):
    browser, token = member_session(http, ua, portal)
    assert member_revisions(portal, "member")
    response = browser.post(
        "@@my-letters", data={"erase": "1", "confirm": "1", "_authenticator": token}
    )
    assert response.status_code == 303
    transaction.begin()
    assert storage.member_records().get("member") is None
    assert member_revisions(portal, "member")  # old revisions, until packed

    response = http("manager").post("@@urgentactions-maintenance?task=pack")
    assert response.status_code == 200, response.text
    assert "packed" in response.text
    assert member_revisions(portal, "member") == []
    response = http("manager").post("@@urgentactions-maintenance?task=pack")
    assert "nothing to pack" in response.text
