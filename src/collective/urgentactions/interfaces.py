"""Marker interfaces and the browser layer."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IBrowserLayer(IDefaultBrowserLayer):
    """Installed when the add-on's default profile is applied."""


class IUrgentActionsSection(Interface):
    """The "Urgent Actions" folder: new cases added here are filed into
    year/month subfolders by their issue date."""
