"""The view of a letter template, and how a template is listed on its case."""

from collective.urgentactions.browser.case_item import CaseItemView
from collective.urgentactions.content.fields import document_type as stored_type
from collective.urgentactions.formatting import document_type
from collective.urgentactions.formatting import file_size
from collective.urgentactions.vocabularies import language_name
from plone.namedfile.browser import DisplayFile
from plone.namedfile.browser import Download

import plone.api


def template_entry(template, request):
    """ "UA 065/20 English", "Microsoft Word Document", "31.4 kB" and the
    download URL of a letter template; ``None`` when it has no file."""
    file = getattr(template, "file", None)
    if file is None:
        return None
    return {
        "title": template.Title(),
        "language": language_name(template.letter_language or ""),
        "type": document_type(file.filename, request),
        "size": file_size(file.getSize(), request),
        "url": f"{template.absolute_url()}/@@plain-letter",
    }


class DocumentHeaders:
    """The download views of a letter template send the type of its checked
    format (also for files stored before that type was), never sniffed."""

    def set_headers(self, file):
        super().set_headers(file)
        response = self.request.response
        response.setHeader("Content-Type", stored_type(file.filename))
        response.setHeader("X-Content-Type-Options", "nosniff")


class LetterTemplateDownload(DocumentHeaders, Download):
    """``@@download/file``"""


class LetterTemplateDisplayFile(DocumentHeaders, DisplayFile):
    """``@@display-file/file``"""


class LetterTemplateView(CaseItemView):
    """Language, document type, size and the download link."""

    def entry(self):
        return template_entry(self.context, self.request)

    def can_edit(self):
        """Editors download the file as stored, placeholders and all."""
        return plone.api.user.has_permission("Modify portal content", obj=self.context)
