"""Test layers: a Plone site with the add-on (and, for the demo layer, its demo
content) installed; and the factories every test uses to make cases, updates,
letter templates and Word documents."""

from datetime import date
from io import BytesIO
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.app.textfield.value import RichTextValue
from plone.dexterity.utils import createContentInContainer
from plone.namedfile.file import NamedBlobFile
from plone.protect.authenticator import createToken
from plone.testing import Layer
from plone.testing.zope import WSGI_SERVER_FIXTURE
from webtest.http import StopableWSGIServer

import collective.urgentactions
import docx
import os
import plone.api
import requests
import transaction


# Compile the .po catalogs when the translation domains load, as the
# instance's zope.conf does.
os.environ.setdefault("zope_i18n_compile_mo_files", "true")


def create_ua(container, state="published", **fields):
    """Create an Urgent Action as Manager; ``state`` draft, published or closed.
    (Cases in the section are filed into YYYY/MM when the transaction commits.)"""
    fields.setdefault("title", "Journalist detained for reporting on protests")
    fields.setdefault("ua_number", "065/20")
    fields.setdefault("ai_index", "EUR 57/2227/2020")
    fields.setdefault("country", "BY")
    fields.setdefault("issue_date", date(2020, 4, 28))
    with plone.api.env.adopt_roles(["Manager"]):
        ua = plone.api.content.create(
            container=container, type="UrgentAction", **fields
        )
        if state in ("published", "closed"):
            plone.api.content.transition(ua, to_state=state)
    return ua


PASSWORD = "secret-password-1"
ROLES = {
    "member": ["Member"],
    "other": ["Member"],
    "contributor": ["Member", "Contributor"],
    "editor": ["Member", "Editor"],
    "siteadmin": ["Member", "Site Administrator"],
    "manager": ["Member", "Manager"],
}


