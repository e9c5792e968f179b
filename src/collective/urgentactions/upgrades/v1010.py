"""1009 → 1010: a multilingual front door.

Adds the catalog index ``ua_card_languages`` (in which languages' pages
each translation is the case's card) and fills it for every case; with
plone.app.multilingual, gives each language root folder its Urgent Actions
section and the home page.
"""

from collective.urgentactions.setuphandlers import set_up_language_roots

import plone.api


PROFILE = "profile-collective.urgentactions:default"


def upgrade(context):
    setup = plone.api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "catalog")
    set_up_language_roots(plone.api.portal.get())
