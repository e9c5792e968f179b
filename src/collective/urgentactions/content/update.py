"""A dated update on a case, shown newest first above the case text."""

from collective.urgentactions import _
from datetime import date
from plone.app.textfield import RichText
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer


class IUrgentActionUpdate(model.Schema):
    """The title is the update's heading."""

    date = schema.Date(title=_("Date"), required=True, defaultFactory=date.today)
    text = RichText(
        title=_("Text"),
        description=_("May hold links and suggested social-media posts."),
        required=False,
    )


@implementer(IUrgentActionUpdate)
class UrgentActionUpdate(Item):
    """An update inside an Urgent Action."""
