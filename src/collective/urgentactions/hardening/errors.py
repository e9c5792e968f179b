"""The bare error answer of the exceptions that stop a request before Plone
could render a page (unreadable form input, too many requests): JSON for
API clients, a short HTML page for browsers."""

import html
import json


def error_answer(request, status, error_type, title, message):
    """Set ``status`` (locked: the publisher would derive 500 from the
    exception's unknown class) and return the body the client accepts."""
    response = request.response
    response.setStatus(status, lock=True)
    if "text/html" in request.getHeader("Accept", ""):
        response.setHeader("Content-Type", "text/html; charset=utf-8")
        return (
            f"<!DOCTYPE html><html><head><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{html.escape(message)}</p></body></html>"
        )
    response.setHeader("Content-Type", "application/json")
    return json.dumps({"error": {"type": error_type, "message": message}})
