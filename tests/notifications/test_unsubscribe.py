"""The unsubscribe link of a mail works without login, once, and only for
the member it was sent to; a bad link gets a clear 4xx page."""

from collective.urgentactions.interfaces import IFollowChangedEvent
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import tokens
from collective.urgentactions.notifications.mails import unsubscribe_url
from plone.testing.zope import Browser
from urllib.parse import quote
from zope.component import getGlobalSiteManager
from zope.component import provideHandler

import json
import pytest
import time
import transaction


def browser_for(app):
    browser = Browser(app)
    browser.handleErrors = False
    browser.raiseHttpErrors = False
    return browser


def following(userid, ua):
    transaction.begin()  # see what the requests committed
    return storage.member_records().get(userid).is_following(ua.UID())


@pytest.fixture
def mailed(site, smtp, add_member, new_ua, follow, publish_update):
    """Anna and Ben follow an action and got the mail of its update."""
    ua = new_ua()
    add_member("anna")
    add_member("ben")
    follow("anna", ua)
    follow("ben", ua)
    transaction.commit()
    publish_update(ua, "Media reaction")
    transaction.commit()
    smtp.inbox.wait_for(2)
    message = smtp.inbox.to("anna@example.org")[0]
    return ua, message["List-Unsubscribe"].strip("<>")


def test_confirm_then_unsubscribe_once(
    functional_app, site, smtp, mailed, publish_update
):
    ua, url = mailed
    browser = browser_for(functional_app)

    browser.open(url)  # a link checker or the member's click: nothing happens
    assert browser.headers["status"].startswith("200")
    assert "Stop following “Journalist detained for reporting on protests”?" in (
        browser.contents
    )
    assert following("anna", ua)

    browser.getControl("Yes, unsubscribe").click()
    assert browser.headers["status"].startswith("200")
    assert "You no longer follow “Journalist detained" in browser.contents
    assert not following("anna", ua)
    assert following("ben", ua)

    browser.open(url)
    assert browser.headers["status"].startswith("410")
    assert "This unsubscribe link has already been used." in browser.contents

    publish_update(ua, "Released on bail")
    transaction.commit()
    received = smtp.inbox.wait_for(3)
    assert smtp.inbox.addresses(received[2:]) == ["ben@example.org"]


def test_one_click_post_from_the_mail_program(functional_app, mailed):
    """RFC 8058: a POST to the List-Unsubscribe URL does it at once."""
    ua, url = mailed
    browser = browser_for(functional_app)
    browser.post(url, "List-Unsubscribe=One-Click")
    assert browser.headers["status"].startswith("200")
    assert not following("anna", ua)
    browser.post(url, "List-Unsubscribe=One-Click")
    assert browser.headers["status"].startswith("410")


def forge(url, **changes):
    """Another member's claims, sealed without the site's secret."""
    claims = {"u": "anna", "p": tokens.UNFOLLOW, "t": "", "i": 0, "e": 2**40}
    claims.update(changes)
    token = tokens.seal(json.dumps(claims).encode(), b"a guessed secret")
    return url.split("token=")[0] + "token=" + token


def foreign(url):
    """One character of the sealed token changed."""
    token = url.split("token=")[1]
    changed = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    return url.replace(token, changed)


def test_bad_links_change_nothing(functional_app, site, mailed):
    ua, url = mailed
    site_url = site.absolute_url()
    expired = tokens.make_token(
        "anna", tokens.UNFOLLOW, ua.UID(), issued=time.time() - 100, lifetime=60
    )
    transaction.commit()
    cases = {
        forge(url, u="ben"): (400, "This unsubscribe link is not valid."),
        foreign(url): (400, "This unsubscribe link is not valid."),
        url[:-3]: (400, "This unsubscribe link is not valid."),
        f"{site_url}/@@urgentactions-unsubscribe": (400, "is not valid"),
        f"{site_url}/@@urgentactions-unsubscribe?token={quote(expired)}": (
            410,
            "This unsubscribe link has expired.",
        ),
    }
    browser = browser_for(functional_app)
    for bad_url, (status, text) in cases.items():
        for method in ("GET", "POST"):
            if method == "GET":
                browser.open(bad_url)
            else:
                browser.post(bad_url, "List-Unsubscribe=One-Click")
            assert browser.headers["status"].startswith(str(status)), bad_url
            assert text in browser.contents
            assert "Yes, unsubscribe" not in browser.contents
    assert following("anna", ua)
    assert following("ben", ua)


@pytest.fixture
def follow_changes():
    """``(uid, following)`` of every ``IFollowChangedEvent`` from here on."""
    seen = []

    def handler(event):
        seen.append((event.object.UID(), event.following))

    provideHandler(handler, (IFollowChangedEvent,))
    yield seen
    getGlobalSiteManager().unregisterHandler(handler, (IFollowChangedEvent,))


def test_the_link_tells_subscribers_of_follows(functional_app, mailed, follow_changes):
    """Unfollowing through the link fires the event the follow button fires,
    so that what mirrors follows (an integrator's CRM) does not miss it."""
    ua, url = mailed
    browser_for(functional_app).post(url, "List-Unsubscribe=One-Click")
    assert follow_changes == [(ua.UID(), False)]


def test_stopping_all_mails_unfollows_each_action_with_its_event(
    functional_app, site, mailed, new_ua, follow, follow_changes
):
    ua, _url = mailed
    other = new_ua(ua_number="067/20")
    follow("anna", other)
    transaction.commit()
    follow_changes.clear()
    url = unsubscribe_url("anna", tokens.ALL)
    browser_for(functional_app).post(url, "List-Unsubscribe=One-Click")

    assert sorted(follow_changes) == sorted([(ua.UID(), False), (other.UID(), False)])
    assert not following("anna", ua)
    assert not following("anna", other)
    assert following("ben", ua)
