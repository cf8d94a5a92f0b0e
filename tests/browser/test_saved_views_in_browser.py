"""A saved view shared between two users in a real browser: a viewer filters and sorts
the action items, saves the list as a shared view; another viewer opens it from the
dashboard and sees the same rows at the same address."""

import pytest
from playwright.sync_api import expect

from summits.models import SavedView
from tests.factories import user_create

from .machinery import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
NAME = "Trade, 26th IRIGC-TEC session"
QUERY = "status=not_assessed&sector=trade&session_of=irigc-tec&session_number=26&sort=ref"


@pytest.fixture
def base_url(live_server, seed) -> str:
    user_create("bob", "Viewers", password=PASSWORD)
    user_create("carol", "Viewers", password=PASSWORD)
    return live_server.url


def shown_refs(page) -> list[str]:
    return page.locator("table.results tbody tr td:first-child").all_inner_texts()


def test_a_view_saved_and_shared_by_one_viewer_opens_for_another(page, browser, base_url):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    log_in(page, base_url, "bob")
    page.get_by_role("link", name="Action items").click()
    page.get_by_label("not yet assessed").check()
    page.get_by_label("Sector", exact=True).select_option("trade")
    page.get_by_label("From a session of commission").select_option("irigc-tec")
    page.get_by_label("Session number").fill("26")
    page.get_by_label("Session number").press("Enter")
    filtered = QUERY.removesuffix("&sort=ref")
    expect(page).to_have_url(f"{base_url}/action-items/?{filtered}")  # htmx's last swap
    expect(page.locator("#results-count")).to_have_text("1 action item")
    page.locator("table.results thead").get_by_role("link", name="Reference").click()
    expect(page).to_have_url(f"{base_url}/action-items/?{QUERY}")
    rows = shown_refs(page)
    assert rows == ["IRIGC-TEC-26/TRADE-1"]

    page.get_by_text("Saved views", exact=True).click()
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label("Share it with everyone who reads the tracker").check()
    page.get_by_role("button", name="Save this view").click()

    expect(page.get_by_role("status").first).to_contain_text(
        f"Saved the view “{NAME}” (shared with everyone)."
    )
    expect(page).to_have_url(f"{base_url}/action-items/?{QUERY}")
    assert SavedView.objects.get().query == QUERY

    other = browser.new_context(viewport={"width": 1280, "height": 900})
    carol = other.new_page()
    log_in(carol, base_url, "carol")
    card = carol.locator("section.saved-views")
    expect(card).to_contain_text("Action items")
    expect(card).to_contain_text("shared by bob")
    card.get_by_role("link", name=NAME).click()
    expect(carol).to_have_url(f"{base_url}/action-items/?{QUERY}")
    expect(carol.locator("#results-count")).to_have_text("1 action item")
    assert shown_refs(carol) == rows
    # The same view is in the list's own menu too.
    carol.get_by_text("Saved views (1)", exact=True).click()
    expect(carol.locator("#saved-views").get_by_role("link", name=NAME)).to_be_visible()
    # Its owner, meanwhile, asks for it by mail every week.
    page.get_by_text("Saved views (1)", exact=True).click()
    settings = page.locator("details.saved-view-settings")
    settings.locator("summary").click()
    settings.get_by_label("Mail me this list").select_option("weekly")
    settings.get_by_role("button", name="Save the change").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"The view “{NAME}” is shared with everyone, mailed to you weekly."
    )
    expect(page).to_have_url(f"{base_url}/action-items/?{QUERY}")
    assert SavedView.objects.get().digest == "weekly"
    other.close()
    assert not [text for text in violations if "Content Security Policy" in text]
