"""``POST <section>/@import-is-document``: a draft Urgent Action from an
International Secretariat document.

The body is ``{"file": {"data": "<base64>", "filename": "ua-117-26.docx"}}``
(``"encoding": "base64"`` may be given, as plone.restapi's file fields take
it). 201 with the draft and the list of what could not be read; a file that
is not a readable IS document, too large or a duplicate UA number is a 400
and creates nothing.
"""

from collective.urgentactions import _
from collective.urgentactions.isdocument.create import import_document
from collective.urgentactions.isdocument.parser import ImportRefused
from collective.urgentactions.isdocument.parser import MAX_FILE_SIZE
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import ApiService
from collective.urgentactions.restapi.base import refuse_unknown
from zope.i18n import translate

import base64
import binascii
import json
import plone.api


# Base64 makes the file a third larger; a little room for the JSON around it.
MAX_BODY = MAX_FILE_SIZE * 4 // 3 + 10_000


def _unknown(names, allowed):
    return _(
        "Unknown field: ${names}. Allowed: ${allowed}.",
        mapping={"names": names, "allowed": allowed},
    )


class ImportPost(ApiService):
    def handle(self):
        self.protect_write()
        filename, data = self.read_file()
        try:
            result = import_document(self.context, data, filename)
        except ImportRefused as error:
            raise ApiError(400, error.message)
        ua = result.ua
        url = f"{plone.api.portal.get().absolute_url()}/resolveuid/{ua.UID()}"
        self.request.response.setStatus(201)
        self.request.response.setHeader("Location", url)
        return {
            "@id": url,
            "UID": ua.UID(),
            "ua_number": ua.ua_number,
            "title": ua.Title(),
            "review_state": plone.api.content.get_state(ua),
            "letter_templates": [
                obj.letter_language
                for obj in ua.objectValues()
                if obj.portal_type == "LetterTemplate"
            ],
            "related": [item.to_object.UID() for item in ua.relatedItems or ()],
            "problems": [
                translate(problem, context=self.request) for problem in result.problems
            ],
        }

    def read_file(self):
        body = self.request.get("BODY") or b""
        if len(body) > MAX_BODY:
            raise ApiError(
                413,
                _(
                    "The file is too large: at most ${size} MB.",
                    mapping={"size": MAX_FILE_SIZE // 1_000_000},
                ),
            )
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            raise ApiError(400, _("The request body is not valid JSON."))
        if not isinstance(data, dict):
            raise ApiError(400, _("The request body must be a JSON object."))
        refuse_unknown(data, ("file",), _unknown)
        upload = data.get("file")
        if not isinstance(upload, dict) or not isinstance(upload.get("data"), str):
            raise ApiError(
                400,
                _(
                    'Send the document as {"file": {"data": "<base64>", '
                    '"filename": "ua-117-26.docx"}}.'
                ),
            )
        refuse_unknown(
            upload, ("data", "filename", "encoding", "content-type"), _unknown
        )
        if upload.get("encoding", "base64") != "base64":
            raise ApiError(400, _("The file must be base64-encoded."))
        try:
            content = base64.b64decode(upload["data"], validate=True)
        except (binascii.Error, ValueError):
            raise ApiError(400, _("The file must be base64-encoded."))
        filename = upload.get("filename")
        if not isinstance(filename, str) or not filename.strip():
            filename = "document.docx"
        return filename.strip()[:200], content
