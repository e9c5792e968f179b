"""The pages of an update and of a letter template."""

from datetime import date
from zExceptions import Unauthorized

import plone.api
import pytest


def test_update_page(make_ua, make_update, open_page):
    ua = make_ua()
    update = make_update(
        ua,
        "Media reaction",
        date(2020, 6, 23),
        text='<p>Read more: <a href="https://example.org/news">CLICK HERE</a></p>',
    )
    page = open_page(update)
    assert page.texts("h1") == ["23 June 2020: Media reaction"]
    assert page.text(".ua-update-text") == "Read more: CLICK HERE"
    assert page.all(".ua-update-text a")[0].get("href") == "https://example.org/news"
    assert page.text(".ua-update-case") == (
        "Update on Journalist detained for reporting on protests"
    )
    back = page.all(".ua-update-case a")[0].get("href")
    assert back == plone.api.content.get(UID=ua.UID()).absolute_url()


def test_draft_update_is_not_public(make_ua, make_update, open_page):
    update = make_update(make_ua(), "Note", date(2020, 6, 23), state="draft")
    page = open_page(update, user="editor")
    assert page.texts("h1") == ["23 June 2020: Note"]
    with pytest.raises(Unauthorized):
        open_page(update)


def test_letter_template_page(make_ua, make_template, open_page):
    ua = make_ua()
    template = make_template(ua, "de")
    size = template.file.getSize()
    page = open_page(template)
    assert page.text(".ua-letter-language") == "Deutsch"
    assert page.text(".ua-letter-type") == "Microsoft Word Document"
    assert page.text(".ua-letter-size") == f"{size / 1000:.1f} kB"
    download = page.all("a.btn-primary")[0]
    assert download.text_content().strip() == "Download"
    # visitors get the letter filled in as far as it can be without them
    assert download.get("href") == f"{page.browser.url}/@@plain-letter"
    assert not page.all(".ua-letter-raw")
    assert page.text(".ua-letter-case") == (
        "Letter template for Journalist detained for reporting on protests"
    )


def test_editors_also_get_the_template_with_placeholders(
    make_ua, make_template, open_page
):
    template = make_template(make_ua(), "de")
    page = open_page(template, user="editor")
    (raw,) = page.all(".ua-letter-raw")
    assert raw.get("href") == f"{page.browser.url}/@@download/file"
