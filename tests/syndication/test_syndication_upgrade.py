"""Upgrade step 1005 → 1006 (run by portal_setup) on a site without
syndication: the changed index is added and filled, the permissions and
the control panel appear."""

import plone.api


class TestUpgrade:
    def test_index_permissions_and_control_panel(self, integration, make_ua):
        portal = integration["portal"]
        ua = make_ua()
        catalog = plone.api.portal.get_tool("portal_catalog")
        catalog.delIndex("ua_changed")
        catalog.delColumn("ua_changed")
        portal.manage_permission("collective.urgentactions: Manage syndication", [])
        plone.api.portal.get_tool("portal_controlpanel").unregisterConfiglet(
            "urgentactions-syndication"
        )

        setup = plone.api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("collective.urgentactions:default", "1005")
        with plone.api.env.adopt_roles(["Manager"]):
            setup.upgradeProfile("collective.urgentactions:default")
        # Later steps run too: the site ends at the profile's version.
        assert setup.getLastVersionForProfile("collective.urgentactions:default") == (
            setup.getVersionForProfile("collective.urgentactions:default"),
        )

        [brain] = catalog(ua_changed={"query": "2000-01-01", "range": "min"})
        assert ua.UID() == brain.UID
        assert brain.ua_changed.startswith("20")
        roles = {
            role["name"]
            for role in portal.rolesOfPermission(
                "collective.urgentactions: Manage syndication"
            )
            if role["selected"]
        }
        assert roles == {"Manager", "Site Administrator"}
        configlets = plone.api.portal.get_tool("portal_controlpanel").listActions()
        assert "urgentactions-syndication" in [c.id for c in configlets]