class HttpClient:
    """``requests`` against the functional server. Every request first
    commits what the test made and afterwards starts a new transaction, so
    the test sees what the server wrote. ``auth`` is ``basic``, ``cookie``
    (the login form's ``__ac`` cookie) or ``jwt`` (a ``@login`` token).

    REST requests (``json=`` or an ``@`` service) ask for JSON, every
    request with ``rest=True`` (plone.restapi's view of any content URL);
    redirects are answered, not followed, unless ``follow_redirects``."""

    def __init__(
        self, portal, user=None, auth="basic", rest=False, follow_redirects=False
    ):
        self.portal = portal
        self.portal_url = portal.absolute_url()
        self.session = requests.Session()
        self.user = user
        self.follow_redirects = follow_redirects
        if rest:
            self.session.headers["Accept"] = "application/json"
        if user is None:
            return
        if auth == "basic":
            self.session.auth = (user, PASSWORD)
        elif auth == "cookie":
            self.login()
            assert "__ac" in self.session.cookies
        elif auth == "jwt":
            token = self.login()
            self.session.cookies.clear()
            self.session.headers["Authorization"] = f"Bearer {token}"
        else:
            raise ValueError(auth)

    def login(self):
        """``@login`` as this client's user; the JWT (the cookie is kept)."""
        response = self.post("@login", json={"login": self.user, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def url(self, target, path=""):
        if not isinstance(target, str):
            transaction.commit()
            target = plone.api.content.get(UID=target.UID()).absolute_url()
        elif not target.startswith("http"):
            target = f"{self.portal_url}/{target}" if target else self.portal_url
        return target + (f"/{path}" if path else "")

    def request(self, method, target, path="", **kwargs):
        url = self.url(target, path)
        transaction.commit()
        kwargs.setdefault("allow_redirects", self.follow_redirects)
        if "json" in kwargs or "/@" in url.replace("/@@", "/"):  # REST
            kwargs["headers"] = {
                "Accept": "application/json",
                **kwargs.get("headers", {}),
            }
        try:
            return self.session.request(method, url, timeout=60, **kwargs)
        finally:
            transaction.begin()

    def get(self, target, path="", **kwargs):
        return self.request("GET", target, path, **kwargs)

    def post(self, target, path="", **kwargs):
        return self.request("POST", target, path, **kwargs)

    def patch(self, target, path="", **kwargs):
        return self.request("PATCH", target, path, **kwargs)

    def delete(self, target, path="", **kwargs):
        return self.request("DELETE", target, path, **kwargs)

    def token(self):
        """plone.protect's CSRF token for this user, as a page would carry it."""
        login(self.portal, self.user)
        try:
            return createToken()
        finally:
            logout()


def add_role_users(portal):
    """A user for each of ``ROLES``, with an address and a name."""
    for userid, roles in ROLES.items():
        portal.acl_users.userFolderAddUser(userid, PASSWORD, roles, [])
        plone.api.user.get(userid).setMemberProperties(
            {"email": f"{userid}@example.org", "fullname": userid.capitalize()}
        )


def docx_bytes(*paragraphs):
    """A real Word document with these paragraphs (by default one)."""
    document = docx.Document()
    for text in paragraphs or ("Dear Prosecutor General,",):
        document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def template_docx(body="I urge you to release the prisoner."):
    """A letter template with every placeholder."""
    return docx_bytes(
        "{{ sender_name }}\n{{ sender_address }}",
        "{{ addressee }}",
        "{% if sender_town %}{{ sender_town }}, {% endif %}{{ date }}",
        "UA {{ ua_number }}",
        "{{ salutation }},",
        body,
        "{{ sender_name }}",
    )


def create_update(ua, title="Latest news", day=None, text="", state="published"):
    """An update in an action, as Manager, published unless told otherwise."""
    with plone.api.env.adopt_roles(["Manager"]):
        update = plone.api.content.create(
            container=ua,
            type="UrgentActionUpdate",
            title=title,
            date=day or date(2020, 6, 23),
        )
        if text:
            update.text = RichTextValue(text, "text/html", "text/x-html-safe")
        if state == "published":
            plone.api.content.transition(update, to_state="published")
    return update


def create_template(ua, language, data=None, filename=None, title="", content_type=""):
    """A letter template in an action (a Word document unless ``data``).

    Its id is the language code (or ``title``) unless ``title=None``: then,
    as in the add form, the add event derives the title ("deutsch") and the
    id follows it. ``content_type`` is the type the upload claims (guessed
    from the file name when empty)."""
    data = data if data is not None else docx_bytes()
    fields = {
        "letter_language": language,
        "file": NamedBlobFile(
            data=data,
            contentType=content_type,
            filename=filename or f"ua-{language}.docx",
        ),
    }
    with plone.api.env.adopt_roles(["Manager"]):
        if title is None:
            return createContentInContainer(ua, "LetterTemplate", **fields)
        return plone.api.content.create(
            container=ua, type="LetterTemplate", title=title or language, **fields
        )


def stored_count(portal_type):
    """How many objects of ``portal_type`` the database holds now (a new
    transaction, so what the server committed counts; none hidden by
    permissions)."""
    transaction.begin()
    catalog = plone.api.portal.get_tool("portal_catalog")
    return len(catalog.unrestrictedSearchResults(portal_type=portal_type))


class UrgentActionsLayer(PloneSandboxLayer):
    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=collective.urgentactions)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "collective.urgentactions:default")


FIXTURE = UrgentActionsLayer()
INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="UrgentActions:Integration"
)
FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE), name="UrgentActions:Functional"
)


class DemoLayer(PloneSandboxLayer):
    """The add-on with its demo content (``collective.urgentactions:demo``)."""

    defaultBases = (FIXTURE,)

    def setUpPloneSite(self, portal):
        import transaction

        applyProfile(portal, "collective.urgentactions:demo")
        # Commit while the site is still set: filing moves the new cases
        # into their YYYY/MM folders in a before-commit hook.
        transaction.commit()


