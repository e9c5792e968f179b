"""``PATCH <ua>/@letters``: follow or unfollow the action, mark it seen;
``PATCH <ua>/@letters/offline/<n>``: correct an offline entry (editors)."""

from collective.urgentactions import _
from collective.urgentactions.letters import rules
from collective.urgentactions.letters import storage
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import SubPathService


class LettersPatch(SubPathService):
    """``{"following": true}`` follows the action (``false`` unfollows);
    ``{"seen": true}`` records that the member has seen its updates, which
    clears ``new_update`` in ``@my-urgent-actions``. Answers the letter
    state. Only the member's own record is written."""

    def handle(self):
        self.protect_write()
        if len(self.params) == 2 and self.params[0] == "offline":
            return self.correct_offline(self.params[1])
        if self.params:
            raise ApiError(404, _("Unknown letters resource."))
        data = self.read_body(("following", "seen"))
        if not data:
            raise ApiError(400, _("Send following, seen or both."))
        if "following" in data and not isinstance(data["following"], bool):
            raise ApiError(400, _("following must be true or false."))
        if "seen" in data and data["seen"] is not True:
            raise ApiError(400, _("seen can only be true."))
        userid = rules.current_userid()
        if userid is None:
            raise ApiError(401, _("Log in to follow Urgent Actions."))
        if "following" in data:
            rules.set_following(self.context, data["following"])
        if data.get("seen"):
            record = storage.member_records().ensure(userid)
            record.mark_seen(storage.action_uid(self.context), storage.now())
        return rules.letter_state(self.context)

    def correct_offline(self, index):
        """``{"quantity": 12}`` corrects the entry's number of letters; who
        corrected it, when and from what stays on record."""
        data = self.read_body(("quantity",))
        if "quantity" not in data:
            raise ApiError(400, _("Send the corrected quantity."))
        return rules.correct_offline_entry(self.context, index, data["quantity"])
