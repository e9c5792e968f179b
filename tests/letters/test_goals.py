"""The goal's words and numbers in each language."""

from collective.urgentactions.letters.goals import goal_progress
from plone.i18n.utility import setLanguageBinding

import plone.api
import pytest


@pytest.mark.parametrize(
    "language,expected",
    [
        ("en", "812 of 1,000 letters"),
        ("de", "812 von 1.000 Briefen"),
        ("fr", "812 lettres sur 1\u202f000"),
        ("it", "812 lettere su 1.000"),
    ],
)
def test_goal_text(portal, language, expected):
    plone.api.portal.set_registry_record("plone.available_languages", [language])
    plone.api.portal.set_registry_record("plone.default_language", language)
    request = portal.REQUEST
    setLanguageBinding(request)
    progress = goal_progress(812, 1000, request)
    assert progress["text"] == expected
    assert (progress["percent"], progress["now"], progress["reached"]) == (
        81,
        812,
        False,
    )


def test_goal_passed(portal):
    progress = goal_progress(1500, 1000, portal.REQUEST)
    assert (progress["percent"], progress["now"], progress["reached"]) == (
        100,
        1000,
        True,
    )


def test_no_goal():
    assert goal_progress(5, None, {}) is None
