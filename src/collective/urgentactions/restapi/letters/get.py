"""``GET <ua>/@letters``: the total, and for a member their own letters."""

from collective.urgentactions.letters.rules import letter_state
from collective.urgentactions.restapi.base import ApiService


class LettersGet(ApiService):
    """What the current user may know about the action's letters: the total
    for everybody, the member's own count, entries and follow, statistics
    for editors. Never who else wrote."""

    def handle(self):
        return letter_state(self.context)
