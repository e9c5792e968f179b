"""Open Graph and Twitter card tags on a case page, so a shared link shows
the case."""

from plone.namedfile.file import NamedBlobImage
from sharing_helpers import url_of

import base64
import lxml.html
import pytest


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def meta(html):
    tags = {}
    for tag in html.cssselect("head meta"):
        key = tag.get("property") or tag.get("name")
        if key and (key.startswith(("og:", "twitter:", "article:"))):
            tags[key] = tag.get("content")
    return tags


@pytest.fixture
def case(make_ua):
    return make_ua(
        description="Release the journalist Anton Lisak immediately.",
    )


class TestOpenGraph:
    def test_case_tags(self, case, fetch):
        url = url_of(case)
        tags = meta(lxml.html.fromstring(fetch(url).contents))
        assert tags["og:title"] == (
            "UA 065/20: Journalist detained for reporting on protests"
        )
        assert tags["og:type"] == "article"
        assert tags["og:url"] == url
        assert (
            tags["og:description"] == "Release the journalist Anton Lisak immediately."
        )
        assert tags["twitter:card"] == "summary"
        assert tags["twitter:title"] == tags["og:title"]
        assert tags["article:published_time"] == "2020-04-28"

    def test_lead_image_makes_a_large_card(self, case, fetch):
        case.image = NamedBlobImage(data=PNG, filename="lead.png")
        tags = meta(lxml.html.fromstring(fetch(url_of(case)).contents))
        assert tags["twitter:card"] == "summary_large_image"
        assert "/@@images/image-" in tags["og:image"] or "@@images" in tags["og:image"]
        assert tags["twitter:image"] == tags["og:image"]
        assert "plone-logo" not in tags["og:image"]
