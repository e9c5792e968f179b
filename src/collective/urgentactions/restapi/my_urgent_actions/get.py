"""``GET @my-urgent-actions`` on the site root: the member's own actions."""

from collective.urgentactions import _
from collective.urgentactions.formatting import long_dates
from collective.urgentactions.formatting import translator
from collective.urgentactions.letters.members import member_actions
from collective.urgentactions.letters.rules import current_userid
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import ApiService
from collective.urgentactions.restapi.base import iso
from collective.urgentactions.restapi.serializer import wording_fields
from collective.urgentactions.status import status_wording


class MyUrgentActionsGet(ApiService):
    """The actions the member wrote letters for or follows, as in the "My
    Urgent Actions" portlet: open ones first, then closed ones, each newest
    first. ``new_update`` tells whether an update was published since the
    member last saw the action (``PATCH @letters {"seen": true}``)."""

    def handle(self):
        if self.request.form:
            raise ApiError(400, _("@my-urgent-actions takes no parameters."))
        userid = current_userid()
        if userid is None:
            raise ApiError(401, _("Log in to see your Urgent Actions."))
        day = long_dates(self.request)
        translated = translator(self.request)

        def wording(action):
            return status_wording(
                action["status"], action["closing_date"], action["closed_on"], day
            )

        items = [
            {
                "@id": action["url"],
                "ua_number": action["ua_number"],
                "title": action["title"],
                "mine": action["mine"],
                "following": action["following"],
                "new_update": action["new_update"],
                "status": action["status"],
                "closed_on": iso(action["closed_on"]),
                **wording_fields(wording(action), translated),
            }
            for action in member_actions(userid)
        ]
        return {
            "@id": f"{self.context.absolute_url()}/@my-urgent-actions",
            "items": items,
            "items_total": len(items),
        }
