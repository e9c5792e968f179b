"""The "My Urgent Actions" portlet: the member's cases, open first.

It is on every page a member sees, so its HTML is cached in RAM per member
and language, keyed on what can change it: the member's record (its ZODB
serial changes with every press or follow), the catalog (its counter changes
with every publication, update or closing), the day (cases close at
midnight) and the member's CSRF token in its forms.
"""

from collective.urgentactions import _
from collective.urgentactions.formatting import long_dates
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.browser import you_sent
from collective.urgentactions.letters.members import member_actions
from collective.urgentactions.status import status_wording
from datetime import date
from plone.app.portlets.portlets import base
from plone.memoize import ram
from plone.memoize.view import memoize
from plone.portlets.interfaces import IPortletDataProvider
from plone.protect.authenticator import createToken
from Products.CMFCore.utils import getToolByName
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form.interfaces import IAddForm
from z3c.form.interfaces import IEditForm
from zope.i18n import translate
from zope.interface import implementer

import plone.api


class IMyUrgentActionsPortlet(IPortletDataProvider):
    """No settings: it always shows the current member's own actions."""


@implementer(IMyUrgentActionsPortlet)
class Assignment(base.Assignment):
    @property
    def title(self):
        return _("My Urgent Actions")


class Renderer(base.Renderer):
    template = ViewPageTemplateFile("templates/my_urgent_actions.pt")

    @property
    def available(self):
        """For members, but not on add and edit forms (where it would only
        narrow the form)."""
        return not plone.api.user.is_anonymous() and not self.on_a_form()

    def on_a_form(self):
        form = getattr(self.view, "form_instance", self.view)
        return IAddForm.providedBy(form) or IEditForm.providedBy(form)

    def render(self):
        return self._render(plone.api.user.get_current().getId())

    def _cache_key(method, self, userid):
        record = storage.member_records().get(userid)
        return (
            userid,
            record._p_serial if record is not None else None,
            getToolByName(self.context, "portal_catalog").getCounter(),
            date.today(),
            self.request.get("LANGUAGE"),
            self.request.get("ACTUAL_URL"),
            self.authenticator(),
        )

    @ram.cache(_cache_key)
    def _render(self, userid):
        return self.template()

    def actions(self):
        userid = plone.api.user.get_current().getId()
        return [self.present(action) for action in member_actions(userid)]

    def present(self, action):
        wording = status_wording(
            action["status"],
            action["closing_date"],
            action["closed_on"],
            long_dates(self.request),
        )
        return dict(
            action,
            status_text=translate(wording.label, context=self.request),
            mine_text=translate(you_sent(action["mine"]), context=self.request),
        )

    @memoize
    def authenticator(self):
        return createToken()

    @memoize
    def follow_labels(self):
        return {
            True: translate(_("Unfollow"), context=self.request),
            False: translate(_("Follow"), context=self.request),
        }

    def follow_label(self, action):
        return self.follow_labels()[action["following"]]

    @property
    def site_url(self):
        return plone.api.portal.get().absolute_url()


class AddForm(base.NullAddForm):
    def create(self):
        return Assignment()
