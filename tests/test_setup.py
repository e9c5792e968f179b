"""Installing and uninstalling the add-on."""

from collective.urgentactions.interfaces import IBrowserLayer
from collective.urgentactions.interfaces import IUrgentActionsSection
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest


PACKAGE = "collective.urgentactions"
PROFILES = Path(__file__).parents[1] / "profiles"


class TestInstall:
    def test_addon_installed(self, installer):
        assert installer.is_product_installed(PACKAGE) is True

    def test_browser_layer(self, browser_layers):
        assert IBrowserLayer in browser_layers

    def test_profile_version(self, setup_tool):
        metadata = ET.parse(PROFILES / "default" / "metadata.xml")
        version = metadata.findtext("version")
        assert setup_tool.getLastVersionForProfile(f"{PACKAGE}:default") == (version,)

    def test_no_pending_upgrades(self, setup_tool):
        assert setup_tool.listUpgrades(f"{PACKAGE}:default") == []

    def test_section_created(self, portal):
        section = portal["urgent-actions"]
        assert IUrgentActionsSection.providedBy(section)
        assert section.getLayout() == "urgent-actions-listing"

    @pytest.mark.parametrize(
        "index",
        [
            "ua_number",
            "ai_index",
            "country",
            "ua_themes",
            "issue_date",
            "ua_open_until",
        ],
    )
    def test_catalog_index(self, portal, index):
        assert index in portal.portal_catalog.indexes()

    @pytest.mark.parametrize(
        "column", ["ua_number", "ai_index", "country", "issue_date", "closing_date"]
    )
    def test_catalog_metadata(self, portal, column):
        assert column in portal.portal_catalog.schema()


class TestUninstall:
    @pytest.fixture(autouse=True)
    def uninstall(self, installer):
        installer.uninstall_product(PACKAGE)

    def test_addon_uninstalled(self, installer):
        assert installer.is_product_installed(PACKAGE) is False

    def test_browser_layer_removed(self, browser_layers):
        assert IBrowserLayer not in browser_layers

    @pytest.mark.parametrize(
        "portal_type", ["UrgentAction", "UrgentActionUpdate", "LetterTemplate"]
    )
    def test_types_removed(self, portal, portal_type):
        assert portal_type not in portal.portal_types

    @pytest.mark.parametrize(
        "workflow", ["urgentaction_workflow", "urgentaction_update_workflow"]
    )
    def test_workflows_removed(self, portal, workflow):
        assert workflow not in portal.portal_workflow

    @pytest.mark.parametrize(
        "index", ["ua_number", "ai_index", "country", "ua_open_until"]
    )
    def test_indexes_removed(self, portal, index):
        assert index not in portal.portal_catalog.indexes()

    def test_section_kept_but_unmarked(self, portal):
        section = portal["urgent-actions"]
        assert not IUrgentActionsSection.providedBy(section)
