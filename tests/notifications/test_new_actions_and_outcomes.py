"""A new action is mailed to the subscribers of its country or themes; an
outcome on a closed action to its followers, once per outcome."""

from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import plone.api
import transaction


def test_new_action_goes_to_its_subscribers(site, smtp, add_member, new_ua):
    add_member("carla", countries=["BY"])
    add_member("dan", "de", themes=["torture"])
    add_member("eve", countries=["TR"], themes=["death-penalty"])
    add_member("fay", countries=["BY"], delivery="digest")
    add_member("gil")
    transaction.commit()

    ua = new_ua(country="BY", themes=["torture", "unfair-trial"])
    received = smtp.inbox.wait_for(2)
    assert smtp.inbox.addresses(smtp.inbox.settle()) == [
        "carla@example.org",
        "dan@example.org",
    ]
    message = smtp.inbox.to("carla@example.org")[0]
    assert message["Subject"] == (
        "New Urgent Action: Journalist detained for reporting on protests"
    )
    text = smtp.inbox.body(message)
    assert "UA 065/20 · Belarus" in text
    assert "/urgent-actions/2020/04/journalist-detained" in text  # filed
    assert smtp.inbox.to("dan@example.org")[0]["Subject"] == (
        "Neue Urgent Action: Journalist detained for reporting on protests"
    )

    # Retracting and publishing again announces nothing.
    with plone.api.env.adopt_roles(["Manager"]):
        plone.api.content.transition(ua, transition="retract")
        plone.api.content.transition(ua, transition="publish")
    transaction.commit()
    assert len(smtp.inbox.settle()) == len(received) == 2


def set_outcome(ua, outcome):
    """As an editor saving the edit form does."""
    with plone.api.env.adopt_roles(["Editor"]):
        ua.outcome = outcome
        notify(ObjectModifiedEvent(ua))
    transaction.commit()


def test_outcome_once_per_value(site, smtp, add_member, new_ua, follow):
    ua = new_ua(state="closed")
    add_member("anna")
    add_member("ben")
    follow("anna", ua)
    transaction.commit()

    set_outcome(ua, "released")
    received = smtp.inbox.wait_for(1)
    assert smtp.inbox.addresses(received) == ["anna@example.org"]
    message = received[0][1]
    assert message["Subject"] == "News on UA 065/20: Released"
    assert "has an outcome: Released. Thank you for writing!" in smtp.inbox.body(
        message
    )

    set_outcome(ua, "released")  # saved again: nothing new
    assert len(smtp.inbox.settle()) == 1
    set_outcome(ua, "sentenced")
    assert smtp.inbox.wait_for(2)[1][1]["Subject"] == "News on UA 065/20: Sentenced"
    set_outcome(ua, "released")  # told already
    assert len(smtp.inbox.settle()) == 2


def test_outcome_of_an_open_action_waits_for_closing(
    site, smtp, add_member, new_ua, follow
):
    ua = new_ua()
    add_member("anna")
    follow("anna", ua)
    transaction.commit()

    set_outcome(ua, "charges-dropped")
    assert smtp.inbox.settle() == []
    with plone.api.env.adopt_roles(["Manager"]):
        plone.api.content.transition(ua, transition="close")
    transaction.commit()
    received = smtp.inbox.wait_for(1)
    assert received[0][1]["Subject"] == "News on UA 065/20: Charges dropped"
