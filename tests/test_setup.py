"""Installing and uninstalling the add-on: everything the default profile
declares is there after installing and gone after uninstalling (editors'
content stays).

The expectations are read from the profiles, so an index, column, action,
registry record, control panel or portlet added to ``profiles/default`` is
checked here without editing this file."""

from collective.urgentactions.controlpanel.uninstall import OPERATION_MAPPING
from collective.urgentactions.interfaces import IBrowserLayer
from collective.urgentactions.interfaces import IUrgentActionsSection
from collective.urgentactions.restapi.caching import RULESET
from collective.urgentactions.settings import IUrgentActionsSettings
from collective.urgentactions.syndication import sources
from lxml import etree
from pathlib import Path
from plone.portlets.interfaces import IPortletType
from plone.registry.interfaces import IRegistry
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.component import queryUtility

import plone.api
import pytest


PACKAGE = "collective.urgentactions"
DEFAULT = Path(__file__).parents[1] / "profiles" / "default"
PREFIX = "collective.urgentactions"


def declared(filename, xpath, attribute):
    tree = etree.parse(str(DEFAULT / filename))
    return [node.get(attribute) for node in tree.xpath(xpath)]


INDEXES = declared("catalog.xml", "/object/index", "name")
COLUMNS = declared("catalog.xml", "/object/column", "value")
USER_ACTIONS = declared("actions.xml", "/object/object[@name='user']/object", "name")
CONFIGLETS = declared("controlpanel.xml", "/object/configlet", "action_id")
PORTLETS = declared("portlets.xml", "/portlets/portlet", "addview")
TYPES = declared("types.xml", "/object/object", "name")
WORKFLOWS = declared("workflows.xml", "/object/object", "name")
SETTINGS = [f"{PREFIX}.{name}" for name in IUrgentActionsSettings.names()]


def registry_records(portal):
    return getUtility(IRegistry, context=portal).records


def user_actions(portal):
    return portal.portal_actions.user.objectIds()


def configlets(portal):
    return [action.id for action in portal.portal_controlpanel.listActions()]


def test_profiles_declare_something():
    """Guards the parsing above: an empty list would make the tests below
    pass vacuously."""
    for found in (INDEXES, COLUMNS, USER_ACTIONS, CONFIGLETS, PORTLETS, TYPES):
        assert found
    assert len(WORKFLOWS) >= 2


class TestInstall:
    def test_addon_installed(self, installer):
        assert installer.is_product_installed(PACKAGE) is True

    def test_browser_layer(self, browser_layers):
        assert IBrowserLayer in browser_layers

    def test_profile_version_is_the_metadata_version(self, setup_tool):
        version = etree.parse(str(DEFAULT / "metadata.xml")).findtext("version")
        assert setup_tool.getLastVersionForProfile(f"{PACKAGE}:default") == (version,)

    def test_no_pending_upgrades(self, setup_tool):
        assert setup_tool.listUpgrades(f"{PACKAGE}:default") == []

    def test_section_created(self, portal):
        section = portal["urgent-actions"]
        assert IUrgentActionsSection.providedBy(section)
        assert section.getLayout() == "urgent-actions-listing"

    @pytest.mark.parametrize("index", INDEXES)
    def test_catalog_index(self, portal, index):
        assert index in portal.portal_catalog.indexes()

    @pytest.mark.parametrize("column", COLUMNS)
    def test_catalog_column(self, portal, column):
        assert column in portal.portal_catalog.schema()

    @pytest.mark.parametrize("record", SETTINGS)
    def test_registry_record(self, portal, record):
        assert record in registry_records(portal)

    def test_settings_have_their_defaults(self, portal):
        for name in IUrgentActionsSettings.names():
            field = IUrgentActionsSettings[name]
            value = plone.api.portal.get_registry_record(f"{PREFIX}.{name}")
            assert value == field.default, name

    def test_caching_rule(self, portal):
        assert plone.api.portal.get_registry_record(
            "plone.caching.interfaces.ICacheSettings.enabled"
        )
        mapping = plone.api.portal.get_registry_record(OPERATION_MAPPING)
        assert mapping[RULESET] == "collective.urgentactions.countCaching"

    @pytest.mark.parametrize("configlet", CONFIGLETS)
    def test_control_panel(self, portal, configlet):
        assert configlet in configlets(portal)

    @pytest.mark.parametrize("portlet", PORTLETS)
    def test_portlet_type(self, portal, portlet):
        assert queryUtility(IPortletType, name=portlet, context=portal) is not None

    @pytest.mark.parametrize("action", USER_ACTIONS)
    def test_user_menu_action(self, portal, action):
        assert action in user_actions(portal)

    @pytest.mark.parametrize("portal_type", TYPES)
    def test_type(self, portal, portal_type):
        assert portal_type in portal.portal_types

    def test_demo_profile_hidden_from_the_add_ons_control_panel(self, portal):
        control_panel = getMultiAdapter(
            (portal, portal.REQUEST), name="prefs_install_products_form"
        )
        addon = control_panel.marshall_addons()[PACKAGE]
        offered = [
            profile["id"]
            for profile in (
                *addon["upgrade_profiles"].values(),
                *addon["other_profiles"],
            )
        ]
        assert addon["install_profile_id"] == f"{PACKAGE}:default"
        assert f"{PACKAGE}:demo" not in offered


