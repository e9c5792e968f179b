"""``@urgent-actions?changed_since=``: what a section's sync asks. A case
counts as changed when it is edited, moves in its workflow, or one of its
updates or templates changes; letters counted do not change it."""

from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone.app.textfield.value import RichTextValue
from restapi_helpers import assert_error

import plone.api
import pytest
import time
import transaction


LISTING = "/@urgent-actions"


def numbers(response):
    assert response.status_code == 200, response.text
    return [item["ua_number"] for item in response.json()["items"]]


class TestChangedSince:
    @pytest.fixture(autouse=True)
    def _setup(self, portal, api, make_ua, count_as):
        self.portal = portal
        self.api = api
        self.count_as = count_as
        self.first = make_ua(ua_number="012/19", title="Trade unionist held")
        self.second = make_ua(ua_number="065/20", title="Journalist detained")
        self.draft = make_ua(ua_number="140/20", title="Lawyer", state="draft")
        transaction.commit()
        self.first = plone.api.content.get(UID=self.first.UID())
        self.second = plone.api.content.get(UID=self.second.UID())

    def since(self, **extra):
        return self.api("member").get(LISTING, params=extra)

    def test_lists_published_cases_changed_since_oldest_change_first(self):
        response = self.since(changed_since="2000-01-01T00:00:00Z")
        assert numbers(response) == ["012/19", "065/20"]
        body = response.json()
        item = body["items"][0]
        assert item["UID"] == self.first.UID()
        assert item["changed"] <= body["server_time"]

    def test_idle_sync_gets_no_items(self):
        server_time = self.since(changed_since="2000-01-01T00:00:00Z").json()[
            "server_time"
        ]
        time.sleep(0.01)
        response = self.since(changed_since=server_time)
        assert numbers(response) == []
        assert response.json()["items_total"] == 0

    def test_letters_counted_do_not_change_a_case(self):
        server_time = self.since(changed_since="2000-01-01T00:00:00Z").json()[
            "server_time"
        ]
        self.count_as("member", self.first, 2)
        assert numbers(self.since(changed_since=server_time)) == []

    def test_an_edit_a_new_update_and_a_transition_change_a_case(self):
        server_time = self.since(changed_since="2000-01-01T00:00:00Z").json()[
            "server_time"
        ]
        with plone.api.env.adopt_roles(["Manager"]):
            update = plone.api.content.create(
                container=self.second,
                type="UrgentActionUpdate",
                title="Moved to another prison",
                text=RichTextValue("<p>News</p>", "text/html", "text/x-html-safe"),
            )
        assert numbers(self.since(changed_since=server_time)) == ["065/20"]
        later = self.since(changed_since=server_time).json()["server_time"]
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(update, transition="publish")
        assert numbers(self.since(changed_since=later)) == ["065/20"]
        latest = self.since(changed_since=later).json()["server_time"]
        with plone.api.env.adopt_roles(["Manager"]):
            plone.api.content.transition(self.first, transition="close")
        assert numbers(self.since(changed_since=latest)) == ["012/19"]

    def test_a_time_in_the_future_lists_nothing(self):
        future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        assert numbers(self.since(changed_since=future)) == []

    def test_combines_with_country(self):
        response = self.since(changed_since="2000-01-01T00:00:00Z", country="FR")
        assert numbers(response) == []

    @pytest.mark.parametrize(
        "value", ["yesterday", "2020-13-01T00:00:00Z", "2020-04-28T09:30:00"]
    )
    def test_bad_time_is_a_400(self, value):
        message = assert_error(self.since(changed_since=value), 400)
        assert "changed_since" in message

    def test_with_status_is_a_400(self):
        response = self.since(changed_since="2000-01-01T00:00:00Z", status="open")
        assert "status" in assert_error(response, 400)

    def test_listing_without_it_has_no_server_time(self):
        assert "server_time" not in self.since().json()
