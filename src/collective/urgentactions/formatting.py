"""Dates, file sizes and document types as pages, mails and the REST API
show them.

Everything is formatted with Babel (Unicode CLDR) in the request's language,
so no format strings live in the .po files:

- the locale is the request's ``LANGUAGE``; plain ``en`` means British English
  (``en_GB``), so English pages read "8 June 2020", like the section's own
  (European) publications, not the American "June 8, 2020";
- long dates use the CLDR "long" format: "8 June 2020", "8. Juni 2020";
- no numeric dates: "01/12/2026" reads as 12 January in the US, so every
  page, update heading and mail writes the long form;
- a page that words many items (a listing) translates with
  :func:`translator`, which negotiates the request's language once
  (``translate(message, context=request)`` negotiates on every call);
- file sizes are in decimal kilobytes (1 kB = 1000 bytes, the SI unit the
  lower-case "k" stands for and the one operating systems' file managers
  show), rounded half up to one decimal, in the locale's number format:
  "31.4 kB", "31,4 kB" (French: "31,4 ko", through the .po files).
"""

from babel import Locale
from babel.core import UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal
from collective.urgentactions import _
from decimal import Decimal
from decimal import ROUND_HALF_UP
from functools import lru_cache
from zope.component import getUtility
from zope.component import queryUtility
from zope.i18n import translate
from zope.i18n.interfaces import INegotiator
from zope.i18n.interfaces import ITranslationDomain


# Names of the accepted letter-template formats, by file extension.
DOCUMENT_TYPES = {
    ".docx": _("Microsoft Word Document"),
    ".doc": _("Microsoft Word Document"),
    ".odt": _("OpenDocument Text"),
    ".pdf": _("PDF Document"),
}


@lru_cache(maxsize=64)
def babel_locale(language):
    """The Babel locale of a language code (plain ``en`` is ``en_GB``);
    English when the language is unknown. Kept per code: Babel looks for
    the locale's data file on disk each time it makes one."""
    language = (language or "en").replace("-", "_")
    if language == "en":
        language = "en_GB"
    try:
        return Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en_GB")


def locale_for(request):
    """The Babel locale of the request's language."""
    return babel_locale(request.get("LANGUAGE"))


def translator(request, domain="collective.urgentactions"):
    """``translate`` for the messages of ``domain`` in the request's
    language, negotiated once, as the domain negotiates it for each
    ``translate(message, context=request)``."""
    utility = queryUtility(ITranslationDomain, domain)
    language = None
    if utility is not None:
        languages = utility.getCatalogsInfo().keys()
        language = getUtility(INegotiator).getLanguage(languages, request)

    def translated(message):
        return translate(message, target_language=language, context=request)

    return translated


def file_extension(filename):
    """``".docx"`` for ``"Letter.DOCX"``; empty without an extension."""
    filename = (filename or "").lower()
    return "." + filename.rsplit(".", 1)[-1] if "." in filename else ""


def long_date(value, request):
    """ "8 June 2020" (de: "8. Juni 2020")."""
    return format_date(value, "long", locale=locale_for(request))


def long_dates(request):
    """:func:`long_date` as a function of the day alone, for the request's
    locale (what :func:`collective.urgentactions.status.status_wording`
    takes as ``day``)."""
    locale = locale_for(request)
    return lambda value: format_date(value, "long", locale=locale)


def file_size(size, request):
    """ "31.4 kB" (de: "31,4 kB") for 31 400 bytes."""
    kilobytes = (Decimal(size) / 1000).quantize(Decimal("0.1"), ROUND_HALF_UP)
    number = format_decimal(kilobytes, format="#,##0.0", locale=locale_for(request))
    return translate(_("${size} kB", mapping={"size": number}), context=request)


def document_type(filename, request):
    """The translated name of a letter document's format, from its file name
    ("Microsoft Word Document"); empty for an unknown extension."""
    message = DOCUMENT_TYPES.get(file_extension(filename))
    return translate(message, context=request) if message else ""
