"""The Urgent Action page, top to bottom, as visitors and editors see it."""

from DateTime import DateTime
from datetime import date
from datetime import timedelta
from plone.app.textfield.value import RichTextValue
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import plone.api
import pytest


TODAY = date.today()


def english(day):
    """ "8 June 2020", written without Babel."""
    return f"{day.day} {day:%B %Y}"


def html(text):
    return RichTextValue(text, "text/html", "text/x-html-safe")


@pytest.fixture
def case(make_ua):
    return make_ua(
        description="Release the journalist Anton Lisak immediately.",
        closing_date=date(2020, 6, 8),
        themes=["freedom-of-expression", "prisoners-of-conscience"],
        text=html("<p>Anton Lisak was detained on 20 April 2020 in Minsk.</p>"),
        background=html("<p>Since the elections, reporters face arrest.</p>"),
        addressees=[
            {
                "name": "Prosecutor General Ivan Petrov",
                "salutation": "Dear Prosecutor General",
                "address": "Internatsionalnaya St 22\n220030 Minsk\nBelarus",
                "email": "office@prosecutor.example.org",
                "fax": "+375 17 000 00 00",
            }
        ],
        copies_to=[
            {
                "name": "Embassy of the Republic of Belarus",
                "salutation": "Your Excellency",
                "address": "Am Treptower Park 32\n12435 Berlin",
                "email": "embassy@example.org",
                "fax": None,
            }
        ],
        suggested_posts=["@ProsecutorGeneral Release Anton Lisak now! #FreeAnton"],
    )


def position(page, element):
    """An element's place in document order."""
    return list(page.html.iter()).index(element)


class TestHeader:
    def test_ua_number_above_the_title(self, case, open_page):
        page = open_page(case)
        assert page.text(".ua-number") == "UA 065/20"
        number = page.all(".ua-number")[0]
        title = page.all("h1.documentFirstHeading")[0]
        assert position(page, number) < position(page, title)

    def test_title(self, case, open_page):
        page = open_page(case)
        assert page.texts("h1") == ["Journalist detained for reporting on protests"]

    def test_ai_index_and_summary(self, case, open_page):
        page = open_page(case)
        assert page.text(".ua-ai-index") == "AI Index: EUR 57/2227/2020"
        assert page.text("p.documentDescription") == (
            "Release the journalist Anton Lisak immediately."
        )

    def test_status_is_a_dismissable_alert(self, case, open_page):
        page = open_page(case)
        alert = page.all(".ua-status")[0]
        assert "alert" in alert.classes
        assert "alert-dismissible" in alert.classes
        (button,) = alert.cssselect("button.btn-close")
        assert button.get("data-bs-dismiss") == "alert"

    def test_status_reads_as_one_line(self, make_ua, open_page):
        ua = make_ua(state="closed", closing_date=date(2020, 6, 8))
        alert = open_page(ua).all(".ua-status")[0]
        assert " ".join(alert.text_content().split()) == (
            "Closed on 8 June 2020 — Letters are no longer needed."
        )


