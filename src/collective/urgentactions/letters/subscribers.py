"""Create letter structures off the hot path; erase a deleted member's data."""

from collective.urgentactions.letters import storage
from collective.urgentactions.settings import get_settings


def create_tally(ua, event):
    storage.ensure_tally(ua, get_settings().channels)


def prepare_days(ua, event):
    """Publishing or a new closing date may need day counters (an editor's
    write, never a member's press)."""
    storage.prepare_days(ua)


def create_member_record(event):
    storage.ensure_record(event.principal.getId())


def erase_member_record(event):
    storage.erase_record(event.principal)
