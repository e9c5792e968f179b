"""Bar charts as server-rendered SVG, readable without JavaScript.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and
described by a ``<desc>`` that sums it up in words (the largest bar, the
total); the page puts the same numbers in a table beside it, which is what
screen readers and keyboard users read. Colours pass WCAG AA contrast on
white (bars #0b5a8a, text #212529) and the value is written at the end of
every bar, so nothing depends on colour alone.
"""

from markupsafe import escape
from markupsafe import Markup


BAR_COLOUR = "#0b5a8a"
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#ced4da"


def _shorten(text, length):
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def horizontal_bars(chart_id, title, description, rows, format_number=str):
    """One bar per ``(label, value)`` row, largest scale = largest value."""
    label_width, bar_width, row_height, value_width = 220, 360, 24, 80
    width = label_width + bar_width + value_width
    height = max(len(rows), 1) * row_height + 8
    largest = max((value for _, value in rows), default=0) or 1
    parts = []
    for position, (label, value) in enumerate(rows):
        y = 4 + position * row_height
        length = round(bar_width * value / largest)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}" font-size="13">{escape(_shorten(label, 30))}'
            f"</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" '
            f'height="{row_height - 6}" fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 16}" '
            f'fill="{TEXT_COLOUR}" font-size="13">{escape(format_number(value))}'
            f"</text>"
        )
    return _svg(chart_id, title, description, width, height, "".join(parts))


def columns(chart_id, title, description, rows, format_number=str):
    """One column per ``(label, value)`` row (weeks, days), left to right;
    every n-th label is written so they do not overlap."""
    left, top, plot_height, bottom = 56, 12, 180, 40
    column_width = max(6, min(36, 720 // max(len(rows), 1)))
    # Room on the right for the last label, centred under its column.
    width = left + column_width * max(len(rows), 1) + 40
    height = top + plot_height + bottom
    largest = max((value for _, value in rows), default=0) or 1
    label_every = max(1, -(-len(rows) * 64 // (width - left)))
    parts = [
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 40}" '
        f'y2="{top + plot_height}" stroke="{GRID_COLOUR}"/>'
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" '
        f'fill="{TEXT_COLOUR}" font-size="12">{escape(format_number(largest))}'
        f"</text>"
        f'<text x="{left - 6}" y="{top + plot_height}" text-anchor="end" '
        f'fill="{TEXT_COLOUR}" font-size="12">0</text>'
    ]
    for position, (label, value) in enumerate(rows):
        x = left + position * column_width
        bar = round(plot_height * value / largest)
        parts.append(
            f'<rect x="{x + 1}" y="{top + plot_height - bar}" '
            f'width="{column_width - 2}" height="{bar}" fill="{BAR_COLOUR}">'
            f"<title>{escape(label)}: {escape(format_number(value))}</title></rect>"
        )
        if position % label_every == 0:
            parts.append(
                f'<text x="{x + column_width / 2}" y="{top + plot_height + 16}" '
                f'text-anchor="middle" fill="{TEXT_COLOUR}" font-size="12">'
                f"{escape(label)}</text>"
            )
    return _svg(chart_id, title, description, width, height, "".join(parts))


def _svg(chart_id, title, description, width, height, body):
    # Every text inside is escaped where it is made; the rest are numbers.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ua-chart" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )
