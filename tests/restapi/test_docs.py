"""docs/api.md is true: its HTTP examples are replayed, in order, against
the functional server with the actions the document describes, and every
documented response must match the real one.

A request is an ``http`` code block starting with a method; the next
``http`` block (``HTTP/1.1 <status>``, headers, JSON body) is its response.
The documented body must be contained in the real one: documented keys must
be there with equal values, lists must have the same length, and the string
``"..."`` stands for any value (as the last item of a list: any further
items). Documented headers must be there with equal values. The site URL
``http://localhost:8080/Plone`` stands for the test site, and ``Bearer`` tokens
for the token of the last ``@login`` example.
"""

from collective.urgentactions.testing import create_template
from collective.urgentactions.testing import create_update
from collective.urgentactions.testing import docx_bytes
from datetime import date
from pathlib import Path
from plone.app.textfield.value import RichTextValue
from restapi_helpers import fresh

import json
import pytest
import re
import requests


DOC = Path(__file__).parents[2] / "docs" / "api.md"
DOC_SITE = "http://localhost:8080/Plone"
BLOCK = re.compile(r"^```http\n(.*?)^```", re.M | re.S)
ANY = "..."
PDF = b"%PDF-1.4\n% A letter to the Prosecutor General\n" + b"%" * 2000 + b"\n"


def examples():
    """(request text, response text) pairs in document order."""
    blocks = BLOCK.findall(DOC.read_text())
    pairs = []
    for block in blocks:
        if block.startswith("HTTP/"):
            assert pairs and pairs[-1][1] is None, f"response without request: {block}"
            pairs[-1][1] = block
        else:
            pairs.append([block, None])
    assert all(response for _, response in pairs), "request without response"
    return pairs


def split_message(text):
    head, _, body = text.partition("\n\n")
    first, *header_lines = head.strip().splitlines()
    headers = dict(line.split(": ", 1) for line in header_lines)
    return first, headers, body.strip()


def matches(documented, actual, where="body"):
    """Assert that ``documented`` is contained in ``actual``."""
    if documented == ANY:
        return
    if isinstance(documented, dict):
        assert isinstance(actual, dict), f"{where}: not an object: {actual!r}"
        for key, value in documented.items():
            assert key in actual, f"{where}: no {key!r} in {sorted(actual)}"
            matches(value, actual[key], f"{where}.{key}")
    elif isinstance(documented, list):
        assert isinstance(actual, list), f"{where}: not a list: {actual!r}"
        if documented and documented[-1] == ANY:
            documented = documented[:-1]
            assert len(actual) >= len(documented), f"{where}: too short"
            actual = actual[: len(documented)]
        assert len(documented) == len(actual), f"{where}: {actual!r}"
        for index, (doc_item, item) in enumerate(zip(documented, actual, strict=True)):
            matches(doc_item, item, f"{where}[{index}]")
    else:
        assert documented == actual, f"{where}: {actual!r} != {documented!r}"


def word_template():
    return docx_bytes(
        "{{ sender_name }}",
        "{{ addressee }}",
        "{{ date }}",
        "{{ salutation }}",
    )


@pytest.fixture
def documented_site(users, make_ua, count_as):
    """The actions, letters and members the examples talk about."""
    users.acl_users.userFolderAddUser("demo", "demo-letters", ["Member"], [])
    users.acl_users.userFolderAddUser(
        "section-de", "service-password-1", ["Section"], []
    )
    ua = make_ua(
        description="Release Ihar Losik, held for his reporting on protests.",
        themes=["freedom-of-expression"],
        addressees=[
            {
                "name": "Prosecutor General Andrei Shved",
                "salutation": "Dear Prosecutor General,",
                "address": "ul. Internatsionalnaya 22, 220030 Minsk, Belarus",
                "email": "info@prokuratura.gov.by",
                "fax": None,
            }
        ],
        suggested_posts=["Free Ihar Losik! #Belarus"],
        text=RichTextValue("<p>Ihar Losik was arrested.</p>", "text/html", "text/html"),
    )
    make_ua(
        ua_number="012/19",
        title="Trade unionist held incommunicado",
        description="Tell the authorities where he is held.",
        country="TR",
        issue_date=date(2019, 1, 15),
        themes=["human-rights-defenders"],
    )
    make_ua(
        ua_number="030/20",
        title="Student activist released",
        description="Thank the authorities for the release.",
        issue_date=date(2020, 2, 1),
        closing_date=date(2020, 3, 1),
    )
    count_as("member", ua, 5)
    count_as("other", ua, 7)
    create_update(
        ua, "Trial date set", date(2020, 6, 23), "<p>The trial starts on 30 June.</p>"
    )
    create_template(ua, "en", PDF, "ua-065-20-en.pdf")
    create_template(ua, "de", word_template(), "ua-065-20-de.docx", title=None)
    return fresh(ua)


def test_examples(documented_site, api):
    site = api().portal_url
    session = requests.Session()
    token = None
    pairs = examples()
    assert len(pairs) >= 15
    for request_text, response_text in pairs:
        request_text = request_text.replace(DOC_SITE, site)
        line, headers, body = split_message(request_text)
        method, target, _ = line.split(" ")
        url = site + target.removeprefix("/Plone")
        headers.pop("Host", None)
        if token and headers.get("Authorization", "").startswith("Bearer "):
            headers["Authorization"] = f"Bearer {token}"
        session.cookies.clear()
        response = session.request(
            method, url, headers=headers, data=body.encode() or None, timeout=60
        )
        status_line, documented_headers, documented_body = split_message(
            response_text.replace(DOC_SITE, site)
        )
        where = f"{method} {target}"
        assert response.status_code == int(status_line.split()[1]), (
            where,
            response.text,
        )
        for name, value in documented_headers.items():
            assert response.headers.get(name) == value, (where, name)
        if documented_body:
            matches(json.loads(documented_body), response.json(), where)
        if target.endswith("/@login") and response.ok:
            token = response.json()["token"]
