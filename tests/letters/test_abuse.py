"""An editor takes back the letters of an abusive account: every case's
counters lose exactly its letters, and its record goes."""

from collective.urgentactions.interfaces import IActionTally
from collective.urgentactions.letters import storage
from collective.urgentactions.letters.abuse import take_back_account
from collective.urgentactions.letters.retention import reduce_closed_cases
from collective.urgentactions.letters.rules import count_letters
from collective.urgentactions.settings import get_settings
from collective.urgentactions.statistics.aggregates import case_figures
from datetime import date
from datetime import timedelta
from plone.protect.authenticator import createToken

import lxml.html
import plone.api
import pytest


def tally(ua):
    counters = IActionTally(ua)
    return counters.total(), counters.channel_totals(), counters.day_totals()


def adds_up(ua):
    counters = IActionTally(ua)
    return (
        sum(counters.channel_totals().values())
        + counters.offline()
        - counters.withdrawn_total()
        == counters.total()
    )


class TestTakeBack:
    @pytest.fixture(autouse=True)
    def setup(self, portal, make_ua, as_user):
        self.portal = portal
        self.as_user = as_user
        self.first = make_ua(ua_number="001/20")
        self.second = make_ua(ua_number="002/20")
        as_user("other")
        count_letters(self.first, 2, "fax")
        self.honest = {ua: tally(ua) for ua in (self.first, self.second)}
        as_user("member")
        count_letters(self.first, 3, "email")
        count_letters(self.first, 1, "letter")
        count_letters(self.second, 5, "letter")
        as_user("editor")

    def submit(self, **form):
        request = self.portal.REQUEST
        request.method = "POST"
        request.form.clear()
        request.form.update(form)
        request.form.setdefault("_authenticator", createToken())
        view = self.portal.restrictedTraverse("@@take-back-letters")
        html = view()
        return view, html

    def test_counters_lose_exactly_the_accounts_letters(self):
        view, html = self.submit(account="member", confirm="1")
        assert "9 letter(s) on 2 case(s) taken back" in html
        assert view.result.mapping == {"letters": 9, "cases": 2}
        for ua, before in self.honest.items():
            total, channels, days = tally(ua)
            assert total == before[0]
            assert {k: v for k, v in channels.items() if v} == {
                k: v for k, v in before[1].items() if v
            }
            assert days == before[2]

    def test_the_record_goes_and_others_stay(self):
        self.submit(account="member", confirm="1")
        assert storage.member_records().get("member") is None
        assert storage.member_records().get("other").count(self.first.UID()) == 2

    def test_letters_reduced_by_retention_leave_the_total(self):
        self.first.closing_date = date.today() - timedelta(
            days=get_settings().retention_days + 1
        )
        self.first.reindexObject()
        reduce_closed_cases(self.portal)
        take_back_account("member")
        counters = IActionTally(self.first)
        assert counters.total() == 2
        assert counters.withdrawn_total() == 4
        assert adds_up(self.first) and adds_up(self.second)

    def test_an_administrator_may_delete_the_account_too(self):
        self.as_user("boss")
        view, _html = self.submit(account="member", confirm="1", delete_account="1")
        assert view.error is None
        assert plone.api.user.get(userid="member") is None
        assert tally(self.first)[0] == 2

    def test_an_editor_may_not_delete_accounts(self):
        _view, _html = self.submit(account="member", confirm="1", delete_account="1")
        assert self.portal.REQUEST.response.getStatus() == 403
        assert plone.api.user.get(userid="member") is not None
        assert tally(self.first)[0] == 6

    @pytest.mark.parametrize(
        "form,status",
        [
            ({"account": "member"}, 400),
            ({"account": " ", "confirm": "1"}, 400),
            ({"account": ["member"], "confirm": "1"}, 400),
            ({"account": "nobody", "confirm": "1"}, 404),
            ({"account": "member", "confirm": "1", "_authenticator": "x"}, 403),
        ],
    )
    def test_bad_input_changes_nothing(self, form, status):
        view, _html = self.submit(**form)
        assert self.portal.REQUEST.response.getStatus() == status
        assert view.error
        assert tally(self.first)[0] == 6
        assert storage.member_records().get("member").count(self.first.UID()) == 4

    def test_members_may_not(self):
        self.as_user("other")
        assert not plone.api.user.has_permission(
            "collective.urgentactions: Take back letters of an account",
            obj=self.portal,
        )

    def test_statistics_agree_with_the_total_after_retention(self):
        self.first.closing_date = date.today() - timedelta(
            days=get_settings().retention_days + 1
        )
        self.first.reindexObject()
        reduce_closed_cases(self.portal)
        take_back_account("member")
        figures = case_figures(self.first)
        assert figures.letters == figures.all_time == 2
        self.as_user("editor")
        html = self.first.restrictedTraverse("@@letter-statistics")()
        note = lxml.html.fromstring(html).cssselect(".ua-statistics-withdrawn")
        assert " ".join(note[0].text_content().split()).startswith(
            "4 letters taken back from accounts deleted as abuse are left out"
        )
