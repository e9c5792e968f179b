"""``GET <ua>/@letter?format=docx|pdf&language=..&addressee=..&initials_only=true``:
the current member's letter, signed with the name and town of their profile."""

from collective.urgentactions import _
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import ApiService
from collective.urgentactions.restapi.base import refuse_unknown
from collective.urgentactions.writing import letters
from collective.urgentactions.writing.browser import send_file

import json


PARAMETERS = ("format", "language", "addressee", "initials_only")
FLAGS = {"true": True, "1": True, "false": False, "0": False, "": False}


def flag(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in FLAGS:
        return FLAGS[value.lower()]
    raise ApiError(400, _("initials_only must be true or false."))


class LetterFile(ApiService):
    """Answers with the file itself (not JSON); errors are JSON."""

    def render(self):
        self.check_permission()
        content = self.reply()
        response = self.request.response
        if isinstance(content, letters.LetterFile):
            return send_file(response, content)
        response.setHeader("Content-Type", self.content_type)
        return json.dumps(content, indent=2, sort_keys=True)

    def make(self, options):
        return letters.personal_letter(
            self.context,
            language=options.get("language"),
            addressee=options.get("addressee"),
            file_format=options.get("format") or "docx",
            initials_only=flag(options.get("initials_only", False)),
            name=options.get("name"),
            town=options.get("town"),
            address=options.get("address"),
        )


class LetterGet(LetterFile):
    def handle(self):
        form = self.request.form
        refuse_unknown(
            form,
            PARAMETERS,
            lambda names, allowed: _(
                "Unknown parameter: ${names}. Allowed: ${allowed}.",
                mapping={"names": names, "allowed": allowed},
            ),
        )
        return self.make(form)
