"""Vocabularies: countries, themes and letter-template languages.

Country and language names come from the Unicode CLDR (through Babel), so they
are translated in every language Plone offers without .po entries of our own.
"""

from babel import Locale
from babel.core import UnknownLocaleError
from collective.urgentactions import _
from collective.urgentactions.formatting import locale_for
from zope.globalrequest import getRequest
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


# ISO 3166-1 alpha-2 codes of sovereign states and territories Babel knows.
# Region groupings such as "001" (World) are left out.
def _country_codes():
    return sorted(
        code
        for code in Locale("en").territories
        if len(code) == 2
        and code.isalpha()
        and code not in {"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}
    )


COUNTRY_CODES = _country_codes()

THEMES = {
    "freedom-of-expression": _("Freedom of expression"),
    "human-rights-defenders": _("Human rights defenders"),
    "prisoners-of-conscience": _("Prisoners of conscience"),
    "torture": _("Torture and ill-treatment"),
    "death-penalty": _("Death penalty"),
    "enforced-disappearance": _("Enforced disappearance"),
    "unfair-trial": _("Unfair trial"),
    "refugees-migrants": _("Refugees and migrants"),
    "womens-rights": _("Women's rights"),
    "lgbti-rights": _("LGBTI rights"),
    "indigenous-peoples": _("Indigenous peoples"),
    "health": _("Health and medical care"),
}

# Languages editors offer letter templates in (ISO 639-1).
TEMPLATE_LANGUAGES = (
    "en", "de", "fr", "it", "es", "pt", "nl", "ru", "ar", "tr", "pl", "zh", "fa",
)  # fmt: skip


def vocabulary_of(titles):
    """A vocabulary of ``{key: title}``: the keys are values and tokens."""
    return SimpleVocabulary(
        [SimpleTerm(key, key, title) for key, title in titles.items()]
    )


def current_locale():
    """The Babel locale of the current request's language (default English)."""
    return locale_for(getRequest() or {})


def country_name(code, locale=None):
    """The name of an ISO 3166 country code in the given (or current) locale."""
    locale = locale or current_locale()
    return locale.territories.get(code, code) if code else ""


def language_name(code):
    """A language's own name as its speakers write it ("English", "Deutsch",
    "français", "italiano"), from the CLDR."""
    try:
        return Locale.parse(code).get_display_name()
    except (ValueError, UnknownLocaleError):
        return code


@provider(IVocabularyFactory)
def countries(context=None):
    locale = current_locale()
    terms = [
        SimpleTerm(code, code, country_name(code, locale)) for code in COUNTRY_CODES
    ]
    terms.sort(key=lambda term: term.title.lower())
    return SimpleVocabulary(terms)


@provider(IVocabularyFactory)
def themes(context=None):
    return vocabulary_of(THEMES)


@provider(IVocabularyFactory)
def template_languages(context=None):
    return SimpleVocabulary(
        [SimpleTerm(code, code, language_name(code)) for code in TEMPLATE_LANGUAGES]
    )


CHANNELS = {
    "letter": _("Letter by post"),
    "email": _("Email"),
    "fax": _("Fax"),
    "social": _("Social media"),
}


@provider(IVocabularyFactory)
def channels(context=None):
    return vocabulary_of(CHANNELS)


OUTCOMES = {
    "released": _("Released"),
    "charges-dropped": _("Charges dropped"),
    "sentenced": _("Sentenced"),
    "ongoing": _("Ongoing"),
    "other": _("Other outcome"),
}


@provider(IVocabularyFactory)
def outcomes(context=None):
    """How a case ended (or stands), shown on its page and mailed to followers."""
    return vocabulary_of(OUTCOMES)
