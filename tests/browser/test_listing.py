"""The "Urgent Actions" section's listing: order, filters, batching."""

from datetime import date
from datetime import timedelta
from urllib.parse import urlencode

import pytest


TODAY = date.today()

# UA number: (state, issue date, closing date, country)
CASES = {
    "010/24": ("published", date(2024, 3, 1), None, "BY"),
    "011/25": ("published", date(2025, 1, 15), TODAY + timedelta(days=10), "KG"),
    "065/20": ("closed", date(2020, 4, 28), date(2020, 6, 8), "BY"),
    "065/20-1": ("closed", date(2020, 6, 10), date(2020, 7, 1), "BY"),
    "070/21": ("published", date(2021, 5, 1), date(2021, 6, 1), "TR"),
    "080/25": ("published", date(2025, 6, 1), TODAY, "TR"),
    "030/22": ("closed", date(2022, 2, 2), None, "KG"),
    "099/23": ("draft", date(2023, 9, 9), None, "BY"),
}

OPEN = ["011/25", "010/24"]
CLOSED = ["080/25", "030/22", "070/21", "065/20-1", "065/20"]


def english(day):
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def cases(make_ua):
    for number, (state, issued, closing, country) in CASES.items():
        make_ua(
            state=state,
            ua_number=number,
            title=f"Case {number}",
            issue_date=issued,
            closing_date=closing,
            country=country,
        )


@pytest.fixture
def listing(section, open_page):
    def fetch(user=None, **form):
        url = section.absolute_url()
        if form:
            url = f"{url}?{urlencode(form, doseq=True)}"
        return open_page(url, user=user)

    return fetch


def texts(element, selector):
    return [" ".join(e.text_content().split()) for e in element.cssselect(selector)]


def numbers(page):
    return [text.removeprefix("UA ") for text in page.texts(".ua-card .ua-number")]


class TestOrder:
    def test_open_first_then_closed_newest_first(self, cases, listing):
        assert numbers(listing()) == OPEN + CLOSED

    def test_drafts_only_for_editors_labelled(self, cases, listing):
        page = listing(user="editor")
        assert numbers(page) == ["099/23", *OPEN, *CLOSED]
        assert page.texts(".ua-card .ua-status")[0] == "Draft: not yet open for letters"
        assert page.texts(".ua-card .ua-status-detail")[0] == (
            "No closing date yet: it stays open until an editor closes it."
        )

    def test_card(self, cases, listing, section):
        page = listing()
        (card,) = [c for c in page.all(".ua-card") if "011/25" in c.text_content()]

        def text(selector):
            return " ".join(card.cssselect(selector)[0].text_content().split())

        assert text(".ua-number") == "UA 011/25"
        assert text(".ua-title") == "Case 011/25"
        assert text(".ua-country") == "Kyrgyzstan"
        assert text(".ua-issue-date") == "15 January 2025"
        assert text(".ua-status") == (
            f"Open for letters until {english(TODAY + timedelta(days=9))}"
        )
        assert text(".ua-closing") == "Closes in 10 days"
        assert not card.cssselect(".ua-letters")  # none yet, under the threshold 1
        link = card.cssselect(".ua-title a")[0].get("href")
        assert link == f"{section.absolute_url()}/2025/01/case-011-25"

    def test_groups_under_headings(self, cases, listing):
        page = listing(user="editor")
        assert page.texts(".ua-group h2") == ["Drafts", "Open for letters", "Closed"]
        assert page.texts(".ua-group-open .ua-number") == ["UA 011/25", "UA 010/24"]

    def test_filter_urls_carry_no_csrf_token(self, cases, listing):
        """Plone adds a token to a logged-in user's forms; the filter form's
        placeholder is disabled, so browsers never send it."""
        form = listing(user="editor").all("form.ua-filters")[0]
        tokens = form.cssselect("[name=_authenticator]")
        assert tokens
        assert all(token.get("disabled") is not None for token in tokens)

    def test_status_texts_as_on_the_case_page(self, cases, listing):
        page = listing()
        statuses = dict(
            zip(numbers(page), page.texts(".ua-card .ua-status"), strict=True)
        )
        assert statuses == {
            "011/25": f"Open for letters until {english(TODAY + timedelta(days=9))}",
            "010/24": "Open for letters",
            "080/25": f"Closed on {english(TODAY)}",
            "030/22": f"Closed on {english(TODAY)}",  # closed by hand today
            "070/21": "Closed on 1 June 2021",
            "065/20-1": "Closed on 1 July 2020",
            "065/20": "Closed on 8 June 2020",
        }

    @pytest.mark.parametrize("language", ["en", "de"])
    def test_each_card_words_the_state_as_the_case_page(
        self, cases, german, section, open_page, language
    ):
        cards = open_page(section, user="editor", language=language).all(".ua-card")
        assert len(cards) == len(CASES)
        for card in cards:
            url = card.cssselect(".ua-title a")[0].get("href")
            case = open_page(url, user="editor", language=language)
            assert texts(card, ".ua-status") == case.texts(".ua-status-label"), url
            assert texts(card, ".ua-status-detail") == (
                case.texts(".ua-status-detail")
            ), url

    def test_empty(self, listing):
        page = listing()
        assert not page.all(".ua-card")
        assert page.text(".ua-no-results") == "No Urgent Actions match these filters."


