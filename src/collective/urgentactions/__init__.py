"""collective.urgentactions: Urgent Action letter-writing networks for Plone."""

from importlib.metadata import version
from zope.i18nmessageid import MessageFactory


__version__ = version("collective.urgentactions")


_ = MessageFactory("collective.urgentactions")
