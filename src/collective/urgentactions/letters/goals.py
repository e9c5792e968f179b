"""A case's letter goal: "812 of 1,000 letters" and how far along it is."""

from babel.numbers import format_decimal
from collective.urgentactions import _
from collective.urgentactions.formatting import locale_for
from zope.i18n import translate


def goal_progress(letters, goal, request):
    """What the progress bar shows, or ``None`` for a case without a goal."""
    if not goal:
        return None
    locale = locale_for(request)
    text = translate(
        _(
            "${count} of ${goal} letters",
            mapping={
                "count": format_decimal(letters, locale=locale),
                "goal": format_decimal(goal, locale=locale),
            },
        ),
        context=request,
    )
    return {
        "letters": letters,
        "now": min(letters, goal),
        "goal": goal,
        "text": text,
        "percent": min(100, 100 * letters // goal),
        "reached": letters >= goal,
    }
