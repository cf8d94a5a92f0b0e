"""An analyst's weekly follow-up in a real browser: open the queue, record an update with
evidence from the item's page, see the summit's readiness move, then the history."""

import pytest
from playwright.sync_api import expect

from summits.models import ActionItem, Source, Status
from tests.factories import user_create

from .machinery import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
REF = "MARITIME-2025-1"


@pytest.fixture
def base_url(live_server, seed) -> str:
    user_create("alice", "Analysts", password=PASSWORD)
    return live_server.url


def test_an_update_with_evidence_moves_the_summits_readiness(page, base_url):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    log_in(page, base_url, "alice")
    page.get_by_role("link", name="Follow-up", exact=True).click()
    page.locator("#overdue").get_by_role("link", name=REF).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Intensify maritime")

    page.get_by_label("Status", exact=True).select_option("fulfilled")
    page.get_by_label("As of").fill("2025-12-05")
    page.get_by_label("Note").fill("The corridor opened.")
    page.get_by_text("Add a new source").click()
    page.get_by_label("Title").fill("Maritime corridor opens")
    page.get_by_label("Publisher").fill("TASS")
    page.get_by_label("Published on").fill("2025-12-04")
    page.get_by_label("URL").fill("https://tass.example/corridor")
    page.get_by_label("Quoted sentence").fill("The corridor is open.")
    page.get_by_role("button", name="Record the update").click()

    expect(page.get_by_role("status")).to_have_text("Recorded “fulfilled” as of 05 December 2025.")
    expect(page.locator("dl.facts")).to_contain_text("fulfilled as of 5 December 2025")
    expect(page.locator(".timeline .evidence").first).to_contain_text("Maritime corridor opens")
    assert ActionItem.objects.get(ref=REF).status == Status.FULFILLED
    assert Source.objects.filter(url="https://tass.example/corridor").exists()

    page.get_by_role("link", name="23rd India–Russia Annual Summit").click()
    expect(page.locator(".score-figure")).to_contain_text("+1.00")
    expect(page.locator(".score-figure")).to_contain_text("100 %")
    expect(page.locator(".readiness-summary")).to_contain_text("fulfilled 1")
    expect(page.locator("svg polyline.spark-line")).to_have_count(1)

    page.go_back()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#history-section-1 + ol")).to_contain_text("fulfilled")
    expect(page.get_by_text("Status update as of 05 Dec 2025 (no. 1)")).to_be_visible()
    assert not [text for text in violations if "Content Security Policy" in text]


def test_bulk_update_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, base_url, "alice")
    page.goto(f"{base_url}/action-items/?origin=irigc-tec-26")
    page.get_by_label("Select IRIGC-TEC-26/TRADE-1").check()
    page.get_by_label("Select IRIGC-TEC-26/ENERGY-1").check()
    page.locator("#bulk-update").get_by_label("Status", exact=True).select_option("in_progress")
    page.locator("#bulk-update").get_by_label("As of").fill("2025-12-05")
    page.get_by_role("button", name="Record for the ticked items").click()
    expect(page.locator("p.message[role=status]")).to_contain_text(
        "Recorded “in progress” on 2 action item(s)"
    )
    assert "origin=irigc-tec-26" in page.url
    statuses = dict(ActionItem.objects.values_list("ref", "status"))
    assert statuses["IRIGC-TEC-26/TRADE-1"] == statuses["IRIGC-TEC-26/ENERGY-1"] == "in_progress"
    assert statuses["IRIGC-TEC-26/FINANCE-1"] == Status.NOT_ASSESSED
    context.close()
