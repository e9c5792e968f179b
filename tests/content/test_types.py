"""The three content types: FTIs, where they can be added, and by whom."""

from collective.urgentactions.content.letter_template import ILetterTemplate
from collective.urgentactions.content.update import IUrgentActionUpdate
from collective.urgentactions.content.urgent_action import IUrgentAction
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.dexterity.interfaces import IDexterityFTI
from zope.component import createObject
from zope.component import queryUtility

import plone.api
import pytest


TYPES = {
    "UrgentAction": {
        "title": "Urgent Action",
        "schema": IUrgentAction,
        "global_allow": True,
        "filter_content_types": True,
        "allowed_content_types": ("UrgentActionUpdate", "LetterTemplate"),
        "add_permission": "collective.urgentactions.AddUrgentAction",
        "klass": "collective.urgentactions.content.urgent_action.UrgentAction",
    },
    "UrgentActionUpdate": {
        "title": "Update",
        "schema": IUrgentActionUpdate,
        "global_allow": False,
        "filter_content_types": True,
        "allowed_content_types": (),
        "add_permission": "collective.urgentactions.AddUrgentActionUpdate",
        "klass": "collective.urgentactions.content.update.UrgentActionUpdate",
    },
    "LetterTemplate": {
        "title": "Letter Template",
        "schema": ILetterTemplate,
        "global_allow": False,
        "filter_content_types": True,
        "allowed_content_types": (),
        "add_permission": "collective.urgentactions.AddLetterTemplate",
        "klass": "collective.urgentactions.content.letter_template.LetterTemplate",
    },
}


@pytest.mark.parametrize(
    "portal_type,attribute",
    [
        (portal_type, attribute)
        for portal_type, attributes in TYPES.items()
        for attribute in attributes
        if attribute != "schema"
    ],
)
def test_fti_attribute(portal, portal_type, attribute):
    fti = queryUtility(IDexterityFTI, name=portal_type)
    expected = TYPES[portal_type][attribute]
    value = getattr(fti, attribute)
    assert (tuple(value) if isinstance(value, (list, tuple)) else value) == expected


@pytest.mark.parametrize("portal_type", TYPES)
def test_factory_provides_schema(portal, portal_type):
    fti = queryUtility(IDexterityFTI, name=portal_type)
    obj = createObject(fti.factory)
    assert TYPES[portal_type]["schema"].providedBy(obj)


@pytest.mark.parametrize(
    "behavior", ["plone.basic", "plone.relateditems", "plone.leadimage"]
)
def test_urgent_action_behaviors(get_behaviors, portal, behavior):
    assert behavior in get_behaviors("UrgentAction")


class TestWhereAndWho:
    @pytest.fixture(autouse=True)
    def setup(self, portal, make_ua):
        self.portal = portal
        self.ua = make_ua(state="draft")

    @pytest.mark.parametrize("portal_type", ["UrgentActionUpdate", "LetterTemplate"])
    def test_only_inside_an_urgent_action(self, portal_type):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        addable = [fti.getId() for fti in self.portal.allowedContentTypes()]
        assert portal_type not in addable
        assert portal_type in [fti.getId() for fti in self.ua.allowedContentTypes()]

    def test_nothing_else_inside_an_urgent_action(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        assert {fti.getId() for fti in self.ua.allowedContentTypes()} == {
            "UrgentActionUpdate",
            "LetterTemplate",
        }

    @pytest.mark.parametrize(
        "roles,allowed",
        [
            (["Member"], False),
            (["Contributor"], True),
            (["Editor"], False),
            (["Site Administrator"], True),
            (["Manager"], True),
        ],
    )
    def test_who_may_add_an_urgent_action(self, roles, allowed):
        setRoles(self.portal, TEST_USER_ID, roles)
        section = self.portal["urgent-actions"]
        assert (
            plone.api.user.has_permission(
                "collective.urgentactions: Add Urgent Action", obj=section
            )
            is allowed
        )
