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


@implementer(ILettersCountedEvent)
class LettersCountedEvent(ObjectEvent):
    def __init__(self, ua, quantity, channel):
        super().__init__(ua)
        self.quantity = quantity
        self.channel = channel


@implementer(ILetterEntryTakenBackEvent)
class LetterEntryTakenBackEvent(ObjectEvent):
    def __init__(self, ua, quantity, channel):
        super().__init__(ua)
        self.quantity = quantity
        self.channel = channel


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