class TestFilters:
    def test_country(self, cases, listing):
        assert numbers(listing(country="KG")) == ["011/25", "030/22"]

    def test_country_options_only_where_there_are_cases(self, cases, listing):
        page = listing(country="KG")
        assert page.texts("#ua-filter-country option") == [
            "All countries",
            "Belarus",
            "Kyrgyzstan",
            "Türkiye",
        ]
        (selected,) = page.all("#ua-filter-country option[selected]")
        assert selected.get("value") == "KG"

    def test_year(self, cases, listing):
        assert numbers(listing(year="2020")) == ["065/20-1", "065/20"]

    def test_year_options_only_with_visible_cases(self, cases, listing):
        assert listing().texts("#ua-filter-year option") == [
            "All years",
            "2025",
            "2024",
            "2022",
            "2021",
            "2020",
        ]
        assert "2023" in listing(user="editor").texts("#ua-filter-year option")

    def test_a_new_case_brings_its_country_and_year(self, cases, listing, make_ua):
        """The filters' values are kept between pages until the catalog
        changes: a case added since shows up in them."""
        assert "Mexico" not in listing().texts("#ua-filter-country option")
        make_ua(ua_number="001/19", issue_date=date(2019, 1, 5), country="MX")

        page = listing()
        assert "Mexico" in page.texts("#ua-filter-country option")
        assert "2019" in page.texts("#ua-filter-year option")

    def test_status_open(self, cases, listing):
        assert numbers(listing(status="open")) == OPEN

    def test_status_closed_includes_expired_but_not_yet_closed(self, cases, listing):
        assert numbers(listing(status="closed")) == CLOSED

    def test_status_closed_hides_drafts_from_editors(self, cases, listing):
        assert numbers(listing(user="editor", status="closed")) == CLOSED

    def test_combined(self, cases, listing):
        assert numbers(listing(country="BY", status="closed")) == [
            "065/20-1",
            "065/20",
        ]
        assert numbers(listing(country="BY", year="2024", status="open")) == ["010/24"]

    def test_ua_number_exact_match_first(self, cases, listing):
        for search in ("065/20", "UA 065/20", "065-20", "ua65/20"):
            assert numbers(listing(ua=search)) == ["065/20", "065/20-1"], search

    def test_ua_number_follow_up(self, cases, listing):
        assert numbers(listing(ua="UA 065/20-1")) == ["065/20-1"]

    def test_ua_number_without_match(self, cases, listing):
        assert numbers(listing(ua="123/19")) == []

    def test_not_a_ua_number(self, cases, listing):
        page = listing(ua="hello")
        assert numbers(page) == OPEN + CLOSED
        assert page.text(".alert-info q") == "hello"
        assert page.text(".alert-info") == (
            "hello is not a UA number (such as 065/20); showing all Urgent Actions."
        )

    def test_unknown_values_are_ignored(self, cases, listing):
        for form in (
            {"country": "XX"},
            {"country": "DE"},
            {"country": ["BY", "KG"]},
            {"year": "abc"},
            {"year": "1999"},
            {"year": "2020-01"},
            {"status": "bogus"},
            {"status": ""},
            {"b_start": "abc"},
            {"b_start": "-5"},
            {"b_start": "²"},
            {"b_start:list": "3"},
        ):
            page = listing(**form)
            assert page.browser.headers["Status"].startswith("200"), form
            assert numbers(page) == OPEN + CLOSED, form

    def test_start_beyond_the_end(self, cases, listing):
        assert numbers(listing(b_start="1000")) == []


class TestBatching:
    @pytest.fixture
    def many(self, make_ua):
        for serial in range(1, 26):
            make_ua(
                ua_number=f"{serial:03d}/21",
                title=f"Case {serial}",
                issue_date=date(2021, 1, 1) + timedelta(days=serial),
                closing_date=date(2021, 3, 1) + timedelta(days=serial),
            )

    def test_twenty_per_page(self, many, listing):
        first = listing()
        assert numbers(first) == [f"{serial:03d}/21" for serial in range(25, 5, -1)]
        second = listing(b_start="20")
        assert numbers(second) == [f"{serial:03d}/21" for serial in range(5, 0, -1)]

    def test_page_links_keep_the_filters(self, many, listing, open_page):
        page = listing(status="closed", year="2021")
        links = [a.get("href") for a in page.all("nav .pagination a")]
        assert links
        assert all("status=closed" in link and "year=2021" in link for link in links)
        last = open_page(links[-1])
        assert numbers(last) == [f"{serial:03d}/21" for serial in range(5, 0, -1)]
