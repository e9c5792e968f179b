"""Create the demo section: a German site "Plone" with the add-on (no demo
content) whose source is the first demo site.

Run inside the section's Zope instance: ``zconsole run
instance-section/etc/zope.conf scripts/create_section_site.py`` with
``SOURCE_URL`` (the first site, e.g. http://localhost:8080/Plone). Does
nothing when the site exists already. The source's demo profile created the
service account ``section-demo``.
"""

from AccessControl.SecurityManagement import newSecurityManager
from collective.urgentactions.demo import DEMO_SECTION_ACCOUNT
from collective.urgentactions.demo import DEMO_SECTION_PASSWORD
from collective.urgentactions.syndication import sources
from Products.CMFPlone.factory import addPloneSite
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import os
import sys
import transaction


SITE_ID = os.environ.get("SITE_ID", "Plone")
SOURCE_URL = os.environ["SOURCE_URL"]

app = makerequest(globals()["app"])  # zconsole provides app
if SITE_ID in app.objectIds():
    print(f"Site {SITE_ID!r} exists already.")
    sys.exit(0)

admin = app.acl_users.getUserById("admin")
newSecurityManager(None, admin.__of__(app.acl_users))
site = addPloneSite(
    app,
    SITE_ID,
    title="Sektion Deutschland",
    distribution_name="classic",
    setup_content=False,
    default_language="de",
)
setSite(site)
site.portal_setup.runAllImportStepsFromProfile(
    "profile-collective.urgentactions:default"
)
source = sources.add_source("Urgent Actions (demo source)")
source.configure(
    name="Urgent Actions (demo source)", url=SOURCE_URL, arrive_as="published"
)
source.set_credentials(DEMO_SECTION_ACCOUNT, DEMO_SECTION_PASSWORD)
transaction.commit()
print(f"Created the demo section {SITE_ID!r}, syndicating from {SOURCE_URL}.")
