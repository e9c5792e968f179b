"""The home page, the year and month folders and the case page's layout:
cases as cards, open first, the call to act in reach."""

from collective.urgentactions.interfaces import IActionTally
from datetime import date
from datetime import timedelta

import plone.api
import pytest
import transaction


TODAY = date.today()


def english(day):
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def cases(make_ua):
    """Two open cases (one closing in 3 days, with letters), one closed with
    an outcome, one draft."""
    soon = make_ua(
        ua_number="011/25",
        title="Closing soon",
        description="Release the lawyer now.",
        issue_date=date(2025, 6, 1),
        closing_date=TODAY + timedelta(days=3),
    )
    IActionTally(soon).add_offline(8, "admin")
    make_ua(
        ua_number="012/25",
        title="Newest case",
        issue_date=date(2025, 6, 2),
        closing_date=TODAY + timedelta(days=60),
    )
    make_ua(
        state="closed",
        ua_number="065/20",
        title="Released journalist",
        issue_date=date(2020, 4, 28),
        closing_date=date(2020, 6, 8),
        outcome="released",
    )
    make_ua(
        state="draft",
        ua_number="099/25",
        title="Draft case",
        issue_date=date(2025, 6, 3),
    )


@pytest.fixture
def home(portal, open_page):
    def fetch(**kwargs):
        return open_page(f"{portal.absolute_url()}/@@urgent-actions-home", **kwargs)

    return fetch


class TestHome:
    def test_open_cases_first_then_closed(self, cases, home):
        page = home()
        assert page.texts(".ua-home-open .ua-card .ua-number") == [
            "UA 012/25",
            "UA 011/25",
        ]
        assert page.texts(".ua-home-closed .ua-card .ua-number") == ["UA 065/20"]

    def test_drafts_not_on_home_page(self, cases, home):
        assert "Draft case" not in home(user="editor").text()

    def test_open_card(self, cases, home):
        page = home()
        (card,) = [c for c in page.all(".ua-card") if "011/25" in c.text_content()]
        text = " ".join(card.text_content().split())
        assert "Closing soon" in text
        assert "Release the lawyer now." in text
        assert card.cssselect(".ua-letters")[0].text_content() == "8 letters sent"
        assert card.cssselect(".ua-closing")[0].text_content() == "Closes in 3 days"

    def test_closed_card_with_outcome(self, cases, home):
        page = home()
        assert page.text(".ua-home-closed .ua-status") == "Closed on 8 June 2020"
        assert page.text(".ua-home-closed .ua-outcome") == "Outcome: Released"
        assert not page.all(".ua-home-closed .ua-closing")

    def test_german(self, cases, home, portal):
        plone.api.portal.set_registry_record("plone.available_languages", ["en", "de"])
        plone.api.portal.set_registry_record("plone.use_request_negotiation", True)
        page = home(language="de")
        assert (
            page.text(".ua-home-closed .ua-status") == "Abgeschlossen am 8. Juni 2020"
        )
        assert "8 Briefe verschickt" in page.texts(".ua-letters")
        assert "Endet in 3 Tagen" in page.texts(".ua-closing")

    def test_lead_image(self, cases, home, portal):
        from plone.namedfile.file import NamedBlobImage

        import base64

        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        )
        (brain,) = plone.api.content.find(ua_number="012/25")
        brain.getObject().image = NamedBlobImage(data=png, filename="lead.png")
        page = home()
        (image,) = page.all(".ua-card img.ua-lead-image")
        assert image.get("src").endswith("/@@images/image/preview")
        assert image.get("alt") == ""  # the title next to it says it all

    def test_no_cases(self, home):
        page = home()
        assert page.text(".ua-home-none") == (
            "No Urgent Action is open for letters right now."
        )
        assert not page.all(".ua-home-closed")

    def test_link_to_all_when_more(self, make_ua, home, section):
        for serial in range(1, 14):
            make_ua(
                ua_number=f"{serial:03d}/26",
                title=f"Case {serial}",
                issue_date=TODAY - timedelta(days=serial),
            )
        page = home()
        assert len(page.all(".ua-home-open .ua-card")) == 12
        (more,) = page.all(".ua-home-open a.ua-home-more")
        assert more.get("href") == f"{section.absolute_url()}?status=open"
        assert " ".join(more.text_content().split()) == "All 13 open Urgent Actions"


class TestArchiveFolders:
    def test_month_folder_lists_its_cases_as_cards(self, cases, section, open_page):
        transaction.commit()  # files the cases into their folders
        month = section["2020"]["04"]
        assert month.getLayout() == "urgent-actions-archive"
        page = open_page(month)
        assert page.texts(".ua-card .ua-number") == ["UA 065/20"]
        assert page.text(".ua-card .ua-outcome") == "Outcome: Released"

    def test_year_folder(self, cases, section, open_page):
        transaction.commit()
        page = open_page(section["2025"], user="editor")
        assert page.texts(".ua-card .ua-number") == [
            "UA 099/25",  # drafts first, for editors, as in the section
            "UA 012/25",
            "UA 011/25",
        ]


class TestCasePage:
    @pytest.fixture
    def case(self, make_ua, make_update):
        ua = make_ua(closing_date=TODAY + timedelta(days=30), issue_date=TODAY)
        for day in range(5):
            make_update(
                ua,
                f"Update {day}",
                TODAY - timedelta(days=5 - day),
                f"<p>News {day}</p>",
            )
        return ua

    def test_newest_update_open_older_folded(self, case, open_page):
        page = open_page(case)
        (newest,) = page.all(".ua-update-newest")
        assert "Update 4" in newest.text_content()
        older = page.all("details.ua-update-older")
        assert [
            " ".join(d.cssselect("summary")[0].text_content().split()) for d in older
        ] == [
            f"{english(TODAY - timedelta(days=5 - day))}: Update {day}"
            for day in (3, 2, 1, 0)
        ]
        assert all(d.get("open") is None for d in older)
        assert "News 0" in older[-1].text_content()  # folded, not left out

    def test_link_to_the_letter_form_before_the_updates(self, case, open_page):
        page = open_page(case)
        html = page.browser.contents
        assert page.all(".ua-act-link a[href='#ua-letters']")
        assert page.all("#ua-letters")
        assert html.index("ua-act-link") < html.index("ua-update-newest")

    def test_no_link_when_closed(self, make_ua, open_page):
        ua = make_ua(state="closed")
        assert not open_page(ua).all(".ua-act-link")
