"""Exports: every filtered row (not one page), the columns on screen, named, formula-safe."""

import csv
import io
import json

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from summits.models import ActionItem
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("seed")
URL = reverse("summits:actionitem-list")


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_streams_every_filtered_row_not_just_the_first_page(viewer_client):
    make_action_items(81)  # sectors cycle over three: 27 in each, more than a page
    sector = ActionItem.objects.get(ref="EXTRA-001").sectors.get()
    response = viewer_client.get(URL, {"sector": sector.slug, "_export": "csv"})
    assert isinstance(response, StreamingHttpResponse)
    header, *rows = csv_rows(response)
    expected = ActionItem.objects.filter(sectors=sector).order_by("ref")
    assert [row[0] for row in rows] == list(expected.values_list("ref", flat=True))
    assert len(rows) > 25  # more than a page
    assert header == ["Reference", "Title", "Status", "Sectors", "Due", "Target summit"]


def test_csv_cells_are_the_words_on_screen_not_markup(viewer_client):
    rows = csv_rows(viewer_client.get(URL, {"q": "TRADE-1", "_export": "csv"}))
    assert rows[1] == [
        "IRIGC-TEC-26/TRADE-1",
        "Implement the 26th IRIGC-TEC decisions on trade",
        "not started",
        "Trade",
        "early December 2025",
        "23rd India–Russia Annual Summit",
    ]


def test_export_follows_the_sort_order_and_the_chosen_columns(viewer_client):
    viewer_client.post(URL, {"columns": ["ref", "responsible", "priority"]})
    header, *rows = csv_rows(viewer_client.get(URL, {"sort": "-ref", "_export": "csv"}))
    assert header == ["Reference", "Responsible", "Priority"]
    assert [row[0] for row in rows] == sorted((row[0] for row in rows), reverse=True)
    maritime = next(row for row in rows if row[0] == "MARITIME-2025-1")
    assert maritime[1:] == [
        "Maritime Board of the Russian Federation, Prime Minister's Office (PMO)",
        "normal",
    ]


@pytest.mark.parametrize(
    ("export_format", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("json", "application/json"),
    ],
)
def test_file_is_named_after_the_page_and_the_day(viewer_client, export_format, content_type):
    response = viewer_client.get(reverse("summits:meeting-list"), {"_export": export_format})
    day = timezone.localdate().isoformat()
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="meetings-{day}.{export_format}"'
    )


DANGEROUS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB"]


@pytest.fixture
def dangerous_titles(db) -> None:
    for number, title in enumerate(DANGEROUS):
        ActionItem.objects.create(ref=f"X-{number}", title=title)


@pytest.mark.usefixtures("dangerous_titles")
def test_csv_neutralises_cells_a_spreadsheet_would_run(viewer_client):
    rows = csv_rows(viewer_client.get(URL, {"q": "X-", "_export": "csv"}))
    assert sorted(row[1] for row in rows[1:]) == sorted(f"'{title}" for title in DANGEROUS)


@pytest.mark.usefixtures("dangerous_titles")
def test_xlsx_holds_the_filtered_rows_as_text_never_formulas(viewer_client):
    response = viewer_client.get(URL, {"q": "X-", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows())
    assert [cell.value for cell in header][:2] == ["Reference", "Title"]
    titles = [row[1] for row in rows]
    assert sorted(cell.value for cell in titles) == sorted(f"'{title}" for title in DANGEROUS)
    assert all(cell.data_type == "s" for cell in titles)


@pytest.mark.usefixtures("dangerous_titles")
def test_json_keeps_values_exactly_as_recorded(viewer_client):
    response = viewer_client.get(URL, {"q": "X-", "_export": "json"})
    titles = sorted(row["Title"] for row in json.loads(response.content))
    assert titles == sorted(DANGEROUS)


@pytest.mark.parametrize(
    "name",
    [
        "actionitem-list",
        "meeting-list",
        "summit-list",
        "person-list",
        "organisation-list",
        "source-list",
    ],
)
def test_every_list_exports_its_rows(viewer_client, name):
    url = reverse(f"summits:{name}")
    shown = viewer_client.get(url).context["table"].paginator.count
    _header, *rows = csv_rows(viewer_client.get(url, {"_export": "csv"}))
    assert len(rows) == shown > 0


def test_an_unknown_format_shows_the_page(viewer_client):
    response = viewer_client.get(URL, {"_export": "exe"})
    assert response["Content-Type"].startswith("text/html")


def test_export_links_keep_the_filters_and_drop_the_page(viewer_client):
    make_action_items(30)
    page = viewer_client.get(URL, {"sector": "trade", "page": "2", "per_page": "25"}).text
    assert 'href="?sector=trade&amp;_export=csv"' in page
