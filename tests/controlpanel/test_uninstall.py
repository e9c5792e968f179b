"""Uninstalling offers to erase what the add-on stored about members and
letters, and gives plone.app.caching its switch back."""

from collective.urgentactions.controlpanel.uninstall import CACHING_ENABLED
from collective.urgentactions.controlpanel.uninstall import OPERATION_MAPPING
from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import followers
from collective.urgentactions.letters import storage
from collective.urgentactions.notifications import state
from collective.urgentactions.notifications import subscriptions
from collective.urgentactions.restapi.caching import RULESET
from plone.base.utils import get_installer
from zope.annotation.interfaces import IAnnotations

import plone.api
import pytest
import transaction


PACKAGE = "collective.urgentactions"


@pytest.fixture
def counted(http, ua):
    """A member counted letters and an event waits in the notification log."""
    assert http("member").post(ua, "@letters", json={"quantity": 2}).status_code == 201
    state.record_event(state.NEW, ua)
    transaction.commit()
    return ua


def installed():
    transaction.begin()
    return get_installer(plone.api.portal.get()).is_product_installed(PACKAGE)


def caching():
    transaction.begin()
    return (
        plone.api.portal.get_registry_record(CACHING_ENABLED),
        RULESET in (plone.api.portal.get_registry_record(OPERATION_MAPPING) or {}),
    )


def uninstall(http, **form):
    manager = http("manager")
    data = {"_authenticator": manager.token(), "confirm": "1", **form}
    return manager.post("@@urgentactions-uninstall", data=data)


def test_the_page_offers_each_erasure(http, everyone):
    page = http("manager").get("@@urgentactions-uninstall").text
    for name in ("erase_members", "erase_notifications", "erase_counters"):
        assert f'name="{name}"' in page


def test_erases_what_was_chosen(http, counted, portal):
    response = uninstall(
        http, erase_members="1", erase_notifications="1", erase_counters="1"
    )
    assert response.status_code == 303, response.text
    assert not installed()
    annotations = IAnnotations(plone.api.portal.get())
    assert storage.MEMBERS_KEY not in annotations
    assert subscriptions.SUBSCRIPTIONS_KEY not in annotations
    assert state.LOG_KEY not in annotations
    case = IAnnotations(plone.api.content.get(UID=counted.UID()))
    assert storage.TALLY_KEY not in case
    assert followers.FOLLOWERS_KEY not in case


def test_keeps_what_was_not_chosen(http, counted):
    assert uninstall(http, erase_counters="1").status_code == 303
    assert not installed()
    portal = plone.api.portal.get()
    assert storage.member_records(portal).get("member").count(counted.UID()) == 2
    assert state.LOG_KEY in IAnnotations(portal)


def test_plain_uninstall_keeps_the_data(http, counted):
    get_installer(plone.api.portal.get()).uninstall_product(PACKAGE)
    transaction.commit()
    case = plone.api.content.get(UID=counted.UID())
    assert IActionTally(case).total() == 2


@pytest.mark.parametrize(
    "form,status", [({"confirm": ""}, 400), ({"_authenticator": "forged"}, 403)]
)
def test_bad_requests_change_nothing(http, counted, form, status):
    response = uninstall(http, erase_members="1", **form)
    assert response.status_code == status
    assert installed()
    assert storage.member_records().get("member").count(counted.UID()) == 2


def test_members_may_not(http, counted):
    member = http("member")
    response = member.post(
        "@@urgentactions-uninstall",
        data={"confirm": "1", "erase_members": "1", "_authenticator": member.token()},
    )
    assert response.status_code in (302, 401, 403)
    assert installed()


def test_caching_switched_back_off(everyone):
    assert caching() == (True, True)
    get_installer(plone.api.portal.get()).uninstall_product(PACKAGE)
    transaction.commit()
    assert caching() == (False, False)


def test_caching_stays_on_when_it_was_on_before(everyone):
    installer = get_installer(plone.api.portal.get())
    installer.uninstall_product(PACKAGE)
    plone.api.portal.set_registry_record(CACHING_ENABLED, True)
    installer.install_product(PACKAGE)
    installer.uninstall_product(PACKAGE)
    transaction.commit()
    assert caching() == (True, False)