class TestStatus:
    def test_closed(self, make_ua, open_page):
        ua = make_ua(state="closed", closing_date=date(2020, 6, 8))
        assert open_page(ua).text(".ua-status-label") == "Closed on 8 June 2020"

    def test_closed_by_hand_shows_the_day_it_was_closed(self, make_ua, open_page):
        ua = make_ua(state="closed")
        assert open_page(ua).text(".ua-status-label") == f"Closed on {english(TODAY)}"

    def test_expired_but_not_yet_closed_reads_closed(self, make_ua, open_page):
        ua = make_ua(state="published", closing_date=date(2020, 6, 8))
        page = open_page(ua)
        assert plone.api.content.get_state(ua) == "published"
        assert page.text(".ua-status-label") == "Closed on 8 June 2020"
        assert "Open" not in page.text("header")

    def test_open_until_the_day_before_the_closing_date(self, make_ua, open_page):
        ua = make_ua(
            issue_date=TODAY,
            closing_date=TODAY + timedelta(days=30),
            ua_number="101/26",
        )
        last_day = TODAY + timedelta(days=29)
        assert open_page(ua).text(".ua-status-label") == (
            f"Open for letters until {english(last_day)}"
        )

    def test_open_without_closing_date(self, make_ua, open_page):
        ua = make_ua(issue_date=TODAY, ua_number="102/26")
        assert open_page(ua).text(".ua-status-label") == "Open for letters"

    def test_draft_is_not_yet_open_with_its_planned_closing_date(
        self, make_ua, open_page
    ):
        ua = make_ua(state="draft", closing_date=date(2020, 6, 8))
        page = open_page(ua, user="editor")
        assert page.text(".ua-status") == (
            "Draft: not yet open for letters — Planned closing date: 8 June 2020."
        )
        assert page.text(".ua-closing-date") == "8 June 2020"
        assert page.text(".ua-letters-closed") == (
            "Draft: not yet open for letters. Planned closing date: 8 June 2020."
        )
        assert "closed" not in page.text("#content").lower()
        assert "letters sent" not in page.text("#content")

    def test_draft_without_closing_date_says_so(self, make_ua, open_page):
        page = open_page(make_ua(state="draft"), user="editor")
        assert page.text(".ua-status-detail") == (
            "No closing date yet: it stays open until an editor closes it."
        )
        assert not page.all(".ua-closing-date")

    def test_closed_by_hand_early_shows_no_later_closing_date(self, make_ua, open_page):
        ua = make_ua(state="closed", closing_date=TODAY + timedelta(days=20))
        page = open_page(ua)
        assert page.text(".ua-status-label") == f"Closed on {english(TODAY)}"
        assert not page.all(".ua-closing-date")

    def test_closed_says_letters_are_no_longer_needed(self, make_ua, open_page):
        page = open_page(make_ua(state="closed"))
        assert page.text(".ua-status-detail") == "Letters are no longer needed."
        assert page.text(".ua-letters-closed") == (
            f"Closed on {english(TODAY)}. Letters are no longer needed."
        )
        assert not page.all("form.ua-letters-count")

    def test_closed_folds_the_action_parts_away(self, case, make_template, open_page):
        make_template(case, "en")
        page = open_page(case)  # its closing date has passed
        (folded,) = page.all("details.ua-action-parts")
        assert folded.get("open") is None
        assert page.text("details.ua-action-parts summary").startswith(
            "Letters are no longer needed."
        )
        inside = {element.get("id") for element in folded.cssselect("section[id]")}
        assert inside == {
            "section-addressees",
            "section-copies-to",
            "section-suggested-posts",
            "section-letter-templates",
            "ua-your-letter",
        }

    def test_open_shows_the_action_parts_unfolded(self, case, open_page):
        case.closing_date = None
        case.reindexObject()
        page = open_page(case)
        assert not page.all("details.ua-action-parts")
        assert page.all("div.ua-action-parts #section-addressees")


class TestUpdates:
    @pytest.fixture
    def updates(self, case, make_update):
        make_update(
            case,
            "Media reaction",
            date(2020, 6, 23),
            text=(
                '<p>Read the statement: <a href="https://example.org/news">'
                "CLICK HERE</a></p><p>Post: @ProsecutorGeneral #FreeAnton</p>"
            ),
        ).creation_date = DateTime("2020/06/23 09:00 UTC")
        make_update(case, "Latest news", date(2020, 4, 28)).creation_date = DateTime(
            "2020/06/30 09:00 UTC"
        )
        make_update(
            case, "Authorities respond", date(2020, 6, 23)
        ).creation_date = DateTime("2020/06/23 15:00 UTC")
        make_update(case, "Unpublished note", date(2020, 7, 1), state="draft")
        return case

    def test_newest_first_with_dates(self, updates, open_page):
        page = open_page(updates)
        headings = page.texts(".ua-update-newest h2, .ua-update-older summary")
        assert headings == [
            "23 June 2020: Authorities respond",
            "23 June 2020: Media reaction",
            "28 April 2020: Latest news",
        ]

    def test_above_the_title(self, updates, open_page):
        page = open_page(updates)
        last_update = page.all(".ua-update")[-1]
        title = page.all("h1.documentFirstHeading")[0]
        assert position(page, last_update) < position(page, title)

    def test_text_keeps_links_and_suggested_posts(self, updates, open_page):
        page = open_page(updates)
        media = page.all(".ua-update")[1]
        (link,) = media.cssselect("a")
        assert link.text_content() == "CLICK HERE"
        assert link.get("href") == "https://example.org/news"
        assert "@ProsecutorGeneral #FreeAnton" in media.text_content()

    def test_anonymous_sees_only_published_updates(self, updates, open_page):
        page = open_page(updates)
        assert "Unpublished note" not in page.text()

    def test_editor_sees_draft_updates_labelled(self, updates, open_page):
        page = open_page(updates, user="editor")
        assert page.texts(".ua-update h2")[0] == "1 July 2020: Unpublished note Draft"


