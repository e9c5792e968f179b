"""The add form of Urgent Actions: after saving, go to the case wherever
filing puts it (the move happens when the transaction commits, after the
form has chosen where to redirect)."""

from plone.dexterity.browser.add import DefaultAddForm
from plone.dexterity.browser.add import DefaultAddView
from plone.dexterity.utils import addContentToContainer

import plone.api


class UrgentActionAddForm(DefaultAddForm):
    def add(self, object):
        new_object = addContentToContainer(self.container, object)
        portal_url = plone.api.portal.get().absolute_url()
        self.immediate_view = f"{portal_url}/resolveuid/{new_object.UID()}"


class UrgentActionAddView(DefaultAddView):
    form = UrgentActionAddForm
