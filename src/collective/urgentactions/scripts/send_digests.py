"""Send the daily digests and "closing soon" reminders, then the mail queue.

For cron, hourly (the digests go out once a day, on the first run from
``digests.DIGEST_HOUR`` on), inside a Zope instance::

    zconsole run instance/etc/zope.conf \
        src/collective/urgentactions/scripts/send_digests.py [SITE_ID] [SITE_URL]

``SITE_URL`` is the public address of the site (``https://www.example.org``)
for the links in the mails; without it they point to ``http://localhost:8080/
SITE_ID``. This is for ZEO or RelStorage setups, beside the running
instances; a single instance on FileStorage holds the storage's lock, so there
``make send-digests`` asks the running site (``@@urgentactions-maintenance``).

First the immediate mails a stopped instance left unwritten are written,
then the digests and reminders are queued in the outbox (each in one
transaction, retried on a conflict with a member's click); the outbox is
then delivered in one pass, including mail left there while an instance was
down. What SMTP refuses stays queued for the next run or the instances'
outbox threads.
"""

from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SpecialUsers import system
from collective.urgentactions.notifications import digests
from collective.urgentactions.notifications import dispatch
from collective.urgentactions.notifications import outbox
from collective.urgentactions.threads import rebase
from collective.urgentactions.threads import site_request
from zope.globalrequest import getRequest

import sys
import transaction


def main(app, site_id="Plone", site_url=None):
    site_url = site_url or f"http://localhost:8080/{site_id}"
    site = site_request(app, ("", site_id), site_url)
    newSecurityManager(None, system)
    for attempt in transaction.manager.attempts(3):
        with attempt:
            fanned_out = dispatch.fan_out(site_url)
    rebase(getRequest(), site.getPhysicalPath(), site_url)
    for attempt in transaction.manager.attempts(3):
        with attempt:
            sent = digests.run()
    waiting = outbox.deliver_now(site.MailHost)
    print(f"{fanned_out} event(s) left pending were mailed.")
    if sent is None:
        print(
            f"Digests and reminders: not due (once a day, from "
            f"{digests.DIGEST_HOUR}:00)."
        )
    else:
        print(f"{sent['digests']} digest(s), {sent['reminders']} reminder(s) queued.")
    print(f"{waiting} mail(s) still waiting in {outbox.queue_path(site.MailHost)}.")


def script_args(argv):
    """The arguments after the script's path (``zconsole run`` leaves its
    own arguments in ``sys.argv``)."""
    for index, arg in enumerate(argv):
        if arg.endswith(".py"):
            return argv[index + 1 :]
    return argv[1:]


if __name__ == "__main__":
    main(globals()["app"], *script_args(sys.argv)[:2])
