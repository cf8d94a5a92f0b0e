"""An analyst takes a report in, in a real browser: paste it, review the draft (correct a
name, drop a commitment, link a person to a recorded one, accept the rest), import, then
find the records on the tracker's lists; the fixture kept imports again unchanged."""

import re

import pytest
from playwright.sync_api import expect

from summits.importing import ReportFile, report_validate
from summits.models import ActionItem, Meeting, Person, ReportDraft
from tests.factories import user_create

from .machinery import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
REPORT = (
    "MOSCOW, December 3, 2025 (TASS) - Russian Deputy Foreign Minister Andrei Rudenko met "
    "Indian Foreign Secretary Vikram Misri in Moscow on December 2, 2025, to prepare the 23rd "
    "India-Russia Annual Summit.\n\n"
    "The two sides agreed to launch a joint study on a free trade agreement by March 2026. "
    "They also agreed to simplify visas for business travellers by June 2026."
)


@pytest.fixture
def base_url(live_server, seed) -> str:
    user_create("alice", "Analysts", password=PASSWORD)
    return live_server.url


def _records(page, kind: str):
    heading = page.get_by_role("heading", name=re.compile(f"^{kind}:"))
    return page.locator("article.record").filter(has=heading)


def test_a_pasted_report_is_reviewed_imported_and_found_on_the_lists(page, base_url):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    log_in(page, base_url, "alice")
    page.get_by_role("link", name="New report").click()
    page.get_by_label("Paste the report").fill(REPORT)
    page.get_by_role("button", name="Read the report").click()
    page.get_by_label("Publisher").fill("TASS")
    page.get_by_label("Published on").fill("2025-12-03")
    page.get_by_role("button", name="Draft the records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the draft")
    draft = ReportDraft.objects.get()

    people = _records(page, "Person")
    assert people.count() >= 2
    corrected = people.nth(1)
    name = corrected.get_by_label("Name", exact=True)
    new_name = f"{name.input_value()} (checked)"
    name.fill(new_name)
    corrected.get_by_role("button", name="Accept").click()
    expect(corrected.locator(".record-state")).to_contain_text("Accepted")
    expect(page.locator("[data-focus-first]")).to_be_focused()

    linked = people.first
    linked_key = linked.get_by_label("Slug").input_value()
    linked.get_by_label("Another recorded person").fill("Sergey Lavrov")
    linked.get_by_role("button", name="Use this recorded person").click()
    expect(linked.locator(".record-state")).to_contain_text("Sergey Lavrov")

    commitment = _records(page, "Action item").first
    own_form = commitment.locator(":scope > form.record-form")  # not its updates' forms
    dropped_ref = own_form.get_by_label("Reference").input_value()
    own_form.get_by_role("button", name="Drop").click()
    expect(commitment.locator(":scope > .record-state")).to_contain_text("Dropped")

    waiting = page.locator("article.record.state-unreviewed")
    while (left := waiting.count()) > 0:
        waiting.first.locator(":scope > form.record-form").get_by_role(
            "button", name="Accept"
        ).click()
        # Accepting a commitment accepts its status update and citations with it.
        expect(waiting).not_to_have_count(left)
    page.get_by_role("button", name="Import the reviewed records").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Imported:")

    draft.refresh_from_db()
    meeting = Meeting.objects.get(slug__in=[r["fields"].get("slug") for r in draft.records])
    assert "sergey-lavrov" in meeting.participants.values_list("slug", flat=True)
    assert not Person.objects.filter(slug=linked_key).exists()
    assert Person.objects.filter(name=new_name).exists()
    kept = ActionItem.objects.filter(sources__slug=draft.fixture_name.removesuffix(".json"))
    assert kept.exists() and not kept.filter(ref=dropped_ref).exists()

    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Meetings").click()
    expect(page.get_by_role("link", name=meeting.title)).to_be_visible()
    nav.get_by_role("link", name="Action items").click()
    expect(page.get_by_role("link", name=kept.first().ref)).to_be_visible()
    expect(page.get_by_role("link", name=dropped_ref)).to_have_count(0)

    nav.get_by_role("link", name="Reports").click()
    page.get_by_role("link", name=draft.title).click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download")).click()
    assert download.value.suggested_filename == draft.fixture_name
    data = download.value.path().read_bytes()
    plan = report_validate(files=[ReportFile(name=draft.fixture_name, data=data, size=len(data))])
    assert plan.ok and not plan.changes
    assert all(row["created"] == row["updated"] == 0 for row in plan.summary().values())
    assert not [text for text in violations if "Content Security Policy" in text]
