"""Demo content (the ``collective.urgentactions:demo`` profile).

Creates an information page, three fictional Urgent Actions (open, closed and
a follow-up) with updates and letter templates, a demo member and the
service account of a demo section (``make start-section``), and lets
visitors register with a password of their own. Applying the profile again
adds nothing twice: existing objects are found by their ids and kept.
"""

from collective.urgentactions.addressbook.book import ensure_address_book
from collective.urgentactions.addressbook.conversion import convert_cases
from collective.urgentactions.addressbook.recipients import related_entries
from collective.urgentactions.content.fields import actions_numbered
from collective.urgentactions.demo.texts import BASICS_PAGE
from collective.urgentactions.demo.texts import BASICS_PAGE_ID
from collective.urgentactions.demo.texts import demo_cases
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.section import get_section
from collective.urgentactions.writing.letter_templates import DOCX_MIMETYPE
from collective.urgentactions.writing.letter_templates import letter_docx
from collective.urgentactions.writing.letter_templates import letter_filename
from collective.urgentactions.writing.letter_templates import salutation_rows
from datetime import date
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile

import logging
import plone.api


logger = logging.getLogger(__name__)

DEMO_MEMBER_ID = "demo"
DEMO_MEMBER_PASSWORD = "demo-letters"  # noqa: S105 (published in the README)
DEMO_MEMBER_FULLNAME = "Demo Member"
DEMO_MEMBER_EMAIL = "demo@example.org"
# The service account a demo section (``make start-section``) syncs with.
DEMO_SECTION_ACCOUNT = "section-demo"
DEMO_SECTION_PASSWORD = "section-demo-sync"  # noqa: S105 (the demo section's, in the README)

RICH_TEXT_FIELDS = ("text", "background")
DEMO_LANGUAGES = ["en", "de", "fr", "it"]
# The home page shows the cases as cards (``browser/home.py``).
HOME_VIEW = "urgent-actions-home"


def html(text):
    return RichTextValue(text, "text/html", "text/x-html-safe")


def publish(obj):
    """Publish an object whose workflow has a ``publish`` transition from its
    current state (types without a workflow stay as they are)."""
    if plone.api.content.get_state(obj, default=None) in ("private", "draft"):
        plone.api.content.transition(obj, transition="publish")


def find(portal_type, content_id):
    """The object of a type with this id anywhere in the site, or ``None``."""
    catalog = plone.api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(
        portal_type=portal_type, getId=content_id
    ):
        return brain._unrestrictedGetObject()
    return None


def free_ua_number(serial, issue_date):
    """``NNN/YY`` for the issue year, from ``serial`` on the first unused."""
    while actions_numbered(f"{serial:03d}/{issue_date:%y}"):
        serial += 1
    return f"{serial:03d}/{issue_date:%y}"


def free_follow_up_number(original_number):
    """The original's number with the first unused suffix: ``071/25-1``."""
    suffix = 1
    while actions_numbered(f"{original_number}-{suffix}"):
        suffix += 1
    return f"{original_number}-{suffix}"


def ensure_basics_page(portal):
    page = portal.get(BASICS_PAGE_ID)
    if page is None:
        page = plone.api.content.create(
            container=portal,
            type="Document",
            id=BASICS_PAGE_ID,
            title=BASICS_PAGE["title"],
            description=BASICS_PAGE["description"],
            text=html(BASICS_PAGE["text"]),
        )
        publish(page)
    return page


def ensure_case(section, case):
    """The case's Urgent Action, created in the section (which files it
    under the year and month of its issue date) when missing."""
    ua = find("UrgentAction", case.id)
    if ua is not None:
        return ua
    if case.follows:
        ua_number = free_follow_up_number(find("UrgentAction", case.follows).ua_number)
    else:
        ua_number = free_ua_number(case.serial, case.issue_date)
    fields = {
        name: html(value) if name in RICH_TEXT_FIELDS else value
        for name, value in case.fields.items()
    }
    ua = createContentInContainer(
        section,
        "UrgentAction",
        checkConstraints=False,
        id=case.id,
        ua_number=ua_number,
        issue_date=case.issue_date,
        closing_date=case.closing_date,
        outcome=case.outcome,
        **fields,
    )
    if case.offline_letters:
        IActionTally(ua).add_offline(
            case.offline_letters, "admin", "Letters of the local groups"
        )
    publish(ua)
    if case.state == "closed":
        plone.api.content.transition(
            ua, transition="close", comment="Closing date reached."
        )
    logger.info("Created demo Urgent Action %s", ua.absolute_url(1))
    return ua