class TestCaseText:
    def test_case_text_and_background(self, case, open_page):
        page = open_page(case)
        assert page.text("#section-text") == (
            "Anton Lisak was detained on 20 April 2020 in Minsk."
        )
        assert page.text("#section-background") == (
            "Background Since the elections, reporters face arrest."
        )

    def test_country_themes_and_issue_date(self, case, open_page):
        page = open_page(case)
        assert page.text(".ua-country") == "Belarus"
        assert page.texts(".ua-themes .badge") == [
            "Freedom of expression",
            "Prisoners of conscience",
        ]
        assert page.text(".ua-issue-date") == "28 April 2020"

    def test_addressees(self, case, open_page):
        page = open_page(case)
        (addressee,) = page.all("#section-addressees address")
        assert page.text("#section-addressees h2") == "Addressees"
        assert page.text("#section-addressees address") == (
            "Prosecutor General Ivan Petrov Salutation: Dear Prosecutor General "
            "Internatsionalnaya St 22 220030 Minsk Belarus "
            "Email: office@prosecutor.example.org Fax: +375 17 000 00 00"
        )
        assert len(addressee.cssselect("br")) == 2
        (email,) = addressee.cssselect("a")
        assert email.get("href") == "mailto:office@prosecutor.example.org"

    def test_copies_to(self, case, open_page):
        page = open_page(case)
        assert page.text("#section-copies-to h2") == "Copies to"
        assert page.text("#section-copies-to address") == (
            "Embassy of the Republic of Belarus Salutation: Your Excellency "
            "Am Treptower Park 32 12435 Berlin Email: embassy@example.org"
        )

    def test_suggested_posts(self, case, open_page):
        page = open_page(case)
        (post,) = page.all(".ua-post")
        assert post.text_content() == (
            "@ProsecutorGeneral Release Anton Lisak now! #FreeAnton"
        )
        assert "user-select-all" in post.classes

    def test_empty_sections_are_left_out(self, make_ua, open_page):
        page = open_page(make_ua())
        for selector in (
            "#section-text",
            "#section-background",
            "#section-addressees",
            "#section-copies-to",
            "#section-suggested-posts",
            "#section-letter-templates",
            ".ua-updates",
            ".ua-themes",
        ):
            assert not page.all(selector), selector


class TestLetterTemplates:
    def test_one_entry_per_language_sorted(self, case, make_template, open_page):
        for language in ("fr", "en", "de"):
            make_template(case, language)
        page = open_page(case)
        assert page.texts(".ua-letter-template a") == [
            "UA 065/20 Deutsch",
            "UA 065/20 English",
            "UA 065/20 français",
        ]

    def test_word_document_with_size(self, case, make_template, open_page):
        template = make_template(case, "en")
        size = template.file.getSize()
        page = open_page(case)
        assert page.text(".ua-letter-template") == (
            f"UA 065/20 English — Microsoft Word Document, {size / 1000:.1f} kB"
        )

    @pytest.mark.parametrize(
        "filename,data,expected",
        [
            ("letter.pdf", b"%PDF-1.4\n" + b"x" * 31391, "PDF Document, 31.4 kB"),
            (
                "letter.odt",
                b"PK\x03\x04" + b"x" * 26 + b"mimetypeapplication/vnd.oasis."
                b"opendocument.text" + b"x" * 1200,
                "OpenDocument Text, 1.3 kB",
            ),
        ],
    )
    def test_other_formats(
        self, case, make_template, open_page, filename, data, expected
    ):
        make_template(case, "en", data=data, filename=filename)
        page = open_page(case)
        assert page.text(".ua-letter-template").endswith(f"— {expected}")

    def test_link_downloads_the_file(self, case, make_template, open_page):
        template = make_template(case, "en")
        page = open_page(case)
        (link,) = page.all(".ua-letter-template a")
        assert link.get("href").endswith("/@@plain-letter")
        page.browser.open(link.get("href"))  # no placeholders: the file as it is
        assert page.browser.headers["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml"
        )
        assert page.browser.contents == template.file.data


