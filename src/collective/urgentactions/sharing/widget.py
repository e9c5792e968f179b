"""The embeddable counter: a small page another site shows in an iframe,
with the case's UA number, title, letters sent and a link to act; and the
oEmbed endpoint that hands out the iframe.

The counter is the same for everybody: it shows only totals (never the
viewer's own letters or name), sets no cookie, may be cached publicly for
``count_max_age`` seconds and may be framed by any site. It is a bare page:
no Plone theme, scripts or forms (the transform chain is switched off for
it, so neither the theme nor the CSRF protection touch it).
"""

from collective.urgentactions import _
from collective.urgentactions.content.urgent_action import IUrgentAction
from collective.urgentactions.formatting import long_dates
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters.browser import letters_sent
from collective.urgentactions.restapi.caching import count_max_age
from collective.urgentactions.settings import get_settings
from collective.urgentactions.sharing.feeds import public_response
from collective.urgentactions.status import OPEN
from collective.urgentactions.status import ua_status
from collective.urgentactions.status import ua_wording
from plone.transformchain.interfaces import DISABLE_TRANSFORM_REQUEST_KEY
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from urllib.parse import urlsplit
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.i18n import translate

import json
import plone.api


WIDGET_VIEW = "counter-widget"
WIDTH = 320
HEIGHT = 200


def widget_url(ua):
    return f"{ua.absolute_url()}/@@{WIDGET_VIEW}"


def iframe_html(ua, request, width=WIDTH, height=HEIGHT):
    title = translate(
        _("Letters sent for UA ${number}", mapping={"number": ua.ua_number}),
        context=request,
    )
    return (
        f'<iframe src="{widget_url(ua)}" width="{width}" height="{height}" '
        f'title="{_attribute(title)}" style="border:0" loading="lazy"></iframe>'
    )


def _attribute(text):
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


class CounterWidget(BrowserView):
    """The counter page for the iframe."""

    index = ViewPageTemplateFile("templates/counter_widget.pt")

    def __call__(self):
        self.request.environ[DISABLE_TRANSFORM_REQUEST_KEY] = True
        public_response(self.request, "text/html", max_age=count_max_age())
        # Any site may frame the counter (and only the counter).
        self.request.response.setHeader("Content-Security-Policy", "frame-ancestors *")
        return self.index()

    def language(self):
        return self.request.get("LANGUAGE") or "en"

    def number_text(self):
        return translate(
            _("UA ${number}", mapping={"number": self.context.ua_number}),
            context=self.request,
        )

    def letters_text(self):
        total = IActionTally(self.context).total()
        if total < get_settings().display_threshold:
            return ""
        return translate(letters_sent(total), context=self.request)

    def is_open(self):
        return ua_status(self.context) == OPEN

    def status_text(self):
        """A case that takes no letters says why, as its page does ("Closed
        on 8 June 2020", "Draft: not yet open for letters")."""
        wording = ua_wording(self.context, long_dates(self.request))
        return translate(wording.label, context=self.request)

    def case_url(self):
        return self.context.absolute_url()


class OEmbed(BrowserView):
    """``@@oembed?url=<case URL>&format=json`` (oEmbed 1.0, type "rich")."""

    def __call__(self):
        url = self.request.form.get("url")
        if not isinstance(url, str) or not url.strip():
            return self.error(400, _("Give the address of an Urgent Action as url."))
        format_ = self.request.form.get("format", "json")
        if format_ != "json":
            return self.error(501, _("Only the json format is offered."))
        ua = self.find(url.strip())
        if ua is None:
            return self.error(404, _("There is no Urgent Action at this address."))
        width = self.size("maxwidth", WIDTH)
        height = self.size("maxheight", HEIGHT)
        portal = plone.api.portal.get()
        data = {
            "version": "1.0",
            "type": "rich",
            "title": translate(
                _(
                    "UA ${number}: ${title}",
                    mapping={"number": ua.ua_number, "title": ua.Title()},
                ),
                context=self.request,
            ),
            "provider_name": portal.Title(),
            "provider_url": portal.absolute_url(),
            "cache_age": count_max_age(),
            "html": iframe_html(ua, self.request, width, height),
            "width": width,
            "height": height,
        }
        public_response(self.request, "application/json", max_age=count_max_age())
        return json.dumps(data)

    def size(self, name, default):
        value = self.request.form.get(name)
        try:
            value = int(value)
        except (TypeError, ValueError):
            return default
        return min(max(value, 100), default) if value > 0 else default

    def find(self, url):
        """The case the visitor may view at ``url`` (on this site), or None."""
        portal = plone.api.portal.get()
        portal_url = portal.absolute_url()
        parts = urlsplit(url)
        base = urlsplit(portal_url)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None
        path = parts.path.rstrip("/")
        if path.endswith(f"/@@{WIDGET_VIEW}"):
            path = path[: -len(f"/@@{WIDGET_VIEW}")]
        if not (path + "/").startswith(base.path.rstrip("/") + "/"):
            return None
        relative = path[len(base.path.rstrip("/")) :].strip("/")
        try:
            obj = portal.restrictedTraverse(relative) if relative else None
        except (
            KeyError,
            AttributeError,
            TypeError,
            ValueError,
            NotFound,
            Unauthorized,
        ):
            return None
        return obj if IUrgentAction.providedBy(obj) else None

    def error(self, status, message):
        self.request.response.setStatus(status)
        self.request.response.setHeader("Content-Type", "application/json")
        return json.dumps({"error": translate(message, context=self.request)})


def oembed_url(ua):
    portal_url = plone.api.portal.get().absolute_url()
    return f"{portal_url}/@@oembed?{urlencode({'url': ua.absolute_url()})}"
