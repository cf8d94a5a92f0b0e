"""Exports and the calendar feed hold no more than a chunk of rows in memory, yet every row.

A few thousand items tell a streamed export from one built whole. At 4,000 items, built
whole, JSON peaked at 6.2 MB, XLSX at 9.9 MB and the feed at 43 MB; streamed, each stays
under 2.7 MB, as CSV (streamed before) did. The benchmark (`make bench`) gives the
figures at 100,000 items.
"""

import csv
import datetime as dt
import io
import json
import tracemalloc
from collections.abc import Iterator

import icalendar
import openpyxl
import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from summits.fuzzydates import FuzzyDate
from summits.models import ActionItem, CalendarFeedToken, Organisation, Sector, Summit
from tests.seed import seed_rows_write

# Every test here runs in a savepoint of the transaction holding the many items, made
# once per xdist worker that runs them.
pytestmark = pytest.mark.usefixtures("many_items")
ITEMS = 4000
LIST = reverse("summits:actionitem-list")
# Peak memory allowed while one export of ITEMS rows is made and read to its end.
LIMIT_MB = 4
TODAY = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def many_items(django_db_setup, django_db_blocker, _seed_rows) -> Iterator[list[str]]:
    """The seed and ITEMS action items with sectors and responsible organisations, due in
    2026: written once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_rows_write(_seed_rows)
        yield _many_items_create()
        transaction.set_rollback(True)


def _many_items_create() -> list[str]:
    summit = Summit.objects.first()
    due = FuzzyDate(dt.date(2026, 9, 1), "month")
    items = ActionItem.objects.bulk_create(
        ActionItem(
            ref=f"MANY-{number:05}",
            title=f"Commitment number {number} on trade, shipping and energy",
            target_summit=summit,
            due_start=due.start,
            due_precision=due.precision,
        )
        for number in range(ITEMS)
    )
    sectors, organisations = list(Sector.objects.all()), list(Organisation.objects.all())
    ActionItem.sectors.through.objects.bulk_create(
        ActionItem.sectors.through(actionitem=item, sector=sectors[n % len(sectors)])
        for n, item in enumerate(items)
    )
    ActionItem.responsible.through.objects.bulk_create(
        ActionItem.responsible.through(actionitem=item, organisation=organisation)
        for item in items
        for organisation in organisations[:2]
    )
    return [item.ref for item in items]


def _read(response) -> bytes:
    """The whole body, as a client receives it; the test client closes a streamed
    response (an XLSX export's temporary file with it) once it is read to its end."""
    return response.getvalue()


def _read_through(response) -> None:
    if response.streaming:  # piece by piece, as the server sends it
        for _piece in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018 (built whole: the body is there)


def _peak_mb(get) -> float:
    """Peak memory traced while a response is made and its body read to the end.

    Made once untraced first: what a process builds once and keeps (a FilterSet's form
    class, compiled templates) is not what the response costs, and would count only
    when this test happens to be the first of its worker to read the list.
    """
    _read_through(get())
    tracemalloc.start()
    try:
        _read_through(get())
        return tracemalloc.get_traced_memory()[1] / 1_000_000
    finally:
        tracemalloc.stop()


@pytest.fixture
def feed_url(viewer) -> str:
    token = CalendarFeedToken.objects.create(user=viewer)
    return reverse("summits:calendar-feed", args=[token.token]) + "?include=action-items&q=MANY-"


@pytest.mark.parametrize("export_format", ["csv", "xlsx", "json"])
def test_an_export_of_thousands_of_rows_stays_under_the_memory_limit(
    viewer_client, many_items, export_format
):
    peak = _peak_mb(lambda: viewer_client.get(LIST, {"q": "MANY-", "_export": export_format}))
    assert peak < LIMIT_MB, f"{export_format}: peak {peak:.1f} MB"


@time_machine.travel(TODAY, tick=False)
def test_the_feed_of_thousands_of_items_stays_under_the_memory_limit(client, many_items, feed_url):
    peak = _peak_mb(lambda: client.get(feed_url))
    assert peak < LIMIT_MB, f"feed: peak {peak:.1f} MB"


def test_the_xlsx_export_opens_and_holds_every_filtered_row(viewer_client, many_items):
    response = viewer_client.get(LIST, {"q": "MANY-", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(_read(response))).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert header[:3] == ("Reference", "Title", "Status")
    assert [row[0] for row in rows] == many_items
    csv_body = _read(viewer_client.get(LIST, {"q": "MANY-", "_export": "csv"}))
    _csv_header, first, *_ = csv.reader(io.StringIO(csv_body.decode("utf-8-sig")))
    assert [str(value or "") for value in rows[0]] == first  # the same cells as the CSV


def test_the_json_export_parses_and_holds_every_filtered_row(viewer_client, many_items):
    response = viewer_client.get(LIST, {"q": "MANY-", "_export": "json"})
    records = json.loads(_read(response))
    assert [record["Reference"] for record in records] == many_items
    assert records[0]["Due"] == "September 2026"
    assert records[0]["Title"] == "Commitment number 0 on trade, shipping and energy"


def test_the_xlsx_export_keeps_text_a_spreadsheet_file_cannot_hold(viewer_client):
    """XML has no control characters: they are marked, the rest of the text kept."""
    ActionItem.objects.create(ref="CTRL-1", title="Bell\x07 and escape\x1b here")
    response = viewer_client.get(LIST, {"q": "CTRL-1", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(_read(response))).active
    assert sheet["B2"].value == "Bell\ufffd and escape\ufffd here"


@time_machine.travel(TODAY, tick=False)
def test_the_feed_parses_and_holds_every_item_due_in_its_window(client, many_items, feed_url):
    calendar = icalendar.Calendar.from_ical(_read(client.get(feed_url)))
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {f"action-item-{ref}@summit-tracker" for ref in many_items}
    assert str(calendar["X-WR-CALNAME"]) == "Summit tracker"
