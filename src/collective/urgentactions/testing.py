"""Test layers: a Plone site with the add-on (and, for the demo layer, its demo
content) installed."""

from datetime import date
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE

import collective.urgentactions
import os
import plone.api


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
