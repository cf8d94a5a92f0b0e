"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import pytest
from playwright.sync_api import sync_playwright

from .machinery import CHROMIUM, launch


def pytest_collection_modifyitems(config, items) -> None:
    missing = pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: `make test` installs it "
        "(apt-get install --no-install-recommends chromium)",
    )
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(missing)


@pytest.fixture(autouse=True)
def _database_calls_beside_playwright(monkeypatch) -> None:
    # Playwright's sync API runs an event loop in this thread; Django would otherwise
    # refuse the database calls these tests make while it runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(transactional_db, _database_calls_beside_playwright):
    # Per test, and only once the database is ready: Playwright's sync API switches
    # greenlets, and Django's connection set up (with the data a transactional test
    # restores) must be the one the test then uses.
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
