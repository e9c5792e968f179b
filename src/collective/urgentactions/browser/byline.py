"""The byline of cases and updates: "by Edna Editor — last modified
1 December 2026", with a dash only between parts that are there (Plone's
own ends with a dash when it shows no date) and dates written out."""

from collective.urgentactions.formatting import long_date
from plone.app.layout.viewlets.content import DocumentBylineViewlet
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class BylineViewlet(DocumentBylineViewlet):
    index = ViewPageTemplateFile("templates/byline.pt")

    def authors(self):
        if not self.context.creators or not self.show_about():
            return []
        return [
            {"name": self.get_fullname(userid), "url_path": self.get_url_path(userid)}
            for userid in self.context.creators
        ]

    def dates(self):
        """Publication and last change, each as ``{"kind", "date"}``."""
        dates = []
        published = self.pub_date()
        if published:
            dates.append({"kind": "published", "date": self.day(published)})
        if self.show_modification_date():
            dates.append(
                {"kind": "modified", "date": self.day(self.context.modified())}
            )
        return dates

    def day(self, value):
        return long_date(value.asdatetime().date(), self.request)
