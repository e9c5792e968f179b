"""``PATCH <ua>/@letters``: follow or unfollow the action, mark it seen."""

from collective.urgentactions import _
from collective.urgentactions.letters import rules
from collective.urgentactions.letters import storage
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import ApiService
from plone.uuid.interfaces import IUUID


class LettersPatch(ApiService):
    """``{"following": true}`` follows the action (``false`` unfollows);
    ``{"seen": true}`` records that the member has seen its updates, which
    clears ``new_update`` in ``@my-urgent-actions``. Answers the letter
    state. Only the member's own record is written."""

    def handle(self):
        self.protect_write()
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
            record.mark_seen(IUUID(self.context), storage.now())
        return rules.letter_state(self.context)
