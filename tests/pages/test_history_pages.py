"""Each detail page's History: who changed what, when, field by field, and why."""

import datetime as dt

import pytest
from django.urls import reverse

from summits.fuzzydates import FuzzyDate
from summits.importing import ReportFile, report_import
from summits.models import (
    ActionItem,
    Commission,
    Meeting,
    Organisation,
    Person,
    Place,
    Sector,
    Source,
    Status,
    Summit,
    SummitSeries,
)
from tests.seed import SEED_REPORT

REF = "IRIGC-TEC-26/TRADE-1"


@pytest.fixture
def imported(db, analyst) -> None:
    """The seed report through the real import, which records each record's history."""
    data = SEED_REPORT.read_bytes()
    report = ReportFile(name=SEED_REPORT.name, data=data, size=len(data))
    report_import(files=[report], user=analyst)


def records() -> list:
    return [
        Summit.objects.get(number=23),
        SummitSeries.objects.get(),
        Meeting.objects.get(slug="irigc-tec-26"),
        Commission.objects.get(),
        ActionItem.objects.get(ref=REF),
        Person.objects.get(slug="s-jaishankar"),
        Organisation.objects.get(slug="mea-india"),
        Source.objects.get(),
    ]


def history_url(record) -> str:
    return f"{record.get_absolute_url()}history/"


@pytest.mark.usefixtures("imported")
def test_every_detail_page_links_to_its_history_which_says_who_when_and_why(viewer_client):
    for record in records():
        assert f'<a href="{history_url(record)}">History</a>' in (
            viewer_client.get(record.get_absolute_url()).text
        ), record
        page = viewer_client.get(history_url(record)).text
        assert f"<h1>History of {record}</h1>" in page.replace("&#x27;", "'"), record
        assert '<span class="history-kind">created</span> by <strong>alice</strong>' in page
        assert f"why: Imported from {SEED_REPORT.name}" in page, record


@pytest.mark.usefixtures("imported")
def test_changes_show_field_by_field_with_related_records_by_name(analyst_client):
    meeting = Meeting.objects.get(slug="irigc-tec-26")
    old_title, old_place = meeting.title, meeting.place
    meeting.title = "26th IRIGC-TEC session"
    meeting.place = Place.objects.get(slug="new-delhi")
    meeting._change_reason = "Corrected from the joint statement"
    meeting.save()
    meeting.sectors.add(Sector.objects.get(slug="culture"))

    page = analyst_client.get(history_url(meeting)).text
    assert f'<th scope="row">Title</th><td>{old_title}</td><td>26th IRIGC-TEC session</td>' in page
    assert f'<th scope="row">Place</th><td>{old_place}</td><td>New Delhi</td>' in page
    assert "why: Corrected from the joint statement" in page
    sectors_row = page[page.index('<th scope="row">Sectors</th>') :]  # the newest
    assert "Culture" in sectors_row.split("</tr>")[0]


@pytest.mark.usefixtures("imported")
def test_a_fuzzy_date_changes_as_one_date_in_words(analyst_client):
    """Not its two stored fields ("Due (earliest day)", "Due precision")."""
    item = ActionItem.objects.get(ref=REF)
    old_due = str(item.due)
    item.due = FuzzyDate(dt.date(2026, 1, 1), "quarter")
    item.save()

    page = analyst_client.get(history_url(item)).text
    assert f'<th scope="row">Due</th><td>{old_due}</td><td>Q1 2026</td>' in page
    assert "earliest day" not in page and "precision" not in page.lower()


@pytest.mark.usefixtures("imported")
def test_an_items_history_includes_its_status_updates_and_evidence(analyst_client):
    item = ActionItem.objects.get(ref=REF)
    source = Source.objects.get()
    response = analyst_client.post(
        reverse("summits:actionitem-status-update", args=[REF]),
        {
            "status": Status.FULFILLED,
            "as_of": "2025-12-05",
            "note": "Signed.",
            "evidence": [source.slug],
            "quote": "The protocol was signed.",
        },
    )
    assert response.status_code == 302
    item.status_updates.get(as_of=dt.date(2025, 11, 20)).delete()  # kept in the history

    page = analyst_client.get(history_url(item)).text
    updates = page[page.index('<h2 id="history-section-1">Status updates</h2>') :]
    assert "<strong>Status update as of 05 Dec 2025 (no. 1)</strong>: " in updates
    assert '<th scope="row">Status</th><td>—</td><td>fulfilled</td>' in updates
    assert "<strong>Status update as of 20 Nov 2025 (no. 1)</strong>: " in updates
    assert '<span class="history-kind">deleted</span>' in updates
    evidence = page[page.index("Evidence of the status updates</h2>") :]
    assert "<strong>Evidence of the update as of 05 Dec 2025</strong>" in evidence
    assert f"<td>{source}</td>" in evidence and "<td>The protocol was signed.</td>" in evidence


def test_a_record_without_history_says_so(viewer_client, seed):
    meeting = Meeting.objects.get(slug="irigc-tec-26")
    meeting.history.all().delete()  # as if recorded before the audit trail began
    page = viewer_client.get(history_url(meeting)).text
    assert "No change recorded: it was added before the audit trail began." in page


@pytest.mark.usefixtures("imported")
def test_history_pages_run_a_fixed_number_of_queries(analyst_client, django_assert_max_num_queries):
    item = ActionItem.objects.get(ref=REF)
    places = list(Place.objects.all())
    for number in range(20):
        item.title = f"Revision {number}"
        item.origin_meeting = Meeting.objects.order_by("?").first()
        item.save()
        item.responsible.add(Organisation.objects.order_by("?").first())
        meeting = Meeting.objects.get(slug="irigc-tec-26")
        meeting.place = places[number % len(places)]
        meeting.save()
    # Session, user, permissions to read (2), the record, its history rows, its links (one
    # per many-to-many field: sectors) and the related records named (one per kind: place,
    # commission, sector); for an item, also its updates' days, their history and their
    # evidence's, with what those name.
    for record, budget in [(meeting, 10), (item, 16)]:
        with django_assert_max_num_queries(budget, info=str(record)):
            response = analyst_client.get(history_url(record))
        assert response.status_code == 200
