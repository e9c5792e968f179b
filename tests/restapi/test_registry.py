"""``PATCH @registry`` with a value a record refuses is a 400 that changes
nothing (plone.restapi's own service answers 500)."""

from restapi_helpers import assert_error

import plone.api
import pytest
import transaction


CAP = "collective.urgentactions.letters_cap"
THRESHOLD = "collective.urgentactions.display_threshold"


def record(name):
    transaction.begin()  # see what the request committed
    return plone.api.portal.get_registry_record(name)


@pytest.mark.parametrize(
    "body,message",
    [
        ({CAP: 100_000}, f"{CAP} must be at most 1000."),
        ({CAP: 0}, f"{CAP} must be at least 1."),
        ({CAP: "twenty"}, f"{CAP} has the wrong type of value."),
        ({"no.such.record": 1}, "There is no registry record no.such.record."),
        ([CAP, 5], "The request body must be a JSON object."),
    ],
)
def test_refused_values_are_a_400(api, body, message):
    before = record(CAP)
    response = api("manager").patch("", "@registry", json=body)
    assert assert_error(response, 400) == message
    assert record(CAP) == before


def test_nothing_is_set_when_one_value_is_refused(api):
    before = (record(THRESHOLD), record(CAP))
    response = api("manager").patch(
        "", "@registry", json={THRESHOLD: before[0] + 5, CAP: 100_000}
    )
    assert_error(response, 400)
    assert (record(THRESHOLD), record(CAP)) == before


def test_good_values_are_set(api):
    response = api("manager").patch("", "@registry", json={CAP: 20})
    assert response.status_code == 204, response.text
    assert record(CAP) == 20


def test_only_managers(api):
    response = api("editor").patch("", "@registry", json={CAP: 20})
    assert response.status_code == 401
    assert record(CAP) != 20
