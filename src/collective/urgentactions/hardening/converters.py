"""Zope's form converters (``b_start:int=x``, ``d:date=nonsense``) raise
while the request's inputs are read, before traversal and before any view
could check them, and the publisher answers 500. :func:`refuse_bad_inputs`
runs when publication starts and makes such a request a 400 with a message
naming the field (in the language-neutral English of Zope's own errors: the
site and its languages are not known yet)."""

from collective.urgentactions.hardening.errors import error_answer
from Products.Five.browser import BrowserView
from zExceptions import BadRequest


CONVERTER_NAMES = {
    "int": "a whole number",
    "long": "a whole number",
    "float": "a number",
    "date": "a date",
    "date_international": "a date",
    "boolean": "true or false",
}


def describe(error, environ):
    """Which field could not be converted, as far as the query tells."""
    text = str(error)
    for part in environ.get("QUERY_STRING", "").split("&"):
        name = part.split("=", 1)[0].replace("%3A", ":").replace("%3a", ":")
        base, _colon, converter = name.partition(":")
        if converter.split(":")[0] in CONVERTER_NAMES:
            expected = CONVERTER_NAMES[converter.split(":")[0]]
            return f"The value of {base[:40]} must be {expected}."
    return (
        "A form field has a value of the wrong kind (a whole number, a number "
        f"or a date was expected): {text[:100]}"
    )


class UnreadableInput(BadRequest):
    """A form field whose converter failed; the message names it."""


class UnreadableInputView(BrowserView):
    """The 400 page (or JSON error) of :class:`UnreadableInput`: the request
    never reached the site, so this cannot be a themed Plone page."""

    def __call__(self):
        return error_answer(
            self.request, 400, "BadRequest", "Bad request", str(self.context)
        )


def refuse_bad_inputs(event):
    """Wrap this request's ``processInputs`` so that a failing converter is
    a ``BadRequest`` (400), not a 500."""
    request = event.request
    process_inputs = request.processInputs

    def process_inputs_or_400():
        try:
            process_inputs()
        except BadRequest:
            raise
        except Exception as error:
            raise UnreadableInput(describe(error, request.environ))

    request.processInputs = process_inputs_or_400
