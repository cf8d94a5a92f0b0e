"""A viewer's day in a real browser: filter, sort, page, export, open, subscribe."""

import csv
import io

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from summits.models import ActionItem, Status, StatusUpdate
from tests.factories import user_create
from tests.records import make_action_items

from .machinery import PASSWORD, log_in

# The live server runs in another thread: the data must be committed, and the reference
# data the migrations made restored for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def base_url(live_server, seed) -> str:
    user_create("bob", "Viewers", password=PASSWORD)
    item = ActionItem.objects.get(ref="IRIGC-TEC-26/INVESTMENT-1")
    StatusUpdate.objects.create(action_item=item, as_of="2025-11-25", status=Status.IN_PROGRESS)
    return live_server.url


def shown_refs(page) -> list[str]:
    return page.locator("table.results tbody tr td:first-child").all_inner_texts()


def test_filtering_by_status_and_sector_updates_the_table_in_place(page, base_url):
    log_in(page, base_url, "bob")
    page.get_by_role("link", name="Action items").click()
    page.evaluate("window.notReloaded = true")
    page.get_by_label("in progress").check()
    expect(page).to_have_url(f"{base_url}/action-items/?status=in_progress")
    expect(page.locator("#results-count")).to_have_text("1 action item")
    assert shown_refs(page) == ["IRIGC-TEC-26/INVESTMENT-1"]
    page.get_by_label("Sector", exact=True).select_option("trade")
    expect(page).to_have_url(f"{base_url}/action-items/?status=in_progress&sector=trade")
    expect(page.get_by_text("No action items match these filters.")).to_be_visible()
    page.get_by_label("in progress").uncheck()
    expect(page).to_have_url(f"{base_url}/action-items/?sector=trade")
    expect(page.locator("#results-count")).to_have_text("2 action items")
    # Said to screen readers too: the status region outside the replaced table.
    expect(page.get_by_role("status")).to_have_text("2 action items")
    assert sorted(shown_refs(page)) == ["CONSULATES-2025-1", "IRIGC-TEC-26/TRADE-1"]
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the table only


def test_sorting_and_paging_keep_the_filters_and_the_back_button_works(page, base_url):
    make_action_items(30)
    log_in(page, base_url, "bob")
    page.goto(f"{base_url}/action-items/?q=EXTRA")
    expect(page.locator("#results-count")).to_contain_text("30 action items, showing 1–25")
    page.get_by_role("link", name="Reference").click()
    expect(page).to_have_url(f"{base_url}/action-items/?q=EXTRA&sort=ref")
    page.get_by_role("link", name="Reference").click()
    expect(page).to_have_url(f"{base_url}/action-items/?q=EXTRA&sort=-ref")
    expect(page.locator("table.results tbody tr").first).to_contain_text("EXTRA-030")
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Reference")
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(f"{base_url}/action-items/?q=EXTRA&sort=-ref&page=2")
    assert shown_refs(page) == [f"EXTRA-{number:03}" for number in range(5, 0, -1)]
    # A filter changed after sorting keeps the order and starts again at page one.
    page.get_by_label("Rows per page").select_option("50")
    expect(page).to_have_url(f"{base_url}/action-items/?q=EXTRA&per_page=50&sort=-ref")
    expect(page.locator("table.results tbody tr")).to_have_count(30)
    page.go_back()
    expect(page).to_have_url(f"{base_url}/action-items/?q=EXTRA&sort=-ref&page=2")
    expect(page.locator("table.results tbody tr")).to_have_count(5)


def test_csv_export_holds_exactly_the_filtered_rows(page, base_url):
    make_action_items(30)  # more than a page: the file must not stop at 25
    log_in(page, base_url, "bob")
    page.goto(f"{base_url}/action-items/?status=not_assessed")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.startswith("action-items-")
    text = download.value.path().read_text(encoding="utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    expected = ActionItem.objects.filter(status=Status.NOT_ASSESSED).values_list("ref", flat=True)
    assert header[0] == "Reference"
    assert sorted(row[0] for row in rows) == sorted(expected)
    assert len(rows) == 37


def test_a_detail_page_opens_from_the_list(page, base_url):
    log_in(page, base_url, "bob")
    page.goto(f"{base_url}/action-items/?sector=maritime")
    page.get_by_role("link", name="MARITIME-2025-1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intensify maritime cooperation")
    expect(page.get_by_text("Edit in admin")).to_have_count(0)
    page.get_by_role("link", name="23rd India–Russia Annual Summit").click()
    expect(
        page.get_by_role("heading", name="Readiness: its action items by status")
    ).to_be_visible()


def test_the_subscribe_address_serves_a_valid_calendar_without_a_login(page, base_url, browser):
    log_in(page, base_url, "bob")
    page.goto(f"{base_url}/action-items/?sector=trade")
    page.get_by_role("link", name="Add to a calendar").click()
    page.get_by_role("button", name="Create my feed address").click()
    address = page.get_by_label("Copy this address").input_value()
    assert "include=action-items" in address and "sector=trade" in address
    stranger = browser.new_context()  # no session cookie: what a calendar program has
    response = stranger.request.get(address)
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {"action-item-IRIGC-TEC-26/TRADE-1@summit-tracker"}
    stranger.close()


def test_filters_work_with_javascript_off(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, base_url, "bob")
    page.goto(f"{base_url}/action-items/")
    page.get_by_label("Sector", exact=True).select_option("maritime")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-count")).to_have_text("1 action item")
    assert "sector=maritime" in page.url
    context.close()


def test_the_header_search_works_with_javascript_off(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, base_url, "bob")
    page.goto(f"{base_url}/meetings/")
    page.get_by_role("search").get_by_label("Search every record").fill("23rd India")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Summits 1")).to_be_visible()
    page.get_by_role("link", name="23rd India–Russia Annual Summit").click()
    assert page.url.endswith("/summits/india-russia-annual-summit/23/")
    context.close()


def test_no_content_security_policy_violation_on_the_main_pages(page, base_url):
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    log_in(page, base_url, "bob")
    for path in ["/", "/search/?q=trade", "/action-items/", "/meetings/", "/calendar/"]:
        page.goto(f"{base_url}{path}")
    page.get_by_role("link", name="Action items").click()
    page.get_by_label("Sector", exact=True).select_option("trade")
    expect(page.locator("#results-count")).to_contain_text("action items")
    assert not [text for text in violations if "Content Security Policy" in text]


def test_a_record_box_offers_matching_records_and_a_name_becomes_the_slug(page, base_url):
    log_in(page, base_url, "bob")
    page.goto(f"{base_url}/action-items/")
    box = page.get_by_label("Origin meeting or session")
    box.press_sequentially("irigc")
    picks = page.locator("#id_origin-picks option")
    expect(picks).to_have_count(1)
    expect(picks).to_have_attribute("value", "irigc-tec-26")
    expect(picks).to_have_text("26th session of the IRIGC-TEC")
    box.fill("IRIGC-TEC 26")
    box.dispatch_event("change")
    # The server names the record by its slug; htmx shows that address.
    expect(page).to_have_url(f"{base_url}/action-items/?origin=irigc-tec-26")
    expect(page.locator("#results-count")).to_have_text("5 action items")


def test_the_dashboard_fits_a_phone_screen(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, base_url, "bob")
    assert page.locator("table", has_text="Preparatory meetings").count()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    context.close()
