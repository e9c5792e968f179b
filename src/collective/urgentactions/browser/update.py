"""The view of an update, and how an update shows on its case."""

from collective.urgentactions.browser.case_item import CaseItemView
from collective.urgentactions.formatting import long_date

import plone.api


def update_entry(update, request):
    """What a page shows of an update: "23 June 2020: Media reaction" (de: "23. Juni 2020: ...") and its
    text (links and suggested posts kept, scripts filtered out)."""
    text = getattr(update, "text", None)
    return {
        "title": update.Title(),
        "date": long_date(update.date, request) if update.date else "",
        "iso_date": update.date.isoformat() if update.date else "",
        "text": text.output_relative_to(update) if text else "",
        "url": update.absolute_url(),
        "draft": plone.api.content.get_state(update, default=None) != "published",
    }


class UpdateView(CaseItemView):
    """Date, heading, text and a link back to the case."""

    def entry(self):
        return update_entry(self.context, self.request)