def ensure_updates(ua, case):
    for update in case.updates:
        if update.id in ua.objectIds():
            continue
        obj = plone.api.content.create(
            container=ua,
            type="UrgentActionUpdate",
            id=update.id,
            title=update.title,
            date=update.date,
            text=html(update.text),
        )
        publish(obj)


def ensure_letter_templates(ua, case):
    languages = {
        obj.letter_language
        for obj in ua.objectValues()
        if obj.portal_type == "LetterTemplate"
    }
    for letter in case.letters:
        if letter.language in languages:
            continue
        data = letter_docx(letter, ua.ua_number, case.subject)
        createContentInContainer(
            ua,
            "LetterTemplate",
            letter_language=letter.language,
            file=NamedBlobFile(
                data=data,
                contentType=DOCX_MIMETYPE,
                filename=letter_filename(ua.ua_number, letter.language),
            ),
        )


def add_salutations(ua, case):
    """The first addressee's salutation in each language of the case's letters."""
    entries = related_entries(ua, "addressee_entries")
    if entries and not entries[0].salutations:
        entries[0].salutations = salutation_rows(case.letters)


def ensure_related_items(ua, case, portal):
    for target_id in case.related:
        target = portal.get(target_id) or find("UrgentAction", target_id)
        plone.api.relation.create(source=ua, target=target, relationship="relatedItems")


def ensure_demo_member():
    if plone.api.user.get(username=DEMO_MEMBER_ID) is not None:
        return
    plone.api.user.create(
        email=DEMO_MEMBER_EMAIL,
        username=DEMO_MEMBER_ID,
        password=DEMO_MEMBER_PASSWORD,
        roles=("Member",),
        properties={"fullname": DEMO_MEMBER_FULLNAME},
    )


def ensure_demo_section_account():
    """The account of the demo section: role Section reports its totals."""
    if plone.api.user.get(username=DEMO_SECTION_ACCOUNT) is not None:
        return
    plone.api.user.create(
        email="section-demo@example.org",
        username=DEMO_SECTION_ACCOUNT,
        password=DEMO_SECTION_PASSWORD,
        roles=("Member", "Section"),
        properties={"fullname": "Demo section (service account)"},
    )


def create_demo_content(context):
    """Post handler of the demo profile."""
    portal = plone.api.portal.get()
    with plone.api.env.adopt_roles(["Manager"]):
        ensure_basics_page(portal)
        section = get_section(portal)
        cases = []
        for case in demo_cases(date.today()):
            ua = ensure_case(section, case)
            ensure_updates(ua, case)
            ensure_letter_templates(ua, case)
            ensure_related_items(ua, case, portal)
            cases.append(ua)
        # The cases' addressees go into the address book, as the upgrade to
        # 1001 does on older sites: the closed case and its follow-up share
        # one embassy.
        convert_cases(ensure_address_book(section), cases)
        for ua, case in zip(cases, demo_cases(date.today()), strict=True):
            add_salutations(ua, case)
        ensure_demo_member()
        ensure_demo_section_account()
    # Visitors may register, choosing their own password: a demo site has no
    # mail server to send them one.
    plone.api.portal.set_registry_record("plone.enable_self_reg", True)
    plone.api.portal.set_registry_record("plone.enable_user_pwd_choice", True)
    # Without mail they could never confirm their address, so their letters
    # count right away here (never on a real site).
    plone.api.portal.set_registry_record(
        "collective.urgentactions.confirmed_accounts_only", False
    )
    offer_languages()
    portal.setLayout(HOME_VIEW)


def offer_languages():
    """English, German, French and Italian, as the browser asks (and as the
    visitor picks in the language switcher, remembered in a cookie)."""
    plone.api.portal.set_registry_record("plone.available_languages", DEMO_LANGUAGES)
    plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
    plone.api.portal.set_registry_record("plone.use_cookie_negotiation", True)
