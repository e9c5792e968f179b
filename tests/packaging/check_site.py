"""Check an installed collective.urgentactions inside a running Zope.

Run by ``bin/instance run`` (buildout) or ``zconsole run`` (pip install); the
global ``app`` is the Zope root. Settings come from the environment:

``CHECK_PREFIX``
    the add-on's code and its three profiles must lie below this folder (the
    venv's site-packages, or the buildout's develop checkout);
``CHECK_SITE_ID``
    id of the Plone site to create (default ``packaging-check``);
``CHECK_COMMIT``
    ``1`` keeps the site (to serve it afterwards), otherwise the transaction
    is aborted and the database is left as it was.

Exits non-zero with a message on the first failed check.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system
from pathlib import Path
from plone.base.utils import get_installer
from Products.CMFPlone.factory import addPloneSite
from Products.GenericSetup.registry import _profile_registry
from Testing.makerequest import makerequest
from xml.etree import ElementTree
from zope.component.hooks import setSite

import collective.urgentactions
import os
import plone.api
import sys
import transaction


PRODUCT = "collective.urgentactions"
TYPES = ("UrgentAction", "UrgentActionUpdate", "LetterTemplate")


def check(condition, message):
    if not condition:
        sys.exit(f"FAILED: {message}")


def below(path, prefix):
    return Path(path).resolve().is_relative_to(prefix)


prefix = Path(os.environ["CHECK_PREFIX"]).resolve()
site_id = os.environ.get("CHECK_SITE_ID", "packaging-check")

package_dir = Path(collective.urgentactions.__file__).parent
check(below(package_dir, prefix), f"{PRODUCT} imported from {package_dir}")
print(f"{PRODUCT} imported from {package_dir}")

for name in ("default", "uninstall", "demo"):
    profile_id = f"{PRODUCT}:{name}"
    try:
        path = _profile_registry.getProfileInfo(profile_id)["path"]
    except KeyError:
        sys.exit(f"FAILED: profile {profile_id} is not registered")
    check(below(path, prefix), f"profile {profile_id} lies at {path}")
    check(any(Path(path).glob("*.xml")), f"{path} has no import step files")
    print(f"profile {profile_id}: {path}")

default_path = Path(_profile_registry.getProfileInfo(f"{PRODUCT}:default")["path"])
profile_version = ElementTree.parse(default_path / "metadata.xml").findtext("version")

app = makerequest(globals()["app"])
newSecurityManager(None, system)
if site_id in app.objectIds():
    app.manage_delObjects([site_id])
site = addPloneSite(
    app,
    site_id,
    title="Packaging check",
    extension_ids=["plone.app.contenttypes:default"],
)
setSite(site)
site.portal_setup.runAllImportStepsFromProfile(f"profile-{PRODUCT}:default")

check(get_installer(site).is_product_installed(PRODUCT), f"{PRODUCT} not installed")
installed_version = site.portal_setup.getLastVersionForProfile(f"{PRODUCT}:default")
check(
    installed_version == (profile_version,),
    f"profile version {installed_version}, metadata.xml says {profile_version}",
)
for type_name in TYPES:
    check(type_name in site.portal_types.objectIds(), f"no type {type_name}")
check("ua_number" in site.portal_catalog.indexes(), "no catalog index ua_number")

section = site.get("urgent-actions")
check(section is not None, "no section /urgent-actions")
check(
    section.getLayout() == "urgent-actions-listing",
    f"section layout is {section.getLayout()}",
)
action = plone.api.content.create(
    container=section,
    type="UrgentAction",
    id="packaging-check-action",
    title="Packaging check action",
)
found = site.portal_catalog.unrestrictedSearchResults(
    portal_type="UrgentAction", UID=action.UID()
)
check(len(found) == 1, "the new Urgent Action is not in the catalog")
print(f"site {site_id!r}: {PRODUCT} {profile_version} installed, types {TYPES}")

if os.environ.get("CHECK_COMMIT") == "1":
    transaction.commit()
    print(f"site {site_id!r} committed")
else:
    setSite(None)
    transaction.abort()
print("OK")
