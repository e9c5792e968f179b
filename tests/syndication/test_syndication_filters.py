"""What a section imports and how: the source's filters (countries, themes,
languages, only open cases), cases and updates arriving as drafts to
translate, the source's status and outcome followed, and the cron command."""

from collective.urgentactions.syndication.worker import wait_for_workers
from datetime import date
from syndication_helpers import on

import plone.api
import pytest
import requests
import transaction


def state(obj):
    return plone.api.content.get_state(obj)


class TestFilters:
    @pytest.fixture(autouse=True)
    def _setup(self, sites):
        self.sites = sites
        self.belarus = sites.make_case(ua_number="001/20", country="BY")
        self.mexico = sites.make_case(ua_number="002/20", country="MX")
        self.death_penalty = sites.make_case(
            ua_number="003/20", country="BY", themes=["death-penalty"]
        )
        self.closed = sites.make_case("closed", ua_number="004/20", country="BY")

    def imported(self):
        uids = (self.belarus, self.mexico, self.death_penalty, self.closed)
        return {uid for uid in uids if self.sites.copy(uid) is not None}

    def test_only_cases_passing_the_filters_arrive(self):
        self.sites.add_source(
            countries=("BY",), themes=("freedom-of-expression",), open_only=True
        )
        self.sites.sync()
        assert self.imported() == {self.belarus}, self.sites.log()

    def test_a_widened_filter_brings_the_cases_it_left_out(self):
        self.sites.add_source(countries=("BY",), open_only=True)
        self.sites.sync()
        assert self.imported() == {self.belarus, self.death_penalty}
        self.sites.configure_source(countries=("BY", "MX"), open_only=False)
        sync = self.sites.sync()
        assert self.imported() == {
            self.belarus,
            self.death_penalty,
            self.mexico,
            self.closed,
        }
        # The cases already here cost no request: listing, two new cases.
        assert sync.counts["created"] == 2
        assert sync.counts["unchanged"] == 2

    def test_languages_filter_on_the_language_a_case_is_written_in(self):
        self.sites.add_source(languages=("fr",))
        self.sites.sync()
        assert self.imported() == set()
        self.sites.configure_source(languages=("en", "fr"))
        self.sites.sync()
        assert len(self.imported()) == 4


class TestArrival:
    @pytest.fixture(autouse=True)
    def _setup(self, sites):
        self.sites = sites
        self.uid = sites.make_case(ua_number="065/20", closing_date=date(2099, 1, 1))

    def test_drafts_to_translate_and_publishing_here_mails_the_followers(self):
        self.sites.add_source(arrive_as="draft")
        self.sites.sync()
        copy = self.sites.copy(self.uid)
        assert state(copy) == "draft"
        anonymous = requests.get(self.sites.copy_url(self.uid), timeout=30)
        assert "Journalist detained" not in anonymous.text
        with on(self.sites.section):
            plone.api.content.transition(copy, transition="publish")
        self.sites.follow("anna", self.sites.copy(self.uid))
        self.sites.add_update(
            self.uid, "Released on bail", "<p>Ihar is free.</p>", day=date(2020, 6, 1)
        )
        self.sites.sync()
        copy = self.sites.copy(self.uid)
        [update] = [
            item for item in copy.objectValues() if item.title == "Released on bail"
        ]
        assert state(update) == "draft"
        assert self.sites.smtp.inbox.settle() == []
        with on(self.sites.section):
            plone.api.content.transition(update, transition="publish")
        received = self.sites.smtp.inbox.wait_for(1)
        assert [rcpts for rcpts, _ in received] == [["anna@example.org"]]
        assert "Ihar is free." in self.sites.smtp.inbox.body(received[0][1])

    def test_closing_and_the_outcome_follow_the_source(self):
        self.sites.add_source()
        self.sites.sync()
        assert state(self.sites.copy(self.uid)) == "published"
        self.sites.edit_source(self.uid, outcome="released")
        self.sites.transition_source(self.uid, "close")
        self.sites.sync()
        copy = self.sites.copy(self.uid)
        assert (state(copy), copy.outcome) == ("closed", "released")
        self.sites.transition_source(self.uid, "reopen")
        self.sites.sync()
        assert state(self.sites.copy(self.uid)) == "published"

    def test_the_cron_command_syncs_in_the_background(self):
        self.sites.add_source()
        response = self.sites.ask_section("sync-sources")
        assert response.status_code == 200, response.text
        assert "1" in response.text
        assert wait_for_workers(120)
        transaction.begin()
        assert self.sites.copy(self.uid) is not None, self.sites.log()
