"""What a shared link of a case shows: Open Graph and Twitter card tags,
and the links that let feed readers and oEmbed consumers find the feeds and
the embeddable counter.

Plone's own social tags viewlet (anonymous visitors only, as it is cached
with the page) is extended for cases: the title with the UA number, the
summary, the lead image as a large card, the type ``article`` with the
issue date and the page's language.
"""

from collective.urgentactions import _
from collective.urgentactions.sharing.feeds import case_title
from collective.urgentactions.sharing.widget import oembed_url
from plone.app.layout.viewlets import social
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate

import os
import plone.api


IMAGE_SCALE = "great"


class UrgentActionSocialTags(social.SocialTagsViewlet):
    index = ViewPageTemplateFile(
        "social_tags.pt", _prefix=os.path.dirname(social.__file__)
    )

    def _get_tags(self):
        tags = super()._get_tags()
        if not tags:  # sharing switched off, or a logged-in user
            return tags
        ua = self.context
        title = case_title(ua.ua_number, ua.Title(), self.request)
        replaced = {
            "og:title": title,
            "og:type": "article",
            "twitter:card": "summary",
        }
        image = self.lead_image()
        kept = []
        for tag in tags:
            key = tag.get("property") or tag.get("name")
            if image and key and key.startswith("og:image"):
                continue  # the site logo, replaced by the lead image
            if key in replaced:
                tag = dict(tag, content=replaced[key])
            kept.append(tag)
        kept.append({"name": "twitter:title", "content": title})
        kept.append({"name": "twitter:description", "content": ua.Description()})
        language = self.request.get("LANGUAGE")
        if language:
            kept.append(
                {"property": "og:locale", "content": language.replace("-", "_")}
            )
        if ua.issue_date:
            kept.append(
                {
                    "property": "article:published_time",
                    "content": ua.issue_date.isoformat(),
                }
            )
        if image:
            kept = [
                dict(tag, content="summary_large_image")
                if tag.get("name") == "twitter:card"
                else tag
                for tag in kept
            ]
            kept.extend(
                [
                    {"property": "og:image", "content": image.url},
                    {"property": "og:image:width", "content": str(image.width)},
                    {"property": "og:image:height", "content": str(image.height)},
                    {"property": "og:image:alt", "content": ua.Title()},
                    {"name": "twitter:image", "content": image.url},
                ]
            )
        return kept

    def lead_image(self):
        if not getattr(self.context, "image", None):
            return None
        scales = self.context.restrictedTraverse("@@images", None)
        return scales.scale("image", scale=IMAGE_SCALE) if scales else None


class FeedLinksViewlet(ViewletBase):
    """``<link rel="alternate">`` to the feeds (and to oEmbed on a case)."""

    index = ViewPageTemplateFile("templates/feed_links.pt")

    def links(self):
        # In a language folder (plone.app.multilingual) that language's feeds.
        root_url = plone.api.portal.get_navigation_root(self.context).absolute_url()
        new_cases = translate(_("New Urgent Actions"), context=self.request)
        links = [
            {
                "type": "application/atom+xml",
                "href": f"{root_url}/urgent-actions.atom",
                "title": f"{new_cases} (Atom)",
            },
            {
                "type": "application/rss+xml",
                "href": f"{root_url}/urgent-actions.rss",
                "title": f"{new_cases} (RSS)",
            },
        ]
        if getattr(self.context, "portal_type", None) == "UrgentAction":
            url = self.context.absolute_url()
            links.extend(
                [
                    {
                        "type": "application/atom+xml",
                        "href": f"{url}/updates.atom",
                        "title": translate(
                            _(
                                "Updates on ${case}",
                                mapping={"case": self.context.Title()},
                            ),
                            context=self.request,
                        ),
                    },
                    {
                        "type": "application/json+oembed",
                        "href": oembed_url(self.context),
                        "title": self.context.Title(),
                    },
                ]
            )
        return links
