"""In a real browser: a record picker of several records, the header's search, a bulk
edit of every matching row across pages, and the error summary taking the focus."""

import re

import pytest
from playwright.sync_api import expect

from summits.models import ActionItem
from tests.factories import user_create
from tests.records import make_action_items

from .machinery import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def base_url(live_server, seed) -> str:
    user_create("alice", "Analysts", password=PASSWORD)
    return live_server.url


def shown_refs(page) -> set[str]:
    return set(page.locator("table.results tbody tr td:nth-child(2)").all_inner_texts())


def pick(page, box, typed: str, slug: str) -> None:
    """Type into a picker, wait for the record offered, and pick it: a browser puts the
    option's value, the slug, in the box (Chromium's datalist pop-up is outside the page)."""
    box.press_sequentially(typed)
    expect(page.locator(f"#{box.get_attribute('id')}-picks option[value='{slug}']")).to_have_count(
        1
    )
    box.fill(slug)


def test_a_picker_chooses_several_records_and_each_can_be_removed(page, base_url):
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/action-items/")
    page.evaluate("window.notReloaded = true")
    box = page.get_by_label("Responsible organisation", exact=True)

    pick(page, box, "Foreign Aff", "mfa-russia")
    expect(page).to_have_url(f"{base_url}/action-items/?responsible=mfa-russia")
    expect(page.locator("#results-count")).to_have_text("1 action item")
    expect(box).to_have_value("")  # ready for another
    tokens = page.get_by_role("list", name="Responsible organisation: chosen")
    expect(tokens.get_by_role("listitem")).to_have_count(1)

    pick(page, box, "PMO", "pmo-india")  # an acronym finds it too
    expect(page).to_have_url(
        f"{base_url}/action-items/?responsible=mfa-russia&responsible=pmo-india"
    )
    expect(page.locator("#results-count")).to_have_text("2 action items")
    assert shown_refs(page) == {"SUMMIT-23/PREP-1", "MARITIME-2025-1"}

    page.get_by_role(
        "button", name="Remove Ministry of Foreign Affairs of the Russian Federation (MFA)"
    ).click()
    expect(page).to_have_url(f"{base_url}/action-items/?responsible=pmo-india")
    expect(tokens.get_by_role("listitem")).to_have_count(1)
    expect(tokens).to_contain_text("Prime Minister's Office")
    expect(box).to_be_focused()
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the table only

    # Reloaded from the address, the picker shows the same record as a token.
    page.reload()
    expect(page.get_by_role("button", name="Remove Prime Minister's Office (PMO)")).to_be_visible()
    expect(box).to_have_value("")


def test_the_address_of_several_names_typed_without_javascript_names_their_slugs(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/meetings/")
    page.get_by_role("textbox", name="Place", exact=True).fill("Moscow; New Delhi")
    page.get_by_role("button", name="Apply filters").click()
    assert "place=moscow&place=new-delhi" in page.url
    expect(page.get_by_role("textbox", name="Place", exact=True)).to_have_value("moscow; new-delhi")
    expect(page.get_by_text("Showing: Moscow; New Delhi.")).to_be_visible()
    context.close()


def test_the_header_search_groups_what_it_finds_by_kind(page, base_url):
    log_in(page, base_url, "alice")
    search = page.get_by_role("search").get_by_label("Search every record")
    search.fill("IRIGC")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=IRIGC$"))
    kinds = page.get_by_role("navigation", name="Results by kind")
    expect(kinds.get_by_role("link", name=re.compile(r"^Commissions \d+$"))).to_be_visible()
    expect(kinds.get_by_role("link", name=re.compile(r"^Action items \d+$"))).to_be_visible()
    commissions = page.locator("section#commissions")
    expect(commissions.get_by_role("heading", level=2)).to_contain_text("Commissions")
    commissions.get_by_role("link", name="IRIGC-TEC", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("IRIGC-TEC")


def test_bulk_edit_of_every_matching_row_on_every_page(page, base_url):
    make_action_items(30, prefix="PAGED")
    make_action_items(2, prefix="OTHER")
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/action-items/?q=PAGED")
    expect(page.locator("#results-count")).to_contain_text("30 action items, showing 1–25")

    change = page.get_by_role("group", name="Change the selected items")
    change.get_by_label("all the items matching the filters").check()
    change.get_by_label("Priority").select_option(label="low")
    change.get_by_role("button", name="Change the items").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change 30 action items?")
    expect(page.get_by_text("Priority: low")).to_be_visible()
    assert not ActionItem.objects.filter(priority=ActionItem.Priority.LOW).exists()

    page.get_by_role("button", name="Change 30 items").click()
    expect(page.get_by_text(re.compile(r"^Changed 30 action item\(s\)"))).to_be_visible()
    low = ActionItem.objects.filter(priority=ActionItem.Priority.LOW)
    assert sorted(low.values_list("ref", flat=True)) == [f"PAGED-{n:03}" for n in range(1, 31)]
    assert not ActionItem.objects.filter(ref__startswith="OTHER", priority=3).exists()
    for item in low:
        latest = item.history.first()
        assert latest.history_user.username == "alice"
        assert latest.priority == ActionItem.Priority.LOW and item.version == 2


def test_a_refused_bulk_change_puts_the_focus_on_the_error_summary(page, base_url):
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/action-items/")
    page.get_by_role("button", name="Change the items").click()  # nothing ticked or given
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Give at least one new value")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    # At the top of the page: above the heading, in view without scrolling.
    assert page.evaluate("window.scrollY") == 0
    box = summary.bounding_box()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert box and heading and box["y"] < heading["y"]


def test_a_final_status_without_evidence_puts_the_focus_on_the_error_summary(page, base_url):
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/action-items/MARITIME-2025-1/")
    page.get_by_label("Status", exact=True).select_option("fulfilled")
    page.get_by_role("button", name="Record the update").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).not_to_have_count(0)  # each error links to its field
    expect(summary).to_contain_text("evidence")
