"""The JSON of an Urgent Action: plone.restapi's content serialization plus
its status, and the expansions ``letters``, ``updates`` and ``templates``.

``GET <ua>?expand=letters,updates,templates`` includes them; without
``expand`` each is just a link under ``@components``. An update or template
carries its ``translation_group`` (plone.app.multilingual; ``null``
without), so a section that changes to another translation of a case
knows which of its updates and templates it already has.
"""

from collective.urgentactions.addressbook.recipients import recipients
from collective.urgentactions.content.urgent_action import IUrgentAction
from collective.urgentactions.formatting import document_type
from collective.urgentactions.formatting import long_dates
from collective.urgentactions.formatting import translator
from collective.urgentactions.interfaces import IBrowserLayer
from collective.urgentactions.letters.rules import letter_state
from collective.urgentactions.restapi.base import iso
from collective.urgentactions.restapi.caching import mark_count_bearing
from collective.urgentactions.status import closed_on
from collective.urgentactions.status import ua_wording
from collective.urgentactions.translations import translation_group
from collective.urgentactions.updates import newest_first
from collective.urgentactions.updates import publication_time
from collective.urgentactions.vocabularies import language_name
from plone.restapi.interfaces import IExpandableElement
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from Products.CMFCore.utils import getToolByName
from zope.component import adapter
from zope.interface import implementer

import plone.api


def wording_fields(wording, translated):
    """``status_text`` and ``status_detail``: the state worded as on the
    case's page, translated by ``translated`` (a
    :func:`~collective.urgentactions.formatting.translator`; ``status_detail``
    may be null)."""
    return {
        "status_text": translated(wording.label),
        "status_detail": translated(wording.detail) if wording.detail else None,
    }


def status_fields(ua, request):
    """``status`` (draft, open, closed), ``closed_on`` (ISO date or null) and
    the wording of both."""
    wording = ua_wording(ua, long_dates(request))
    return {
        "status": wording.status,
        "closed_on": iso(closed_on(ua)),
        **wording_fields(wording, translator(request)),
    }


def update_data(update):
    published = publication_time(update)
    return {
        "@id": update.absolute_url(),
        "UID": update.UID(),
        "title": update.Title(),
        "date": iso(update.date),
        "published": iso(published),
        "review_state": getToolByName(update, "portal_workflow").getInfoFor(
            update, "review_state", None
        ),
        "text": json_compatible(update.text, update) if update.text else None,
        "translation_group": translation_group(update),
    }


def template_data(template, request):
    file = template.file
    language = template.letter_language or ""
    return {
        "@id": template.absolute_url(),
        "UID": template.UID(),
        "modified": template.modified().ISO8601(),
        "title": template.Title(),
        "language": {"token": language, "title": language_name(language)},
        "download": f"{template.absolute_url()}/@@download/file",
        "plain": f"{template.absolute_url()}/@@plain-letter",
        "filename": file.filename,
        "content-type": file.contentType,
        "size": file.getSize(),
        "type": document_type(file.filename, request),
        "translation_group": translation_group(template),
    }


def recipient_data(recipient):
    """A recipient (see ``addressbook.recipients``) as the API shows it."""
    data = {key: recipient[key] for key in RECIPIENT_KEYS}
    data["@id"] = recipient["url"]
    return data


RECIPIENT_KEYS = (
    "id", "role", "name", "salutations", "address", "email", "fax", "country", "note",
)  # fmt: skip


def written_in(ua):
    """The language a case is written in: its own, else the site's (what a
    section's language filter compares)."""
    code = ua.Language() or plone.api.portal.get_default_language()
    return {"token": code, "title": language_name(code)}


@implementer(ISerializeToJson)
@adapter(IUrgentAction, IBrowserLayer)
class SerializeUrgentActionToJson(SerializeFolderToJson):
    """The dexterity serialization plus ``status`` and ``closed_on``."""

    def __call__(self, version=None, include_items=True, include_expansion=True):
        result = super().__call__(
            version=version,
            include_items=include_items,
            include_expansion=include_expansion,
        )
        result.update(status_fields(self.context, self.request))
        result.setdefault("language", written_in(self.context))
        result["recipients"] = [
            recipient_data(recipient) for recipient in recipients(self.context)
        ]
        return result


class Expansion:
    name = None

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, expand=False):
        link = {"@id": self.link()}
        if expand:
            link.update(self.expanded())
        return {self.name: link}

    def link(self):
        return f"{self.context.absolute_url()}?expand={self.name}"


@implementer(IExpandableElement)
@adapter(IUrgentAction, IBrowserLayer)
class Letters(Expansion):
    """The letter state the current user may know (see ``letter_state``)."""

    name = "letters"

    def link(self):
        return f"{self.context.absolute_url()}/@letters"

    def expanded(self):
        mark_count_bearing(self.request)
        return letter_state(self.context)


@implementer(IExpandableElement)
@adapter(IUrgentAction, IBrowserLayer)
class Updates(Expansion):
    """The updates the user may view, newest first."""

    name = "updates"

    def expanded(self):
        updates = newest_first(self.context.items_of_type("UrgentActionUpdate"))
        items = [update_data(update) for update in updates]
        return {"items": items, "items_total": len(items)}


@implementer(IExpandableElement)
@adapter(IUrgentAction, IBrowserLayer)
class Templates(Expansion):
    """The letter templates with a file, by language name."""

    name = "templates"

    def expanded(self):
        templates = [
            template
            for template in self.context.items_of_type("LetterTemplate")
            if getattr(template, "file", None) is not None
        ]
        templates.sort(key=lambda t: language_name(t.letter_language or "").casefold())
        items = [template_data(template, self.request) for template in templates]
        return {"items": items, "items_total": len(items)}
