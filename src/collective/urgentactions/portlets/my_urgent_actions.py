"""The "My Urgent Actions" portlet: the member's cases, open first."""

from collective.urgentactions import _
from collective.urgentactions.browser.formatting import long_date
from collective.urgentactions.letters.browser import you_sent
from collective.urgentactions.letters.members import member_actions
from collective.urgentactions.status import OPEN
from datetime import timedelta
from plone.app.portlets.portlets import base
from plone.portlets.interfaces import IPortletDataProvider
from plone.protect.authenticator import createToken
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
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
    render = ViewPageTemplateFile("templates/my_urgent_actions.pt")

    @property
    def available(self):
        return not plone.api.user.is_anonymous()

    def actions(self):
        userid = plone.api.user.get_current().getId()
        return [self.present(action) for action in member_actions(userid)]

    def present(self, action):
        if action["status"] == OPEN:
            if action["closing_date"] is not None:
                status = _(
                    "Open until ${date}",
                    mapping={
                        "date": long_date(
                            action["closing_date"] - timedelta(days=1), self.request
                        )
                    },
                )
            else:
                status = _("Open")
        else:
            status = _(
                "Closed on ${date}",
                mapping={"date": long_date(action["closed_on"], self.request)},
            )
        return dict(
            action,
            status_text=translate(status, context=self.request),
            mine_text=translate(you_sent(action["mine"]), context=self.request),
        )

    @property
    def authenticator(self):
        return createToken()

    def follow_label(self, action):
        label = _("Unfollow") if action["following"] else _("Follow")
        return translate(label, context=self.request)

    @property
    def site_url(self):
        return plone.api.portal.get().absolute_url()


class AddForm(base.NullAddForm):
    def create(self):
        return Assignment()
