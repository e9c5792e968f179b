"""The add-on's settings (plone.app.registry), edited in the "Urgent Actions"
control panel."""

from collective.urgentactions import _
from plone.registry.interfaces import IRegistry
from zope import schema
from zope.component import getUtility
from zope.interface import Interface


class IUrgentActionsSettings(Interface):
    letters_cap = schema.Int(
        title=_("Letters per member and Urgent Action"),
        description=_("The most letters one member can count for one action."),
        default=10,
        min=1,
        max=1000,
        required=True,
    )
    display_threshold = schema.Int(
        title=_("Show the counter from"),
        description=_(
            "Show “N letters sent” only once an action has at least this many "
            "letters. 1 (the default) hides the counter until the first "
            "letter; 0 shows it always, even “0 letters sent”."
        ),
        default=1,
        min=0,
        required=True,
    )
    channels = schema.List(
        title=_("Ways of sending offered"),
        description=_("Members choose one when they count a letter."),
        value_type=schema.Choice(vocabulary="collective.urgentactions.channels"),
        default=["letter", "email", "fax"],
        min_length=1,
        required=True,
    )
    count_max_age = schema.Int(
        title=_("Seconds a letter count may be cached"),
        description=_(
            "Anonymous responses carrying letter counts (the REST API) may be "
            "cached by browsers and proxies for this long; 0 turns caching off."
        ),
        default=60,
        min=0,
        max=3600,
        required=True,
    )
    retention_days = schema.Int(
        title=_("Days the details of letters are kept after a case closes"),
        description=_(
            "After this many days, the daily retention job keeps of a closed "
            "case only each member's number of letters: no times, no ways of "
            "sending. The totals and statistics of the case stay as they are."
        ),
        default=90,
        min=0,
        max=3650,
        required=True,
    )
    confirmed_accounts_only = schema.Bool(
        title=_("Letters of new accounts count once their address is confirmed"),
        description=_(
            "On (the default): an account a visitor registered counts letters "
            "only once its password was set through the link Plone mails to its "
            "address (on registration, or with “Forgot your password?”). Turn it "
            "off only on a site without mail, such as a demo."
        ),
        default=True,
        required=False,
    )
    api_writes_need_csrf = schema.Bool(
        title=_("REST API writes with the login cookie need JSON and a CSRF token"),
        description=_(
            "On (the default): a write to any REST service of the site, Plone's "
            "own included, that comes with the login cookie must be JSON and "
            "carry the CSRF token, so that no foreign page can make a logged-in "
            "browser send it. Clients that authenticate with a token from "
            "@login are not affected."
        ),
        default=True,
        required=False,
    )
    members_listed = schema.Bool(
        title=_("Members may see who else is a member"),
        description=_(
            "Off (the default): only site administrators can list members "
            "(user search, author pages). In a network where being a member "
            "is itself sensitive, leave it off."
        ),
        default=False,
        required=False,
    )


def get_settings():
    return getUtility(IRegistry).forInterface(
        IUrgentActionsSettings, prefix="collective.urgentactions"
    )