DEMO_FIXTURE = DemoLayer()
DEMO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(DEMO_FIXTURE,), name="UrgentActions:DemoIntegration"
)
DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(DEMO_FIXTURE, WSGI_SERVER_FIXTURE), name="UrgentActions:DemoFunctional"
)


SECTION_SITE_ID = "section"


class TwoSitesLayer(PloneSandboxLayer):
    """A second Plone site with the add-on, ``section``, beside ``plone``
    in the same Zope app (syndication: ``plone`` is the source, ``section``
    imports). Each is served by a WSGI server of its own (see
    :class:`SectionServer`), and the two talk real HTTP."""

    defaultBases = (FIXTURE,)
    section_id = SECTION_SITE_ID

    def setUpPloneSite(self, portal):
        from plone.app.testing import SITE_OWNER_NAME
        from plone.testing import zope
        from Products.CMFPlone.factory import addPloneSite
        from zope.component.hooks import getSite
        from zope.component.hooks import setSite

        app = portal.aq_parent
        current = getSite()
        zope.login(app["acl_users"], SITE_OWNER_NAME)
        try:
            addPloneSite(
                app,
                self.section_id,
                title="Section Deutschland",
                default_language="de",
                extension_ids=[
                    "plone.app.contenttypes:default",
                    "plonetheme.barceloneta:default",
                    "collective.urgentactions:default",
                ],
            )
        finally:
            setSite(current)


class SectionServer(Layer):
    """A second WSGI server, on a port of its own, for the section: the
    source is served at ``host``:``port`` (``WSGI_SERVER_FIXTURE``), the
    section at ``host``:``section_port``."""

    defaultBases = (WSGI_SERVER_FIXTURE,)

    def setUp(self):
        self.server = StopableWSGIServer.create(
            WSGI_SERVER_FIXTURE.server.test_app, clear_untrusted_proxy_headers=False
        )
        self["section_port"] = int(self.server.effective_port)

    def tearDown(self):
        self.server.shutdown()
        del self["section_port"]


TWO_SITES_FIXTURE = TwoSitesLayer()
SECTION_SERVER_FIXTURE = SectionServer()
TWO_SITES_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(TWO_SITES_FIXTURE, SECTION_SERVER_FIXTURE), name="UrgentActions:TwoSites"
)


class MultilingualLayer(PloneSandboxLayer):
    """The add-on with plone.app.multilingual (which ships with Plone) in
    English and German: language root folders ``/en`` and ``/de``."""

    defaultBases = (FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import plone.app.multilingual

        self.loadZCML(package=plone.app.multilingual)

    def setUpPloneSite(self, portal):
        plone.api.portal.set_registry_record("plone.available_languages", ["en", "de"])
        applyProfile(portal, "plone.app.multilingual:default")


MULTILINGUAL_FIXTURE = MultilingualLayer()
MULTILINGUAL_INTEGRATION_TESTING = IntegrationTesting(
    bases=(MULTILINGUAL_FIXTURE,), name="UrgentActions:MultilingualIntegration"
)
MULTILINGUAL_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(MULTILINGUAL_FIXTURE, WSGI_SERVER_FIXTURE),
    name="UrgentActions:MultilingualFunctional",
)


MULTILINGUAL_SECTION_SITE_ID = "section-of-multilingual"


class MultilingualTwoSitesLayer(TwoSitesLayer):
    """Syndication from a multilingual source: ``plone`` with
    plone.app.multilingual (English and German) and a German section beside
    it, each served on its own port. The section has an id of its own: a
    layer set up beside the two sites' layer stacks on its database."""

    defaultBases = (MULTILINGUAL_FIXTURE,)
    section_id = MULTILINGUAL_SECTION_SITE_ID


MULTILINGUAL_TWO_SITES_FIXTURE = MultilingualTwoSitesLayer()
MULTILINGUAL_TWO_SITES_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(MULTILINGUAL_TWO_SITES_FIXTURE, SECTION_SERVER_FIXTURE),
    name="UrgentActions:MultilingualTwoSites",
)
