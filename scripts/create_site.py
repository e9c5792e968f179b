"""Create a demo Plone site with the add-on. Does nothing when the site
exists already.

Run inside a Zope instance: ``zconsole run instance/etc/zope.conf
scripts/create_site.py``. Environment variables:

* ``SITE_ID`` (default ``Plone``), ``SITE_TITLE`` (default ``Urgent
  Actions``) and ``SITE_LANGUAGE`` (default ``en``);
* ``SOURCE_URL``: without it, the site gets the demo content (``make
  start``); with it (e.g. http://localhost:8080/Plone), the site is a demo
  section without demo content whose source is that site, as the service
  account ``section-demo`` that the source's demo profile created (``make
  start-section``).
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
SOURCE_URL = os.environ.get("SOURCE_URL")
SOURCE_NAME = "Urgent Actions (demo source)"


def add_demo_source(url):
    source = sources.add_source(SOURCE_NAME)
    source.configure(name=SOURCE_NAME, url=url, arrive_as="published")
    source.set_credentials(DEMO_SECTION_ACCOUNT, DEMO_SECTION_PASSWORD)


app = makerequest(globals()["app"])  # zconsole provides app
if SITE_ID in app.objectIds():
    print(f"Site {SITE_ID!r} exists already.")
    sys.exit(0)

admin = app.acl_users.getUserById("admin")
newSecurityManager(None, admin.__of__(app.acl_users))
site = addPloneSite(
    app,
    SITE_ID,
    title=os.environ.get("SITE_TITLE", "Urgent Actions"),
    distribution_name="classic",
    setup_content=False,
    default_language=os.environ.get("SITE_LANGUAGE", "en"),
)
setSite(site)
# The classic distribution ignores extension_ids: apply the profiles here.
profiles = ["collective.urgentactions:default"]
if not SOURCE_URL:
    profiles.append("collective.urgentactions:demo")
for profile in profiles:
    site.portal_setup.runAllImportStepsFromProfile(f"profile-{profile}")
if SOURCE_URL:
    add_demo_source(SOURCE_URL)
transaction.commit()
if SOURCE_URL:
    print(f"Created the demo section {SITE_ID!r}, syndicating from {SOURCE_URL}.")
else:
    print(f"Created site {SITE_ID!r} with the Urgent Actions demo content.")