class TestMoreOnThisTopic:
    @pytest.fixture
    def related(self, case, portal):
        portal.portal_workflow.setChainForPortalTypes(
            ["Document"], ["simple_publication_workflow"]
        )
        with plone.api.env.adopt_roles(["Manager"]):
            basics = plone.api.content.create(
                container=portal,
                type="Document",
                id="human-rights-basics",
                title="Human rights and international treaties",
                description="What the treaties say, and who signed them.",
            )
            plone.api.content.transition(basics, to_state="published")
            internal = plone.api.content.create(
                container=portal, type="Document", id="internal", title="Internal"
            )
        intids = getUtility(IIntIds)
        case.relatedItems = [
            RelationValue(intids.getId(basics)),
            RelationValue(intids.getId(internal)),
        ]
        return case

    def test_teasers_of_related_items(self, related, open_page):
        page = open_page(related)
        assert page.text("#section-related h2") == "More on this topic"
        (teaser,) = page.all("#section-related li")
        (link,) = teaser.cssselect("a")
        assert link.text_content() == "Human rights and international treaties"
        assert link.get("href").endswith("/plone/human-rights-basics")
        assert "What the treaties say, and who signed them." in teaser.text_content()
        assert "Related content" not in page.text()

    def test_editor_also_sees_private_items(self, related, open_page):
        page = open_page(related, user="editor")
        assert page.texts("#section-related li a") == [
            "Human rights and international treaties",
            "Internal",
        ]

    def test_nothing_without_related_items(self, case, open_page):
        assert not open_page(case).all("#section-related")


class TestSmallerPoints:
    def test_byline_does_not_end_with_a_dash(self, case, open_page):
        page = open_page(case, user="editor")
        byline = page.text("#section-byline")
        assert byline.startswith("by ")
        assert not byline.endswith("—")

    def test_byline_dates_are_written_out(self, case, open_page):
        case.setModificationDate(DateTime("2026/12/01 10:00 UTC"))
        case.setEffectiveDate(DateTime("2020/04/28 10:00 UTC"))
        plone.api.portal.set_registry_record(
            "plone.display_publication_date_in_byline", True
        )
        page = open_page(case, user="editor")
        assert page.text("#section-byline").endswith(
            "— published 28 April 2020 — last modified 1 December 2026"
        )

    def test_follow_is_a_button_not_a_text_field(self, case, open_page):
        (button,) = open_page(case, user="editor").all(".ua-follow-button")
        assert button.text_content().strip() == "Follow: get its updates by email"
        assert "btn-secondary" in button.classes
        assert not [c for c in button.classes if c.startswith("btn-outline")]

    def test_my_urgent_actions_portlet_not_on_edit_and_add_forms(
        self, case, portal, section, open_page
    ):
        from collective.urgentactions.portlets.my_urgent_actions import Assignment
        from plone.portlets.interfaces import IPortletAssignmentMapping
        from plone.portlets.interfaces import IPortletManager
        from zope.component import getMultiAdapter

        manager = getUtility(IPortletManager, name="plone.rightcolumn", context=portal)
        mapping = getMultiAdapter((portal, manager), IPortletAssignmentMapping)
        mapping["my-urgent-actions"] = Assignment()
        assert open_page(case, user="editor").all(".portletMyUrgentActions")
        url = plone.api.content.get(UID=case.UID()).absolute_url()
        for form in (f"{url}/edit", f"{section.absolute_url()}/++add++UrgentAction"):
            assert not open_page(form, user="editor").all(".portletMyUrgentActions")

    def test_new_case_shows_no_zero_letters(self, make_ua, open_page):
        ua = make_ua(issue_date=TODAY, ua_number="103/26")
        page = open_page(ua)
        assert not page.all(".ua-letters-total")
        assert "0 letters" not in page.text()
