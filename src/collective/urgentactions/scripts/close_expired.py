"""Close every published Urgent Action whose closing date has come (and
prepare the day counters of the open ones, see ``maintenance.daily``).

For cron, inside a Zope instance::

    zconsole run instance/etc/zope.conf \
        <site-packages>/collective/urgentactions/scripts/close_expired.py [SITE_ID]

for ZEO or RelStorage setups, beside the running instances. A single instance
on FileStorage holds the storage's lock: there ``make close-expired`` asks the
running site instead (``@@urgentactions-maintenance``).
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system
from collective.urgentactions.maintenance import daily
from collective.urgentactions.scripts.send_digests import script_args
from Testing.makerequest import makerequest
from zope.component.hooks import setSite

import sys
import transaction


def main(app, site_id="Plone"):
    app = makerequest(app)
    newSecurityManager(None, system)
    site = app[site_id]
    setSite(site)
    closed = daily(site)
    transaction.commit()
    for ua in closed:
        print(f"Closed UA {ua.ua_number}: {ua.absolute_url(relative=True)}")
    print(f"{len(closed)} Urgent Action(s) closed.")


if __name__ == "__main__":
    main(globals()["app"], *script_args(sys.argv)[:1])  # app: from zconsole
