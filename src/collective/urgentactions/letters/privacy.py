"""The member's "My letters" page: see, export (JSON, CSV) and erase
everything the site stores about their letters and follows."""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import unconfirmed
from collective.urgentactions.letters.members import erase_member
from collective.urgentactions.letters.members import export_member
from collective.urgentactions.letters.members import member_actions
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Unauthorized

import csv
import io
import json
import plone.api


CSV_COLUMNS = ["ua_number", "title", "url", "when", "quantity", "channel", "following"]


def export_rows(data):
    """One CSV row per letter entry (and one per followed action without
    letters)."""
    for action in data["actions"]:
        base = {
            "ua_number": action["ua_number"],
            "title": action["title"],
            "url": action["url"],
            "following": action["following"],
        }
        if not action["entries"]:
            yield dict(base, when="", quantity=0, channel="")
        for entry in action["entries"]:
            yield dict(base, **entry)


class MyLettersView(BrowserView):
    index = ViewPageTemplateFile("templates/my_letters.pt")

    def __call__(self):
        if plone.api.user.is_anonymous():
            raise Unauthorized("Log in to see your letters.")
        self.userid = plone.api.user.get_current().getId()
        self.error = None
        export_format = self.request.form.get("export")
        if export_format == "json":
            return self.export_json()
        if export_format == "csv":
            return self.export_csv()
        if self.request.method == "POST" and "erase" in self.request.form:
            return self.erase()
        return self.index()

    def actions(self):
        return member_actions(self.userid)

    def _download(self, body, content_type, extension):
        response = self.request.response
        response.setHeader("Content-Type", content_type)
        response.setHeader("Cache-Control", "no-store, private")
        response.setHeader(
            "Content-Disposition",
            f'attachment; filename="my-urgent-action-letters.{extension}"',
        )
        return body

    def export_json(self):
        data = export_member(self.userid)
        return self._download(
            json.dumps(data, indent=2, default=str), "application/json", "json"
        )

    def export_csv(self):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(export_rows(export_member(self.userid)))
        return self._download(out.getvalue(), "text/csv; charset=utf-8", "csv")

    def erase(self):
        refusal = unconfirmed(
            self.request, _("Tick the box to confirm that you want to erase your data.")
        )
        if refusal:
            self.error, status = refusal
            self.request.response.setStatus(status)
            return self.index()
        erase_member(self.userid)
        plone.api.portal.show_message(
            _(
                "Your letters and follows have been erased. The letter totals of "
                "the actions stay as they are."
            ),
            self.request,
        )
        self.request.response.redirect(
            self.context.absolute_url() + "/@@my-letters", 303
        )
        return ""
