"""Who may see who is a member.

Plone lets every member list every other member: the Users vocabulary
(``@@getVocabulary?name=plone.app.vocabularies.Users``, ``@vocabularies``),
the user search and ``/author/<id>`` all ask for "List portal members",
which Plone gives to the Member role. Where being a member is itself
sensitive, the add-on gives that permission only to Managers and Site
Administrators, unless the control panel's ``members_listed`` opens it to
members again. Author pages of others answer 404 to those who may not list
members (so they do not tell whether an account exists).
"""

from AccessControl import getSecurityManager
from collective.urgentactions.settings import get_settings
from Products.CMFPlone.browser import author as author_module
from Products.CMFPlone.browser.author import AuthorView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import NotFound

import os
import plone.api


PERMISSION = "List portal members"
ADMINISTRATORS = ["Manager", "Site Administrator"]
SETTING = "collective.urgentactions.members_listed"


def apply_listing_setting(portal=None):
    """Give "List portal members" to members or not, as the setting says."""
    portal = portal or plone.api.portal.get()
    roles = ADMINISTRATORS + (["Member"] if get_settings().members_listed else [])
    portal.manage_permission(PERMISSION, roles=roles, acquire=False)


def listing_setting_changed(event):
    """``IRecordModifiedEvent`` of the registry."""
    if event.record.__name__ == SETTING:
        apply_listing_setting()


class ClosedAuthorView(AuthorView):
    """``/author/<id>``: one's own page, or anybody's for those who may list
    members; otherwise 404."""

    index = ViewPageTemplateFile(
        "templates/author.pt", _prefix=os.path.dirname(author_module.__file__)
    )

    def __call__(self):
        own = plone.api.user.get_current().getId() == self.username
        portal = plone.api.portal.get()
        if not own and not getSecurityManager().checkPermission(PERMISSION, portal):
            raise NotFound(self.username or "author")
        return super().__call__()
