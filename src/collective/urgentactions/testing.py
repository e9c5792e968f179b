"""Test layers: a Plone site with the add-on (and, for the demo layer, its demo
content) installed."""

from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import applyProfile
from plone.testing.zope import WSGI_SERVER_FIXTURE
import collective.urgentactions


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
        applyProfile(portal, "collective.urgentactions:demo")


DEMO_FIXTURE = DemoLayer()
DEMO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(DEMO_FIXTURE,), name="UrgentActions:DemoIntegration"
)
DEMO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(DEMO_FIXTURE, WSGI_SERVER_FIXTURE), name="UrgentActions:DemoFunctional"
)
