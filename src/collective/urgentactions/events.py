"""The events of ``interfaces``: what a subscriber gets, and nothing more.

None of them names the member who counted or followed (a subscriber that
needs to know asks ``plone.api.user.get_current()``), except the erasure,
whose subscribers must erase their own copy.
"""

from collective.urgentactions.interfaces import IFollowChangedEvent
from collective.urgentactions.interfaces import ILetterEntryTakenBackEvent
from collective.urgentactions.interfaces import ILettersCountedEvent
from collective.urgentactions.interfaces import IMemberErasedEvent
from zope.interface import implementer
from zope.interface.interfaces import ObjectEvent


class LetterEntryEvent(ObjectEvent):
    """Letters on ``ua``: how many, and how they were sent."""

    def __init__(self, ua, quantity, channel):
        super().__init__(ua)
        self.quantity = quantity
        self.channel = channel


@implementer(ILettersCountedEvent)
class LettersCountedEvent(LetterEntryEvent):
    pass


@implementer(ILetterEntryTakenBackEvent)
class LetterEntryTakenBackEvent(LetterEntryEvent):
    pass


@implementer(IFollowChangedEvent)
class FollowChangedEvent(ObjectEvent):
    def __init__(self, ua, following):
        super().__init__(ua)
        self.following = following


@implementer(IMemberErasedEvent)
class MemberErasedEvent(ObjectEvent):
    def __init__(self, portal, userid):
        super().__init__(portal)
        self.userid = userid
