"""Response headers of every page of a site with the add-on.

A page for a logged-in user shows their own letters and follows ("You sent
3 letters", "My Urgent Actions"), so it must never be stored by a shared
cache: such responses get ``Cache-Control: private`` (``public`` and
``s-maxage`` are dropped). Every response says ``X-Content-Type-Options:
nosniff`` so browsers keep to the declared content type (letter templates
are uploaded by editors)."""

from collective.urgentactions.interfaces import IBrowserLayer


SHARED_DIRECTIVES = ("public", "s-maxage")


def private_cache_control(value):
    directives = [
        part.strip()
        for part in (value or "").split(",")
        if part.strip() and not part.strip().lower().startswith(SHARED_DIRECTIVES)
    ]
    lowered = [part.lower() for part in directives]
    if "private" not in lowered and "no-store" not in lowered:
        directives.insert(0, "private")
    if len(directives) == 1 and directives[0] == "private":
        directives.append("no-cache")
    return ", ".join(directives)


def is_authenticated(request):
    user = request.get("AUTHENTICATED_USER")
    return user is not None and user.getUserName() != "Anonymous User"


def set_privacy_headers(event):
    request = event.request
    if not IBrowserLayer.providedBy(request):
        return
    response = request.response
    response.setHeader("X-Content-Type-Options", "nosniff")
    if is_authenticated(request):
        response.setHeader(
            "Cache-Control", private_cache_control(response.getHeader("Cache-Control"))
        )
