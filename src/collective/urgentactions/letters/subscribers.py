"""Create letter structures off the hot path; erase a deleted member's data."""

from collective.urgentactions.letters import storage
from collective.urgentactions.settings import get_settings


def create_tally(ua, event):
    storage.ensure_tally(ua, get_settings().channels)


def prepare_days(ua, event):
    """A new closing date may need more day counters (an editor's write)."""
    tally = storage.get_tally(ua)
    if tally is not None and ua.issue_date is not None:
        tally.prepare_days(ua.issue_date, ua.closing_date)


def create_member_record(event):
    storage.ensure_record(event.principal.getId())


def erase_member_record(event):
    storage.erase_record(event.principal)
