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
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the run (xdist sends every browser test to one worker: see
    `pytest_collection_modifyitems`); each test gets its own context, hence its own
    cookies and storage."""
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API runs an event loop in this thread from here on; Django
        # would otherwise refuse the database calls made beside it.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = launch(playwright)
            yield browser
            browser.close()


@pytest.fixture
def page(browser, transactional_db):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
