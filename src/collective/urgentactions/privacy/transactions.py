"""The database's transaction log (Zope's undo log) without who wrote.

Zope notes in every transaction the path that was published and the login
name of the user (``/Plone/urgent-actions/2020/04/case/count-letters
__call__`` by ``anna``), and FileStorage keeps that note for as long as the
transaction is in the file, also after the member erased their data. Two
rules clear it:

* every transaction that writes a member's record (a letter counted or
  taken back, a follow, a "seen" marker, preferences, an unsubscribe, an
  erasure) is anonymised by the storage functions themselves, whoever
  makes it and however (request, script, cron);
* every transaction of a request by a user without an editing role there
  (a plain member: logging in, their profile) is anonymised at the end of
  the request.

Editors' transactions on content keep their user and path: that is the
audit trail of the cases, and it never says who wrote letters.
"""

from AccessControl import getSecurityManager

import transaction


ANONYMOUS_USER = ""
ANONYMOUS_NOTE = "collective.urgentactions: private record"
EDITING_ROLES = {"Manager", "Site Administrator", "Editor", "Contributor", "Reviewer"}
_HOOKED = "_collective_urgentactions_anonymous"


def _scrub(txn):
    txn.user = ANONYMOUS_USER
    txn.description = ANONYMOUS_NOTE
    for key in list(txn.extension):
        if key != "packed":
            del txn.extension[key]


def anonymise_transaction(txn=None):
    """Commit the current transaction without user, path or note."""
    txn = txn or transaction.get()
    if not getattr(txn, _HOOKED, False):
        setattr(txn, _HOOKED, True)
        txn.addBeforeCommitHook(_scrub, (txn,))


def published_context(request):
    """The object a request published (a view's context, a method's object)."""
    published = request.get("PUBLISHED")
    published = getattr(published, "__self__", published)
    return getattr(published, "context", published)


def is_editor_here(user, request):
    context = published_context(request)
    if context is None:
        return bool(set(user.getRoles()) & EDITING_ROLES)
    return bool(set(user.getRolesInContext(context)) & EDITING_ROLES)


def anonymise_members_requests(event):
    """``IPubBeforeCommit``: a request by a plain member leaves no name."""
    user = getSecurityManager().getUser()
    if user is None or user.getUserName() == "Anonymous User":
        return
    if not is_editor_here(user, event.request):
        anonymise_transaction()
