"""``DELETE <ua>/@letters``: take back the member's own last entry."""

from collective.urgentactions.letters import rules
from collective.urgentactions.restapi.base import ApiService


class LettersDelete(ApiService):
    """Undo the current member's last entry on an open action; 200 with the
    new letter state, 409 when there is nothing to take back."""

    def handle(self):
        self.protect_write()
        return rules.undo_last_entry(self.context)
