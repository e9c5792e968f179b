"""collective.urgentactions: Urgent Action letter-writing networks for Plone."""

from zope.i18nmessageid import MessageFactory


_ = MessageFactory("collective.urgentactions")
