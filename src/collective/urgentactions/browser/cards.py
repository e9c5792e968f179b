"""Cases as cards: the home page, the section's listing and the year and
month folders show each case the same way.

A card shows the lead image, the UA number, the title, the summary, the
letters sent (from the display threshold on), the case's state worded as on
its page (``status.status_wording``: "Open for letters until 7 June 2020",
"Closed on 8 June 2020", "Draft: not yet open for letters"), a countdown when
the closing date is near ("Closes in 3 days") and the outcome. Everything but
the count, the outcome and the image comes from catalog metadata; those three
need the case itself, so only the cards of one page are loaded.

In a language's pages (plone.app.multilingual) a case not yet translated
into that language shows its original, marked with the original's language
("English") and with ``lang`` on its title and summary.
"""

from collective.urgentactions import _
from collective.urgentactions.formatting import locale_for
from collective.urgentactions.formatting import long_date
from collective.urgentactions.formatting import long_dates
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters.browser import letters_sent
from collective.urgentactions.settings import get_settings
from collective.urgentactions.status import brain_wording
from collective.urgentactions.status import CLOSED
from collective.urgentactions.status import DRAFT
from collective.urgentactions.status import OPEN
from collective.urgentactions.vocabularies import country_name
from collective.urgentactions.vocabularies import language_name
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


def countdown(closing_date, today):
    """The countdown ("Closes in 3 days") when an open case's closing date
    (its first closed day) is near, else ``None``: the state already names
    its last day."""
    if closing_date is None:
        return None
    days = (closing_date - today).days
    if days > COUNTDOWN_DAYS:
        return None
    return _(
        "Closes in ${days} day",
        msgid_plural="Closes in ${days} days",
        default_plural="Closes in ${days} days",
        number=days,
        mapping={"days": days},
    )


def case_card(brain, request, today, threshold=None, language=None):
    """What a card shows of the case behind ``brain``, on a page in
    ``language`` (``None``: any)."""
    ua = brain.getObject()
    own_language = getattr(brain, "Language", None) or ""
    foreign = own_language if language and own_language != language else ""
    wording = brain_wording(brain, long_dates(request), today)
    status = wording.status
    closes_in = countdown(brain.closing_date, today) if status == OPEN else None
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
        "status_text": translate(wording.label, context=request),
        "status_detail": (
            translate(wording.detail, context=request) if wording.detail else ""
        ),
        "closing_text": translate(closes_in, context=request) if closes_in else "",
        "letters_text": (
            translate(letters_sent(total), context=request)
            if total >= threshold and status != DRAFT
            else ""
        ),
        "outcome_text": (
            translate(OUTCOMES[outcome], context=request) if outcome in OUTCOMES else ""
        ),
        "language": foreign,
        "language_name": language_name(foreign) if foreign else "",
    }


def case_cards(brains, request, today, language=None):
    threshold = get_settings().display_threshold
    return [case_card(brain, request, today, threshold, language) for brain in brains]
