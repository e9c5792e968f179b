"""``@@import-is-document`` on the Urgent Actions section: upload an IS
document, get a draft Urgent Action and the list of what could not be read."""

from collective.urgentactions import _
from collective.urgentactions.hardening.csrf import session_expired
from collective.urgentactions.isdocument.create import import_document
from collective.urgentactions.isdocument.parser import ImportRefused
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

import plone.api
import transaction


class ImportView(BrowserView):
    """The upload form; after an import, the report with a link to the draft."""

    index = ViewPageTemplateFile("templates/import.pt")

    def __call__(self):
        self.error = None
        self.result = None
        if self.request.method == "POST":
            self.handle_upload()
        return self.index()

    def handle_upload(self):
        expired = session_expired(self.request)
        if expired:
            return self.refuse(expired, 403)
        upload = self.request.form.get("document")
        if not upload or not getattr(upload, "filename", None):
            return self.refuse(_("Choose the .docx file of the Urgent Action."))
        data = upload.read()
        try:
            self.result = import_document(self.context, data, upload.filename)
        except ImportRefused as error:
            return self.refuse(error.message)
        self.filename = upload.filename
        self.request.response.setStatus(201)

    def refuse(self, message, status=400):
        transaction.doom()
        self.error = translate(message, context=self.request)
        self.request.response.setStatus(status)

    @property
    def draft_url(self):
        """Filing moves the draft at commit: its UID link stays valid."""
        portal_url = plone.api.portal.get().absolute_url()
        return f"{portal_url}/resolveuid/{self.result.ua.UID()}"

    def problems(self):
        return [translate(p, context=self.request) for p in self.result.problems]
