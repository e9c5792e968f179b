"""``DELETE <ua>/@letters``: take back the member's own last entry;
``DELETE <ua>/@letters/offline/<n>``: remove an offline entry (editors)."""

from collective.urgentactions import _
from collective.urgentactions.letters import rules
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import SubPathService


class LettersDelete(SubPathService):
    """Undo the current member's last entry on an open action; 200 with the
    new letter state, 409 when there is nothing to take back.

    An offline entry is taken out of the totals but stays listed, marked
    removed, with who removed it and when."""

    def handle(self):
        self.protect_write()
        if not self.params:
            return rules.undo_last_entry(self.context)
        if len(self.params) == 2 and self.params[0] == "offline":
            return rules.remove_offline_entry(self.context, self.params[1])
        raise ApiError(404, _("Unknown letters resource."))
