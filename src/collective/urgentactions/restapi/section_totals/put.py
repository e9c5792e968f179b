"""``PUT @section-totals`` on the source: a section reports its letter
totals for the cases it imported, and gets the worldwide totals back.

Body: ``{"section": {"name", "url"}, "totals": [{"uid", "total",
"by_channel"}]}`` (at most ``MAX_ITEMS`` cases). Each total replaces the
reporting account's previous one for that case (``syndication.totals``), so
a repeated report never adds twice. The answer lists, per known case, the
``worldwide`` total (this site's letters plus every section's latest) and
``here`` (this site's own); UIDs this site does not know are listed under
``unknown``. Totals only: nothing about who wrote crosses sites.
"""

from collective.urgentactions import _
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters.rules import current_userid
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import ApiService
from collective.urgentactions.restapi.base import refuse_unknown
from collective.urgentactions.syndication.totals import network_total
from collective.urgentactions.syndication.totals import record_report
from Products.CMFCore.utils import getToolByName


MAX_ITEMS = 500
MAX_TOTAL = 1_000_000_000
MAX_CHANNELS = 20
MAX_BODY = 200_000


def unknown_message(names, allowed):
    return _(
        "Unknown field: ${names}. Allowed: ${allowed}.",
        mapping={"names": names, "allowed": allowed},
    )


def count(value):
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and (0 <= value <= MAX_TOTAL)
    )


class SectionTotalsPut(ApiService):
    def handle(self):
        self.protect_write()
        body = self.read_report()
        section, items = body["section"], body["totals"]
        catalog = getToolByName(self.context, "portal_catalog")
        account = current_userid()
        unknown = []
        cases = {}
        for item in items:
            brains = catalog.unrestrictedSearchResults(
                portal_type="UrgentAction", UID=item["uid"]
            )
            if not brains:
                unknown.append(item["uid"])
                continue
            cases[item["uid"]] = brains[0]._unrestrictedGetObject()
        for item in items:
            if item["uid"] in cases:
                record_report(
                    cases[item["uid"]],
                    account,
                    section["name"],
                    section["url"],
                    item["total"],
                    item.get("by_channel") or {},
                )
        # Answered once all are recorded: reports on translations of one
        # case add up.
        answered = [
            {
                "uid": uid,
                "worldwide": network_total(ua),
                "here": IActionTally(ua).total(),
            }
            for uid, ua in cases.items()
        ]
        return {"totals": answered, "unknown": unknown}

    def read_report(self):
        data = self.read_body(("section", "totals"), MAX_BODY)
        section = data.get("section")
        items = data.get("totals")
        if not isinstance(section, dict) or not all(
            isinstance(section.get(key), str) and 0 < len(section[key]) <= 500
            for key in ("name", "url")
        ):
            raise ApiError(
                400,
                _('Give section as {"name": ..., "url": ...} (text).'),
            )
        refuse_unknown(section, ("name", "url"), unknown_message)
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise ApiError(
                400,
                _(
                    "Give totals as a list of at most ${size} cases.",
                    mapping={"size": MAX_ITEMS},
                ),
            )
        for item in items:
            self.check_item(item)
        return data

    def check_item(self, item):
        if not isinstance(item, dict):
            raise ApiError(400, _("Each of totals must be an object."))
        refuse_unknown(item, ("uid", "total", "by_channel"), unknown_message)
        by_channel = item.get("by_channel") or {}
        valid = (
            isinstance(item.get("uid"), str)
            and 0 < len(item["uid"]) <= 64
            and count(item.get("total"))
            and isinstance(by_channel, dict)
            and len(by_channel) <= MAX_CHANNELS
            and all(
                isinstance(key, str) and len(key) <= 40 and count(value)
                for key, value in by_channel.items()
            )
        )
        if not valid:
            raise ApiError(
                400,
                _(
                    "Each of totals needs a uid, a total (a whole number, 0 or "
                    "more) and optionally by_channel (way of sending -> number)."
                ),
            )
