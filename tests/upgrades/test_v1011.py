"""Upgrading from 1010 moves each member's data for a case out of their
record into an object of its own; what the member sees stays the same."""

from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import export_member
from collective.urgentactions.letters.storage import MemberActionData


PROFILE = "collective.urgentactions:default"


def test_records_keep_their_letters_in_an_object_per_case(portal, upgrade_from):
    record = storage.member_records().ensure("anna")
    # As a record before 1011 held them: plain dicts inside the record.
    record.actions = {
        "uid-1": {
            "entries": [
                {"when": "2020-05-01T10:00:00+00:00", "quantity": 2, "channel": "email"}
            ],
            "submissions": ["first"],
            "following": True,
            "last_seen": "2020-05-02T10:00:00+00:00",
        },
        "uid-2": {
            "entries": [{"quantity": 3}],
            "submissions": [],
            "following": False,
            "last_seen": None,
            "reduced": True,
        },
    }
    exported = export_member("anna")["actions"]
    setup = upgrade_from("1010")

    assert setup.getLastVersionForProfile(PROFILE) == (
        setup.getVersionForProfile(PROFILE),
    )
    assert {type(data) for data in record.actions.values()} == {MemberActionData}
    assert (record.count("uid-1"), record.count("uid-2")) == (2, 3)
    assert record.followed() == ["uid-1"]
    assert record.has_submission("uid-1", "first")
    assert export_member("anna")["actions"] == exported


def test_a_record_already_upgraded_is_left_as_it_is(portal):
    record = storage.member_records().ensure("ben")
    record.set_following("uid-1", True)
    data = record.actions["uid-1"]

    assert record.move_out_inline_actions() == 0
    assert record.actions["uid-1"] is data