class TestUninstall:
    @pytest.fixture(autouse=True)
    def uninstall(self, installer):
        installer.uninstall_product(PACKAGE)

    def test_addon_uninstalled(self, installer):
        assert installer.is_product_installed(PACKAGE) is False

    def test_browser_layer_removed(self, browser_layers):
        assert IBrowserLayer not in browser_layers

    @pytest.mark.parametrize("portal_type", TYPES)
    def test_types_removed(self, portal, portal_type):
        assert portal_type not in portal.portal_types

    @pytest.mark.parametrize("workflow", WORKFLOWS)
    def test_workflows_removed(self, portal, workflow):
        assert workflow not in portal.portal_workflow

    @pytest.mark.parametrize("index", INDEXES)
    def test_indexes_removed(self, portal, index):
        assert index not in portal.portal_catalog.indexes()

    @pytest.mark.parametrize("column", COLUMNS)
    def test_columns_removed(self, portal, column):
        assert column not in portal.portal_catalog.schema()

    @pytest.mark.parametrize("record", SETTINGS)
    def test_registry_records_removed(self, portal, record):
        assert record not in registry_records(portal)

    def test_caching_rule_removed(self, portal):
        mapping = plone.api.portal.get_registry_record(OPERATION_MAPPING) or {}
        assert RULESET not in mapping

    @pytest.mark.parametrize("configlet", CONFIGLETS)
    def test_control_panel_removed(self, portal, configlet):
        assert configlet not in configlets(portal)

    @pytest.mark.parametrize("portlet", PORTLETS)
    def test_portlet_type_removed(self, portal, portlet):
        assert queryUtility(IPortletType, name=portlet, context=portal) is None

    @pytest.mark.parametrize("action", USER_ACTIONS)
    def test_user_menu_action_removed(self, portal, action):
        assert action not in user_actions(portal)

    def test_section_kept_but_unmarked(self, portal):
        section = portal["urgent-actions"]
        assert not IUrgentActionsSection.providedBy(section)
        assert section.getLayout() == "listing_view"


class TestUninstallForgetsSyndicationSources:
    """Credentials of the service accounts at the sources are secrets: an
    uninstall leaves none of them behind."""

    @pytest.fixture(autouse=True)
    def _setup(self, portal, installer):
        source = sources.add_source("International Secretariat", portal)
        source.configure(url="https://is.example.org/Plone")
        source.set_credentials("section-de", "a-long-secret")
        installer.uninstall_product(PACKAGE)

    def test_sources_and_credentials_removed(self, portal):
        assert sources.get_sources(portal) is None

    def test_a_reinstalled_site_has_no_source(self, portal, installer):
        installer.install_product(PACKAGE)
        assert sources.all_sources(portal) == []
