"""Cases as cards: the home page, the section's listing and the year and
month folders show each case the same way.

A card shows the lead image, the UA number, the title, the summary, the
letters sent (from the display threshold on), how long the case stays open
("Closes in 3 days") or when it closed and its outcome. Everything but the
count, the outcome and the image comes from catalog metadata; those three
need the case itself, so only the cards of one page are loaded.
"""

from collective.urgentactions import _
from collective.urgentactions.formatting import locale_for
from collective.urgentactions.formatting import long_date
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters.browser import letters_sent
from collective.urgentactions.letters.members import closed_on_from_brain
from collective.urgentactions.settings import get_settings
from collective.urgentactions.status import brain_status
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import DRAFT
from collective.urgentactions.status import last_day_for_letters
from collective.urgentactions.status import OPEN
from collective.urgentactions.vocabularies import country_name
from collective.urgentactions.vocabularies import OUTCOMES
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate


# Closer than this, a card counts the days ("Closes in 3 days").
COUNTDOWN_DAYS = 14

BADGES = {
    OPEN: "bg-success",
    CLOSED: "bg-secondary",
    DRAFT: "bg-warning text-dark",
}

# The card macros (``cards`` renders a list of cards), for the views' templates.
CARD_MACROS = ViewPageTemplateFile("templates/cards.pt")


def closing_message(closing_date, today, request):
    """How long an open case takes letters: "Closes in 3 days" when the
    closing date (its first closed day) is near, else its last day."""
    if closing_date is None:
        return _("Open for letters")
    days = (closing_date - today).days
    if days <= COUNTDOWN_DAYS:
        return _(
            "Closes in ${days} day",
            msgid_plural="Closes in ${days} days",
            default_plural="Closes in ${days} days",
            number=days,
            mapping={"days": days},
        )
    return _(
        "Open for letters until ${date}",
        mapping={"date": long_date(last_day_for_letters(closing_date), request)},
    )


def status_message(brain, status, today, request):
    """The short state of a card: "Open", "Closed on 8 June 2020", "Draft"."""
    if status == DRAFT:
        return _("Draft")
    if status == OPEN:
        return _("Open")
    day = closed_on_from_brain(brain, today)
    if day is None:
        return _("Closed")
    return _("Closed on ${date}", mapping={"date": long_date(day, request)})


def case_card(brain, request, today, threshold=None):
    """What a card shows of the case behind ``brain``."""
    ua = brain.getObject()
    status = brain_status(brain, today)
    total = IActionTally(ua).total()
    if threshold is None:
        threshold = get_settings().display_threshold
    outcome = getattr(ua, "outcome", None) if status == CLOSED else None
    image = getattr(ua, "image", None)
    url = brain.getURL()
    return {
        "url": url,
        "ua_number": brain.ua_number,
        "title": brain.Title,
        "summary": brain.Description,
        "country": country_name(brain.country, locale_for(request)),
        "issue_date": long_date(brain.issue_date, request) if brain.issue_date else "",
        "iso_date": brain.issue_date.isoformat() if brain.issue_date else "",
        "image": f"{url}/@@images/image/preview" if image else None,
        "status": status,
        "badge": BADGES[status],
        "status_text": translate(
            status_message(brain, status, today, request), context=request
        ),
        "closing_text": (
            translate(
                closing_message(brain.closing_date, today, request), context=request
            )
            if status == OPEN
            else ""
        ),
        "letters_text": (
            translate(letters_sent(total), context=request)
            if total >= threshold and status != DRAFT
            else ""
        ),
        "outcome_text": (
            translate(OUTCOMES[outcome], context=request) if outcome in OUTCOMES else ""
        ),
    }


def case_cards(brains, request, today):
    threshold = get_settings().display_threshold
    return [case_card(brain, request, today, threshold) for brain in brains]
