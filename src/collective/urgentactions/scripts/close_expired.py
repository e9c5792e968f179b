"""Close every published Urgent Action whose closing date has come.

For cron, inside a Zope instance::

    zconsole run instance/etc/zope.conf \
        <site-packages>/collective/urgentactions/scripts/close_expired.py [SITE_ID]

(``make close-expired`` does this for the demo instance.)
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system
from collective.urgentactions.status import close_expired
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import sys
import transaction


def main(app, site_id="Plone"):
    app = makerequest(app)
    newSecurityManager(None, system)
    site = app[site_id]
    setSite(site)
    closed = close_expired(site)
    transaction.commit()
    for ua in closed:
        print(f"Closed UA {ua.ua_number}: {ua.absolute_url(relative=True)}")
    print(f"{len(closed)} Urgent Action(s) closed.")


if __name__ == "__main__":
    main(globals()["app"], *sys.argv[1:2])  # noqa: F821 - provided by zconsole
