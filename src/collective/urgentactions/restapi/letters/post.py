"""``POST <ua>/@letters``: count letters; ``POST <ua>/@letters/offline``:
record letters sent outside the site (editors)."""

from collective.urgentactions import _
from collective.urgentactions.letters import rules
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import SubPathService


class LettersPost(SubPathService):
    """``{"quantity": 2, "channel": "email", "submission_id": "..."}`` counts
    the current member's letters: 201 with the new letter state, 200 when the
    submission id was counted before (``"duplicate": true``)."""

    def handle(self):
        if not self.params:
            return self.count()
        if self.params == ["offline"]:
            return self.offline()
        raise ApiError(404, _("Unknown letters resource."))

    def count(self):
        self.protect_write()
        data = self.read_body(("quantity", "channel", "submission_id"))
        state = rules.count_letters(
            self.context,
            data.get("quantity", 1),
            data.get("channel"),
            data.get("submission_id"),
        )
        return self.created(state, not state["duplicate"])

    def offline(self):
        """``{"quantity": 120, "note": "Local group Bern"}`` adds letters
        counted outside the site to the total (editors only)."""
        self.protect_write()
        data = self.read_body(("quantity", "note"))
        state = rules.record_offline_letters(
            self.context, data.get("quantity"), data.get("note", "")
        )
        return self.created(state, True)

    def created(self, state, is_new):
        if is_new:
            self.request.response.setStatus(201)
            self.request.response.setHeader(
                "Location", f"{self.context.absolute_url()}/@letters"
            )
        return state
