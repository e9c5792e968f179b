"""``@urgent-actions`` on the site root: the listing, and lookup by number.

``GET @urgent-actions`` lists the actions the user may view, open ones first,
then closed ones, each group newest first (issue date, then UA number),
batched like every plone.restapi listing (``b_size``, ``b_start``). Filters:
``status`` (open, closed or draft), ``country``, ``year``, ``theme`` and
``q`` (full text). Everything comes from catalog queries and metadata, plus
one ``Length`` read per listed action for its letter total.

``changed_since`` (an ISO 8601 time with a time zone) is what a section's
sync asks: the published and closed cases that changed at or after that
time (see ``syndication.changes``), oldest change first, with the source's
``server_time``; an idle sync is one request answering no items. It combines
with the other filters except ``status`` (a sync must also see the cases
that closed). With ``translations=grouped`` (what the sync asks) such a
listing has one entry per case, not one per translation
(plone.app.multilingual): the original's, listed at the latest change of
any of its translations, with ``translations``, every published or closed
translation (``@id``, ``UID``, ``language``, ``changed``, ``status``), so a
section picks the one in its language. Other clients keep one entry per
translation.

``GET @urgent-actions/065-20`` (``065-20-1`` for a follow-up: the number with
"-" for "/") answers the full serialization of that action.

An unknown parameter, a bad value or a malformed number is a 400 with a
message; an unknown number a 404.
"""

from Acquisition import aq_base
from collective.urgentactions import _
from collective.urgentactions.formatting import long_dates
from collective.urgentactions.formatting import translator
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.restapi.base import ApiError
from collective.urgentactions.restapi.base import iso
from collective.urgentactions.restapi.base import refuse_unknown
from collective.urgentactions.restapi.base import SubPathService
from collective.urgentactions.restapi.serializer import wording_fields
from collective.urgentactions.search import filter_query
from collective.urgentactions.search import find_urgent_actions
from collective.urgentactions.settings import get_settings
from collective.urgentactions.status import brain_closed_on
from collective.urgentactions.status import brain_status
from collective.urgentactions.status import status_wording
from collective.urgentactions.syndication.changes import now_iso
from collective.urgentactions.syndication.changes import utc_iso
from collective.urgentactions.translations import brain_language
from collective.urgentactions.translations import group_key
from collective.urgentactions.translations import group_translations
from collective.urgentactions.translations import original_of
from collective.urgentactions.vocabularies import COUNTRY_CODES
from collective.urgentactions.vocabularies import country_name
from collective.urgentactions.vocabularies import current_locale
from collective.urgentactions.vocabularies import THEMES
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from operator import itemgetter
from plone.base.utils import munge_search_term
from plone.restapi.batching import HypermediaBatch
from plone.restapi.interfaces import ISerializeToJson
from Products.CMFCore.utils import getToolByName
from Products.ZCTextIndex.ParseTree import ParseError
from zope.component import getMultiAdapter

import plone.api
import re


@dataclass(frozen=True)
class Reader:
    """What every item of one listing is worded with, looked up once: the
    display threshold, the reader's locale, day formatter and translator."""

    threshold: int
    locale: object
    day: object
    translated: object


LISTING_PARAMETERS = (
    "status",
    "country",
    "year",
    "theme",
    "q",
    "changed_since",
    "translations",
    "b_size",
    "b_start",
)
LOOKUP_PARAMETERS = ("expand",)
STATUSES = ("open", "closed", "draft")
GROUPED = "grouped"
LISTED_STATES = ("published", "closed")
MAX_BATCH_SIZE = 100
MAX_QUERY_LENGTH = 200
URL_NUMBER = re.compile(r"^(\d{3})-(\d{2})(?:-(\d{1,2}))?$")
YEAR = re.compile(r"^[12]\d{3}$")
DIGITS = re.compile(r"^\d{1,9}$")


def ua_number_from_url(text):
    """ "065-20" -> "065/20", "065-20-1" -> "065/20-1"; ``None`` if malformed."""
    match = URL_NUMBER.match(text)
    if match is None:
        return None
    serial, year, suffix = match.groups()
    return f"{serial}/{year}" + (f"-{suffix}" if suffix else "")


