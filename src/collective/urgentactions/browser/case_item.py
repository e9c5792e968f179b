"""What the pages of a case's items (updates, letter templates) share."""

from Acquisition import aq_inner
from Acquisition import aq_parent
from Products.Five.browser import BrowserView


class CaseItemView(BrowserView):
    """A page of an item inside a case; ``case()`` is the way back."""

    def case(self):
        case = aq_parent(aq_inner(self.context))
        return {"title": case.Title(), "url": case.absolute_url()}
