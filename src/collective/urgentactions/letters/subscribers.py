"""Create letter structures off the hot path; erase a deleted member's data."""

from collective.urgentactions.letters import storage
from collective.urgentactions.letters.members import erase_member


def prepare_days(ua, event):
    """Adding, publishing or a new closing date may need the action's
    counters and its day counters (an editor's write, never a member's
    press)."""
    storage.prepare_days(ua)


def create_member_record(event):
    storage.member_records().ensure(event.principal.getId())


def erase_member_record(event):
    erase_member(event.principal)
