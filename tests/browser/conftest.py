"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from .machinery import CHROMIUM, launch

# What a page waits for (10 s, below) an assertion waits for too: its own default of 5 s
# was too short for an htmx swap on a loaded machine running both backends' suites.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items) -> None:
    missing = pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: `make test` installs it "
        "(apt-get install --no-install-recommends chromium)",
    )
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(missing)


@pytest.fixture(scope="session")
def _playwright(django_db_setup):
    """Playwright for the run, started once the test database exists. From here on it
    runs an event loop in this thread, and Django's connections seen by the tests are
    new objects: they lack the reference data (groups, countries, sectors) the test
    database's set-up serialized on the first ones, which a transactional test restores
    after the previous one's flush. Given to the new objects here, before any test's
    database fixtures run: this session fixture starts before them, so a fixture of the
    test's own would come too late for the first browser test after a transactional one.
    """
    kept = {
        alias: vars(connections[alias]).get("_test_serialized_contents") for alias in connections
    }
    with pytest.MonkeyPatch.context() as patch:
        # Django would otherwise refuse the database calls made beside the event loop.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, contents in kept.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            yield playwright, kept
            # Close the connections opened beside the event loop, which a test on the module
            # database (test_accessibility.py) can leave open: else the test database
            # cannot be dropped at the end of the run.
            connections.close_all()


@pytest.fixture(scope="session")
def browser(_playwright):
    """One Chromium for the run (per xdist worker); each test gets a context of its own,
    hence its own cookies and storage."""
    browser = launch(_playwright[0])
    yield browser
    browser.close()


@pytest.fixture
def browser_page(browser):
    """A page in a browser context of its own, without the database: for a test that
    brings its own (test_accessibility.py's, shared by the module) or needs none."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def page(browser_page, transactional_db):
    """A page, and a database emptied and refilled with the reference data for the test."""
    return browser_page
