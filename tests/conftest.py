"""Shared fixtures: the add-on's Plone layers and helpers to make cases."""

from collective.urgentactions.hardening import ratelimit
from collective.urgentactions.testing import add_role_users
from collective.urgentactions.testing import create_template
from collective.urgentactions.testing import create_ua
from collective.urgentactions.testing import create_update
from collective.urgentactions.testing import FUNCTIONAL_TESTING
from collective.urgentactions.testing import HttpClient
from collective.urgentactions.testing import INTEGRATION_TESTING
from collective.urgentactions.testing import MULTILINGUAL_FUNCTIONAL_TESTING
from collective.urgentactions.testing import MULTILINGUAL_INTEGRATION_TESTING
from collective.urgentactions.testing import MULTILINGUAL_TWO_SITES_FUNCTIONAL_TESTING
from pathlib import Path
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.memoize import ram
from plone.testing.zope import Browser
from pytest_plone import fixtures_factory

import importlib.util
import os
import pytest
import transaction


pytest_plugins = ["pytest_plone"]

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (INTEGRATION_TESTING, "integration"),
        )
    )
)

# The multilingual layers (tests/test_multilingual.py, a multilingual source
# in tests/syndication): here, because their fixtures are made once for a
# base layer they share, and visible only below the file that makes them.
# Set up for the tests that ask for them and torn down after
# (``keep_session=False``), so that the multilingual site does not shadow
# the add-on's fixture elsewhere.
globals().update(
    fixtures_factory(
        (
            (MULTILINGUAL_INTEGRATION_TESTING, "multilingual_integration"),
            (MULTILINGUAL_FUNCTIONAL_TESTING, "multilingual_functional"),
            (MULTILINGUAL_TWO_SITES_FUNCTIONAL_TESTING, "multilingual_sites"),
        ),
        keep_session=False,
    )
)


@pytest.fixture(autouse=True)
def forget_rate_limits():
    """Every test starts with the rate limits' windows empty."""
    ratelimit.reset()


@pytest.fixture(autouse=True)
def forget_ram_caches():
    """Every test starts with empty RAM caches: a test's database is thrown
    away after it, so the catalog counters their keys hold come again."""
    ram.global_cache.invalidateAll()


@pytest.fixture
def section(portal):
    return portal["urgent-actions"]


@pytest.fixture
def make_ua(portal, section):
    """Create an Urgent Action in the section unless told where."""

    def factory(container=None, state="published", **fields):
        return create_ua(container or section, state, **fields)

    return factory


@pytest.fixture
def everyone(functional_portal):
    """A user of every role in ``ROLES`` on the functional site."""
    add_role_users(functional_portal)
    transaction.commit()
    return functional_portal


@pytest.fixture
def http(everyone):
    """``http(user=None, auth="basic")``: real requests to the functional
    server as anonymous or one of ``ROLES`` (Basic auth or the login cookie)."""

    def factory(user=None, auth="basic"):
        return HttpClient(everyone, user, auth)

    return factory


@pytest.fixture
def fetch(functional):
    """``fetch(url, user=None, language=None, headers=None)``: commit, then
    GET through the publisher; returns the browser (errors as responses)."""

    def get(url, user=None, language=None, headers=None, handle_errors=False):
        transaction.commit()
        browser = Browser(functional["app"])
        browser.handleErrors = handle_errors
        browser.raiseHttpErrors = False
        if user == "editor":
            browser.addHeader(
                "Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}"
            )
        elif user:
            browser.addHeader("Authorization", f"Basic {user}")
        if language:
            browser.addHeader("Accept-Language", language)
        for name, value in (headers or {}).items():
            browser.addHeader(name, value)
        browser.open(url)
        return browser

    return get


@pytest.fixture(scope="session")
def samples():
    """The fictional IS documents of ``tests/demo/is_documents.py`` (a
    folder pytest does not put on the path), for the import tests."""
    path = Path(__file__).parent / "demo" / "is_documents.py"
    spec = importlib.util.spec_from_file_location("is_documents", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def make_update():
    """``make_update(ua, "Latest news", date(2020, 6, 23), "<p>…</p>")``."""
    return create_update


@pytest.fixture
def make_template():
    """``make_template(ua, "de")``: a German Word letter template."""
    return create_template


@pytest.fixture
def as_user(users):
    """Switch the current user among the folder's ``users``:
    ``as_user("member")``, ``as_user(None)`` for anonymous."""

    def switch(userid):
        if userid is None:
            logout()
        else:
            login(users, userid)

    yield switch
    logout()


@pytest.fixture
def manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    yield
    setRoles(portal, TEST_USER_ID, ["Member"])


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's chromium; skip them where it is missing,
    except in CI, which installs it (.ci/run) and must fail without it."""
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(
        reason="Debian chromium is not installed (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def page():
    """A page in headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15000)
        # The first page of a fresh test site compiles templates and bundles:
        # on a busy machine it can take longer than an interaction should.
        page.set_default_navigation_timeout(60000)
        yield page
        browser.close()
