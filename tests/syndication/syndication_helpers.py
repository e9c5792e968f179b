"""Helpers of the syndication tests. Two real Plone sites in one Zope app,
each served by a WSGI server on its own port: ``plone`` is the source (the
International Secretariat), ``section`` (a German section) imports from it
over HTTP as its service account. Mail goes to a real SMTP server
(aiosmtpd)."""

from collective.urgentactions.letters import storage
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.letters.rules import set_following
from collective.urgentactions.notifications import fanout
from collective.urgentactions.notifications import outbox
from collective.urgentactions.notifications import preferences
from collective.urgentactions.syndication import sources
from collective.urgentactions.syndication import worker
from collective.urgentactions.syndication.sync import sync_source
from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import SECTION_SITE_ID
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from pathlib import Path
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.file import NamedBlobImage
from plone.testing import zope
from urllib.parse import urlsplit
from zope.component.hooks import getSite
from zope.component.hooks import setSite
from zope.globalrequest import setRequest

import importlib.util
import PIL.Image
import plone.api
import requests
import transaction


def _mail_helpers():
    """The notifications tests' SMTP server and mail settings."""
    path = Path(__file__).parents[1] / "notifications" / "conftest.py"
    spec = importlib.util.spec_from_file_location("_notifications_conftest", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_mail = _mail_helpers()
configure_mail = _mail.configure_mail
SMTPServer = _mail.SMTPServer


SERVICE_ACCOUNT = "section-de"
SERVICE_PASSWORD = "service-password-1"
SOURCE_NAME = "International Secretariat"


def pdf(text):
    return b"%PDF-1.4\n% " + text.encode() + b"\n" + b"%" * 500 + b"\n"


def png(colour="red"):
    data = BytesIO()
    PIL.Image.new("RGB", (40, 30), colour).save(data, "PNG")
    return data.getvalue()


def rich(html):
    return RichTextValue(html, "text/html", "text/x-html-safe")


# Site id -> the port of the WSGI server that serves it (``Sites``).
PORTS = {}


@contextmanager
def on(site, userid=None):
    """Work in ``site`` as the Zope admin (or as the member ``userid``),
    with the site's own address, then commit."""
    previous = getSite()
    previous_port = urlsplit(site.REQUEST["SERVER_URL"]).port
    site.REQUEST.setServerURL(port=PORTS.get(site.getId(), previous_port))
    setSite(site)
    # plone.app.uuid keeps the catalog of the first site on the request.
    site.REQUEST.__dict__.pop("_catalog", None)
    if userid:
        login(site, userid)
    else:
        zope.login(site.aq_parent["acl_users"], SITE_OWNER_NAME)
    try:
        yield site
        transaction.commit()
    finally:
        logout()
        site.REQUEST.__dict__.pop("_catalog", None)
        site.REQUEST.setServerURL(port=previous_port)
        setSite(previous)


class Sites:
    """The source, the section and what the tests do on them."""

    def __init__(self, layer, smtp, section_id=SECTION_SITE_ID):
        self.app = layer["app"]
        self.request = layer["request"]
        self.source = layer["portal"]
        self.section = self.app[section_id]
        self.smtp = smtp
        self.source_id = None
        host = urlsplit(self.source.absolute_url()).netloc
        self.request.environ["HTTP_HOST"] = host
        setRequest(self.request)
        PORTS[self.source.getId()] = layer["port"]
        PORTS[self.section.getId()] = layer["section_port"]
        # Each site at the address of its own server.
        self.source_url = (
            f"http://{layer['host']}:{layer['port']}/{self.source.getId()}"
        )
        self.section_url = (
            f"http://{layer['host']}:{layer['section_port']}/{self.section.getId()}"
        )
        with on(self.source):
            self.source.acl_users.userFolderAddUser(
                SERVICE_ACCOUNT, SERVICE_PASSWORD, ["Member", "Section"], []
            )
            self.source.acl_users.userFolderAddUser(
                "ines", "secret-password-1", ["Member"], []
            )
        with on(self.section):
            configure_mail(smtp.port)
            for userid in ("anna", "ben"):
                self.add_member(userid)

    def add_member(self, userid, language="de"):
        self.section.acl_users.userFolderAddUser(
            userid, "secret-password-1", ["Member"], []
        )
        plone.api.user.get(userid).setMemberProperties(
            {"email": f"{userid}@example.org", "language": language}
        )
        preferences.save(
            storage.member_records().ensure(userid), {"delivery": "immediate"}
        )

    # -- at the source -------------------------------------------------------

    def make_case(self, state="published", **fields):
        fields.setdefault("title", "Journalist detained for reporting on protests")
        fields.setdefault("text", rich("<p>Ihar was arrested on 28 April.</p>"))
        fields.setdefault(
            "addressees",
            [{"name": "Prosecutor General", "address": "Internatsionalnaya 22\nMinsk"}],
        )
        fields.setdefault("themes", ["freedom-of-expression"])
        with on(self.source):
            ua = create_ua(self.source["urgent-actions"], state, **fields)
            uid = ua.UID()
        return uid

    def add_embassy(self, uid):
        """An address-book entry of the source, as the case's "copy to"."""
        from collective.urgentactions.addressbook.book import get_address_book
        from plone.dexterity.utils import createContentInContainer

        with on(self.source):
            ua = plone.api.content.get(UID=uid)
            entry = createContentInContainer(
                get_address_book(self.source["urgent-actions"]),
                "Addressee",
                title="Embassy of the Republic of Belarus",
                salutation="Your Excellency",
                address="Am Treptower Park 32\n12435 Berlin",
                country="BY",
            )
            plone.api.relation.create(
                source=ua, target=entry, relationship="copy_entries"
            )

    def obj(self, site, uid):
        with on(site):
            return plone.api.content.get(UID=uid)

    def add_update(self, uid, title, text, day=date(2020, 5, 2), publish=True):
        with on(self.source):
            ua = plone.api.content.get(UID=uid)
            update = plone.api.content.create(
                container=ua,
                type="UrgentActionUpdate",
                title=title,
                date=day,
                text=rich(text),
            )
            if publish:
                plone.api.content.transition(update, transition="publish")
            return update.UID()

    def add_template(self, uid, language, text):
        with on(self.source):
            ua = plone.api.content.get(UID=uid)
            plone.api.content.create(
                container=ua,
                type="LetterTemplate",
                title=language,
                letter_language=language,
                file=NamedBlobFile(pdf(text), filename=f"ua-{language}.pdf"),
            )

    def set_image(self, uid, colour="red"):
        with on(self.source):
            ua = plone.api.content.get(UID=uid)
            ua.image = NamedBlobImage(png(colour), filename="portrait.png")
            from zope.event import notify
            from zope.lifecycleevent import ObjectModifiedEvent

            notify(ObjectModifiedEvent(ua))

    def transition_source(self, uid, transition):
        with on(self.source):
            ua = plone.api.content.get(UID=uid)
            plone.api.content.transition(ua, transition=transition)

    def configure_source(self, **settings):
        with on(self.section):
            sources.get_source(self.source_id).configure(**settings)

    def edit_source(self, uid, **fields):
        from zope.event import notify
        from zope.lifecycleevent import ObjectModifiedEvent

        with on(self.source):
            ua = plone.api.content.get(UID=uid)
            for name, value in fields.items():
                setattr(ua, name, value)
            notify(ObjectModifiedEvent(ua))

    # -- at the section --------------------------------------------------------

    def add_source(self, arrive_as="published", **settings):
        with on(self.section):
            source = sources.add_source(SOURCE_NAME)
            settings.setdefault("url", self.source_url)
            source.configure(name=SOURCE_NAME, arrive_as=arrive_as, **settings)
            source.set_credentials(SERVICE_ACCOUNT, SERVICE_PASSWORD)
            self.source_id = source.id
        return self.source_id

    def ask_section(self, task):
        """What the cron command does: commit, then ``POST
        @@urgentactions-maintenance?task=…`` to the section as its
        administrator; returns the response."""
        transaction.commit()
        return requests.post(
            self.section_url + "/@@urgentactions-maintenance",
            params={"task": task},
            auth=(SITE_OWNER_NAME, SITE_OWNER_PASSWORD),
            timeout=30,
        )

    def sync(self, source_id=None):
        with on(self.section):
            result = sync_source(source_id or self.source_id)
            return result

    def source_record(self, source_id=None):
        with on(self.section):
            return sources.get_source(source_id or self.source_id)

    def log(self, source_id=None):
        """The sync log, newest first, as plain English text."""
        from zope.i18n import translate

        return [
            (level, translate(message))
            for _time, level, message in self.source_record(source_id).log_messages()
        ]

    def copy(self, source_uid):
        """The section's copy of a source case."""
        with on(self.section):
            local_uid = sources.get_source(self.source_id).cases.get(source_uid)
            return plone.api.content.get(UID=local_uid) if local_uid else None

    def copy_url(self, source_uid):
        """The address of the section's copy, at the section's server."""
        with on(self.section):
            return self.copy(source_uid).absolute_url()

    def follow(self, userid, ua):
        with on(self.section, userid):
            set_following(ua, True)

    def count(self, site, userid, uid, quantity):
        with on(site, userid):
            count_letters(plone.api.content.get(UID=uid), quantity)


@contextmanager
def running_sites(layer, tmp_path, monkeypatch, section_id=SECTION_SITE_ID):
    """``Sites`` on a two-site layer, with the SMTP server and an outbox of
    the test's own; every background thread stopped after."""
    monkeypatch.setenv(outbox.ENVIRONMENT_KEY, str(tmp_path / "mailqueue"))
    smtp = SMTPServer()
    smtp.start()
    try:
        yield Sites(layer, smtp, section_id)
    finally:
        worker.stop_workers()
        fanout.stop_workers()
        outbox.stop_processors()
        smtp.stop()
        logout()