class UrgentActionsGet(SubPathService):
    """The listing, or one action by number."""

    def handle(self):
        self.today = date.today()
        if not self.params:
            return self.listing()
        return self.lookup("/".join(self.params))

    # -- parameters ----------------------------------------------------------

    def read_form(self, allowed):
        """The query parameters as text; unknown or repeated ones are a 400."""
        form = self.request.form
        refuse_unknown(
            form,
            allowed,
            lambda names, allowed: _(
                "Unknown parameter: ${names}. Allowed: ${allowed}.",
                mapping={"names": names, "allowed": allowed},
            ),
        )
        values = {}
        for key, value in form.items():
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if key == "expand" and isinstance(value, list):
                value = ",".join(item for item in value if isinstance(item, str))
            if not isinstance(value, str):
                raise ApiError(
                    400,
                    _("Give the parameter ${name} once.", mapping={"name": key}),
                )
            values[key] = value.strip()
        return values

    def invalid(self, name, value):
        return ApiError(
            400,
            _(
                "Invalid value for ${name}: ${value}.",
                mapping={"name": name, "value": value[:40]},
            ),
        )

    def read_filters(self):
        values = self.read_form(LISTING_PARAMETERS)
        status = values.get("status", "")
        if status and status not in STATUSES:
            raise self.invalid("status", status)
        country = values.get("country", "")
        if country and country not in COUNTRY_CODES:
            raise self.invalid("country", country)
        theme = values.get("theme", "")
        if theme and theme not in THEMES:
            raise self.invalid("theme", theme)
        year = values.get("year", "")
        if year and not YEAR.match(year):
            raise self.invalid("year", year)
        text = values.get("q", "")
        if len(text) > MAX_QUERY_LENGTH:
            raise ApiError(
                400,
                _(
                    "The search text is too long (at most ${size} characters).",
                    mapping={"size": MAX_QUERY_LENGTH},
                ),
            )
        changed_since = self.read_time("changed_since", values.get("changed_since"))
        if changed_since and status:
            raise ApiError(
                400,
                _(
                    "changed_since cannot be combined with status: a sync "
                    "must also learn of the cases that closed."
                ),
            )
        translations = values.get("translations", "")
        if translations and translations != GROUPED:
            raise self.invalid("translations", translations)
        if translations and not changed_since:
            raise ApiError(
                400,
                _(
                    "translations=grouped lists the cases changed since a "
                    "time: give changed_since too."
                ),
            )
        for name in ("b_size", "b_start"):
            value = values.get(name, "")
            if value and not DIGITS.match(value):
                raise self.invalid(name, value)
        if values.get("b_size") and not 1 <= int(values["b_size"]) <= MAX_BATCH_SIZE:
            raise self.invalid("b_size", values["b_size"])
        return {
            "status": status,
            "country": country,
            "theme": theme,
            "year": int(year) if year else None,
            "q": self.search_term(text),
            "changed_since": changed_since,
            "grouped": bool(translations),
        }

    def read_time(self, name, text):
        """An ISO 8601 time with a time zone, as index text (UTC)."""
        if not text:
            return None
        # An unencoded "+" of the offset arrives as a space.
        text = text[:19] + text[19:].replace(" ", "+")
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise self.invalid(name, text)
        if value.tzinfo is None:
            raise ApiError(
                400,
                _(
                    "Give ${name} with a time zone, e.g. 2020-04-28T09:30:00Z.",
                    mapping={"name": name},
                ),
            )
        return utc_iso(value)

    def search_term(self, text):
        """The ZCTextIndex query for a visitor's text ("" for none)."""
        if not text:
            return ""
        term = munge_search_term(text)
        if not term.strip('"* '):
            raise self.invalid("q", text)
        return term

    # -- listing ---------------------------------------------------------------

    def results(self, filters):
        if filters["changed_since"]:
            return self.changed_results(filters)
        return find_urgent_actions(
            self.context,
            status=filters["status"],
            today=self.today,
            **filter_query(
                country=filters["country"],
                year=filters["year"],
                theme=filters["theme"],
                text=filters["q"],
            ),
        )

    def changed_results(self, filters):
        """Published and closed cases changed at or after the time, oldest
        change first (a sync can resume from the last one it read)."""
        catalog = getToolByName(self.context, "portal_catalog")
        return catalog(
            portal_type="UrgentAction",
            review_state=LISTED_STATES,
            ua_changed={"query": filters["changed_since"], "range": "min"},
            sort_on="ua_changed",
            **filter_query(
                country=filters["country"],
                year=filters["year"],
                theme=filters["theme"],
                text=filters["q"],
            ),
        )

    def listing(self):
        server_time = now_iso()
        filters = self.read_filters()
        try:
            results = self.results(filters)
            if filters["grouped"]:
                results = self.changed_groups(results)
            batch = HypermediaBatch(self.request, results)
            reader = Reader(
                get_settings().display_threshold,
                current_locale(),
                long_dates(self.request),
                translator(self.request),
            )
            if filters["grouped"]:
                items = self.group_items(batch, reader)
            else:
                items = [self.item(brain, reader) for brain in batch]
        except ParseError:
            raise self.invalid("q", self.request.form.get("q", ""))
        result = {
            "@id": batch.canonical_url,
            "items": items,
            "items_total": batch.items_total,
        }
        if batch.links:
            result["batching"] = batch.links
        if filters["changed_since"]:
            result["server_time"] = server_time
        return result

    def changed_groups(self, results):
        """A brain of each translation group of the changed cases, in the
        order of the group's latest change."""
        latest = {}
        for brain in results:  # oldest change first
            latest.pop(group_key(brain), None)
            latest[group_key(brain)] = brain
        return list(latest.values())

    def group_items(self, batch, reader):
        """One entry per translation group: the original's, with the group's
        latest change and its translations."""
        groups = group_translations(batch, review_state=LISTED_STATES)
        default_language = plone.api.portal.get_default_language()
        items = []
        for members in groups.values():
            if not members:
                continue  # retracted while the page was read
            item = self.item(original_of(members), reader)
            item["changed"] = max(brain.ua_changed for brain in members)
            translations = [
                {
                    "@id": brain.getURL(),
                    "UID": brain.UID,
                    "language": brain_language(brain) or default_language,
                    "changed": brain.ua_changed,
                    "status": brain_status(brain, self.today),
                }
                for brain in members
            ]
            item["translations"] = sorted(translations, key=itemgetter("language"))
            items.append(item)
        return items

    def action_at(self, path):
        """The action at a catalog path, for its letter counters only: item
        lookups from the site down, without the attribute lookups,
        acquisition and security checks of traversal (the catalog has
        already checked that the user may view it)."""
        obj = aq_base(self.context)
        for name in path.split("/")[self.site_depth :]:
            obj = obj._getOb(name)
        return obj

    @property
    def site_depth(self):
        return len(self.context.getPhysicalPath())

    def item(self, brain, reader):
        total = IActionTally(self.action_at(brain.getPath())).total()
        closed_on = brain_closed_on(brain, self.today)
        wording = status_wording(
            brain_status(brain, self.today), brain.closing_date, closed_on, reader.day
        )
        return {
            "@id": brain.getURL(),
            "UID": brain.UID,
            "changed": brain.ua_changed,
            "ua_number": brain.ua_number,
            "title": brain.Title,
            "description": brain.Description,
            "country": {
                "token": brain.country,
                "title": country_name(brain.country, reader.locale),
            },
            "issue_date": iso(brain.issue_date),
            "closing_date": iso(brain.closing_date),
            "status": wording.status,
            "closed_on": iso(closed_on),
            **wording_fields(wording, reader.translated),
            "letters_total": total,
            "letters_shown": total >= reader.threshold,
        }

    # -- lookup ----------------------------------------------------------------

    def lookup(self, text):
        self.read_form(LOOKUP_PARAMETERS)
        number = ua_number_from_url(text)
        if number is None:
            raise ApiError(
                400,
                _(
                    "Malformed UA number: ${number}. Write it with '-' for "
                    "'/', e.g. 065-20, or 065-20-1 for a follow-up.",
                    mapping={"number": text[:40]},
                ),
            )
        catalog = getToolByName(self.context, "portal_catalog")
        brains = catalog(portal_type="UrgentAction", ua_number=number)
        if not brains:
            raise ApiError(
                404,
                _("There is no Urgent Action ${number}.", mapping={"number": number}),
            )
        ua = brains[0].getObject()
        return getMultiAdapter((ua, self.request), ISerializeToJson)()
