"""Create the Plone site "Plone" with the add-on and its demo content.

Run inside a Zope instance: ``zconsole run instance/etc/zope.conf
scripts/create_site.py``. Does nothing when the site exists already.
"""

from AccessControl.SecurityManagement import newSecurityManager
from Products.CMFPlone.factory import addPloneSite
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import sys
import transaction


SITE_ID = os.environ.get("SITE_ID", "Plone")

app = makerequest(globals()["app"])  # zconsole provides app
if SITE_ID in app.objectIds():
    print(f"Site {SITE_ID!r} exists already.")
    sys.exit(0)

admin = app.acl_users.getUserById("admin")
newSecurityManager(None, admin.__of__(app.acl_users))
site = addPloneSite(
    app,
    SITE_ID,
    title="Urgent Actions",
    distribution_name="classic",
    setup_content=False,
    default_language=os.environ.get("SITE_LANGUAGE", "en"),
)
setSite(site)
# The classic distribution ignores extension_ids: apply the profiles here.
for profile in ("collective.urgentactions:default", "collective.urgentactions:demo"):
    site.portal_setup.runAllImportStepsFromProfile(f"profile-{profile}")
transaction.commit()
print(f"Created site {SITE_ID!r} with the Urgent Actions demo content.")
