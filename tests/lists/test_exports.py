"""Exports: every filtered row (not one page), the columns on screen, named, formula-safe."""

import csv
import datetime as dt
import io
import json
import re
from itertools import cycle

import django_tables2 as tables
import openpyxl
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from summits.fuzzydates import FuzzyDate
from summits.lists import exports
from summits.lists.columns import ListColumn, TrackerTable
from summits.models import ActionItem, Meeting, Organisation, Sector, Status, Summit
from summits.tables import (
    ActionItemTable,
    MeetingTable,
    OrganisationTable,
    PersonTable,
    SourceTable,
    SummitTable,
)
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
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
    assert header == [
        "Reference",
        "Title",
        "Status",
        "Sectors",
        "Due",
        "Target summit",
        "Summit date",
    ]


def test_csv_cells_are_the_words_on_screen_not_markup(viewer_client):
    rows = csv_rows(viewer_client.get(URL, {"q": "TRADE-1", "_export": "csv"}))
    assert rows[1] == [
        "IRIGC-TEC-26/TRADE-1",
        "Implement the 26th IRIGC-TEC decisions on trade",
        "not yet assessed",
        "Trade",
        "early December 2025",
        "23rd India–Russia Annual Summit",
        "early December 2025",
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
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    header, *rows = list(sheet.iter_rows())
    assert [cell.value for cell in header][:2] == ["Reference", "Title"]
    titles = [row[1] for row in rows]
    assert sorted(cell.value for cell in titles) == sorted(f"'{title}" for title in DANGEROUS)
    assert all(cell.data_type == "s" for cell in titles)


@pytest.mark.usefixtures("dangerous_titles")
def test_json_keeps_values_exactly_as_recorded(viewer_client):
    response = viewer_client.get(URL, {"q": "X-", "_export": "json"})
    titles = sorted(row["Title"] for row in json.loads(response.getvalue()))
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
        "commission-list",
        "series-list",
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


# Every column, every list ------------------------------------------------------------

TRADE = [
    "IRIGC-TEC-26/TRADE-1",
    "Implement the 26th IRIGC-TEC decisions on trade",
    "not yet assessed",
    "Trade",
    "early December 2025",
    "23rd India–Russia Annual Summit",
    "early December 2025",  # the summit's date
    "Government of the Russian Federation, Ministry of External Affairs (MEA)",
    "2025-11-20",
    "normal",
    "26th session of the IRIGC-TEC",
]
CONSULATES = [
    "CONSULATES-2025-1",
    "Use the new consulates in Yekaterinburg and Kazan to bolster trade, tourism, economic,"
    " scientific, technological, academic and cultural relations",
    "not yet assessed",
    "Consular, Culture, Education, Science & technology, Tourism, Trade",
    "",  # no due date
    "",  # no target summit
    "",  # so no summit date
    "Consulate General of India, Kazan, Consulate General of India, Yekaterinburg,"
    " Ministry of External Affairs (MEA)",
    "2025-11-20",
    "normal",
    "Inauguration of the Consulates General of India in Yekaterinburg and Kazan",
]


@pytest.mark.parametrize(
    ("name", "table_class", "expected"),
    [
        ("actionitem-list", ActionItemTable, [TRADE, CONSULATES]),
        (
            "meeting-list",
            MeetingTable,
            [
                [
                    "20 August 2025",
                    "26th session of the IRIGC-TEC",
                    "commission session",
                    "Moscow",
                    "Denis Manturov, S. Jaishankar",
                    "Energy, Finance, Industry, Investment, Trade",
                    "",  # prepares no summit
                    "IRIGC-TEC",
                    "5",
                ]
            ],
        ),
        (
            "summit-list",
            SummitTable,
            [
                [
                    "23rd India–Russia Annual Summit",
                    "early December 2025",
                    "New Delhi",
                    "India",
                    "anticipated",
                    "7",
                    "3",
                ]
            ],
        ),
        (
            "person-list",
            PersonTable,
            [
                [
                    "Denis Manturov",
                    "First Deputy Prime Minister of Russia",
                    "Government of the Russian Federation",
                    "Russia",
                    "2",
                ]
            ],
        ),
        (
            "organisation-list",
            OrganisationTable,
            [
                [
                    "Consulate General of India, Kazan",
                    "",
                    "diplomatic mission",
                    "India",
                    "Ministry of External Affairs (MEA)",
                    "0",
                    "1",
                ],
                ["Ministry of External Affairs", "MEA", "ministry", "India", "", "1", "7"],
            ],
        ),
        (
            "source-list",
            SourceTable,
            [
                [
                    "Jaishankar meets Manturov in Moscow ahead of 23rd India-Russia Annual Summit",
                    "ANI",
                    "2025-11-20",
                    "news report",
                    "",
                ]
            ],
        ),
    ],
)
def test_every_column_exports_the_words_on_screen(viewer_client, name, table_class, expected):
    """Labels of choices, names of related records, lists joined, fuzzy dates as written."""
    url = reverse(f"summits:{name}")
    choices = table_class.column_choices()
    viewer_client.post(url, {"columns": [column for column, _ in choices]})
    header, *rows = csv_rows(viewer_client.get(url, {"_export": "csv"}))
    exported = [label for name, label in choices]
    if name == "actionitem-list":  # with the date of the summit, an export-only column
        exported.insert(exported.index("Target summit") + 1, "Summit date")
    assert header == [str(label) for label in exported]
    by_first_cell = {row[0]: row for row in rows}
    for row in expected:
        assert by_first_cell[row[0]] == row


@pytest.fixture
def varied_items(seed) -> list[ActionItem]:
    """Items that differ in every sortable column, and in their sectors and organisations."""
    sectors = list(Sector.objects.order_by("slug"))
    organisations = list(Organisation.objects.order_by("slug"))
    dues = cycle(
        [
            FuzzyDate(dt.date(2026, 3, 1), "month"),
            None,
            FuzzyDate(dt.date(2025, 12, 1), "early"),
            FuzzyDate(dt.date(2027, 1, 1), "year"),
            FuzzyDate(dt.date(2026, 2, 14), "day"),
        ]
    )
    statuses, meetings = cycle(Status), cycle([*Meeting.objects.all(), None])
    summits = cycle([Summit.objects.get(), None])
    items = []
    for number in range(1, 31):
        item = ActionItem(
            ref=f"VARIED-{number:02}",
            title=f"Varied commitment {31 - number}",
            status=next(statuses),
            status_as_of=dt.date(2025, 1, 1) + dt.timedelta(days=number * 7 % 30),
            priority=number % 3 + 1,
            target_summit=next(summits),
            origin_meeting=next(meetings),
        )
        item.due = next(dues)
        item.save()
        item.sectors.set(sectors[number % 4 : number % 4 + number % 3])
        item.responsible.set(organisations[number % 5 :: 3])
        items.append(item)
    return items


@pytest.mark.usefixtures("varied_items")
@pytest.mark.parametrize(
    "sort", ["due", "-due", "status", "-status", "-target_summit", "origin_meeting", "priority"]
)
def test_export_rows_come_in_the_lists_own_order(viewer_client, sort):
    listed = viewer_client.get(URL, {"sort": sort}).context["table"].data.data
    rows = csv_rows(viewer_client.get(URL, {"sort": sort, "_export": "csv"}))
    assert [row[0] for row in rows[1:]] == [item.ref for item in listed]


@pytest.mark.usefixtures("varied_items")
def test_export_sorted_by_due_runs_from_the_earliest_day_with_unknown_dates_last(viewer_client):
    viewer_client.post(URL, {"columns": ["ref", "due"]})
    _header, *rows = csv_rows(viewer_client.get(URL, {"sort": "due", "_export": "csv"}))
    dues = [due for _ref, due in rows]
    known = [FuzzyDate.parse(due).start for due in dues if due]
    assert known == sorted(known) and len(known) > 1
    assert dues[len(known) :] == [""] * (len(dues) - len(known))


@pytest.mark.usefixtures("varied_items")
def test_export_holds_exactly_the_filtered_rows(viewer_client):
    query = {"status": [Status.STALLED, Status.IN_PROGRESS], "priority": "1", "q": "VARIED"}
    rows = csv_rows(viewer_client.get(URL, {**query, "_export": "csv"}))
    expected = ActionItem.objects.filter(
        status__in=query["status"], priority=1, ref__startswith="VARIED"
    ).order_by("ref")
    assert [row[0] for row in rows[1:]] == [item.ref for item in expected]
    assert {row[2] for row in rows[1:]} == {"stalled", "in progress"}


@pytest.mark.usefixtures("varied_items")
def test_rows_read_in_chunks_keep_their_own_links_and_names(viewer_client, monkeypatch):
    viewer_client.post(URL, {"columns": [name for name, _ in ActionItemTable.column_choices()]})
    whole = csv_rows(viewer_client.get(URL, {"_export": "csv"}))
    monkeypatch.setattr(exports, "CHUNK_SIZE", 4)  # rows, links and names across chunks
    assert csv_rows(viewer_client.get(URL, {"_export": "csv"})) == whole
    varied = {row[0]: row for row in whole}["VARIED-05"]
    item = ActionItem.objects.get(ref="VARIED-05")
    assert varied[3] == ", ".join(sector.name for sector in item.sectors.order_by("name"))
    assert varied[7] == ", ".join(str(org) for org in item.responsible.order_by("name"))
    assert varied[3] and ", " in varied[7]


def _export_queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        csv_rows(client.get(URL, {**query, "_export": "csv"}))
    return len(captured)


def test_export_queries_do_not_grow_with_the_rows(viewer_client):
    """Related names and lists are fetched per chunk of rows, never once per row."""
    viewer_client.post(URL, {"columns": [name for name, _ in ActionItemTable.column_choices()]})
    make_action_items(3, prefix="FEW")
    make_action_items(60, prefix="MANY")
    assert _export_queries(viewer_client, q="FEW-") == _export_queries(viewer_client, q="MANY-")


class RecordReadTable(TrackerTable):
    """Columns whose values no database field holds: read from the records themselves."""

    ref = tables.Column("Reference")
    final = tables.Column("Final", accessor="is_final")
    origin_sectors = ListColumn(verbose_name="Origin sectors", accessor="origin_meeting__sectors")

    class Meta(TrackerTable.Meta):
        model = ActionItem
        fields: tuple[str, ...] = ()


def test_columns_that_are_no_field_are_read_from_their_records():
    ActionItem.objects.create(ref="DONE-1", title="Done", status=Status.FULFILLED)
    queryset = ActionItem.objects.filter(ref__in=["DONE-1", "MARITIME-2025-1"])
    header, *rows = exports.table_rows(RecordReadTable(queryset), queryset)
    assert header == ["Reference", "Final", "Origin sectors"]
    assert rows == [["DONE-1", True, None], ["MARITIME-2025-1", False, "Maritime"]]


# When is the summit an item feeds? ----------------------------------------------------


def test_exports_give_the_target_summits_date_as_written(viewer_client):
    query = {"q": "TRADE-1", "_export": "json"}
    (row,) = json.loads(viewer_client.get(URL, query).getvalue())
    assert row["Target summit"] == "23rd India–Russia Annual Summit"
    assert row["Summit date"] == "early December 2025"
    sheet = openpyxl.load_workbook(
        io.BytesIO(viewer_client.get(URL, {**query, "_export": "xlsx"}).getvalue())
    ).active
    header, values = ([cell.value for cell in row] for row in sheet.iter_rows())
    assert dict(zip(header, values, strict=True))["Summit date"] == "early December 2025"


def test_the_summit_date_is_an_export_only_column_that_goes_with_the_target_summit(
    viewer_client,
):
    page = viewer_client.get(URL).text
    assert "Summit date" not in page  # neither a column on screen nor one to choose
    assert "summit_date" not in dict(ActionItemTable.column_choices())
    viewer_client.post(URL, {"columns": ["ref", "due"]})
    header, *_rows = csv_rows(viewer_client.get(URL, {"_export": "csv"}))
    assert header == ["Reference", "Due"]
    viewer_client.post(URL, {"columns": ["ref", "target_summit"]})
    header, *_rows = csv_rows(viewer_client.get(URL, {"_export": "csv"}))
    assert header == ["Reference", "Target summit", "Summit date"]


def test_every_empty_value_is_null_in_json_and_an_empty_cell_in_csv_and_xlsx(viewer_client):
    """No due date, no summit (so no summit date), no sector, no one responsible."""
    ActionItem.objects.create(ref="BARE-1", title="Bare", priority=2)
    viewer_client.post(URL, {"columns": [name for name, _ in ActionItemTable.column_choices()]})
    empty = ["Sectors", "Due", "Target summit", "Summit date", "Responsible", "Origin"]
    (row,) = json.loads(viewer_client.get(URL, {"q": "BARE-1", "_export": "json"}).getvalue())
    assert {name: row[name] for name in empty} == dict.fromkeys(empty)
    header, values = csv_rows(viewer_client.get(URL, {"q": "BARE-1", "_export": "csv"}))
    assert {name for name, value in zip(header, values, strict=True) if value == ""} == {
        *empty,
        "Last update",
    }
    response = viewer_client.get(URL, {"q": "BARE-1", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    header, values = ([cell.value for cell in row] for row in sheet.iter_rows())
    cells = dict(zip(header, values, strict=True))
    assert all(cells[name] is None for name in empty)


# File names ------------------------------------------------------------------------------


def test_file_is_named_after_the_list_its_filters_and_the_day(viewer_client):
    query = {"status": ["not_started", "stalled"], "sector": "trade", "overdue": "on", "q": ""}
    response = viewer_client.get(URL, {**query, "_export": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="action-items-status-not-started-status-stalled-sector-trade'
        '-overdue-2026-06-15.csv"'
    )


def test_a_refused_filter_value_gives_no_file_at_all(viewer_client):
    """Not a file named as if unfiltered: the export is refused (see test_filter_problems)."""
    response = viewer_client.get(URL, {"sector": "no-such-sector", "_export": "json"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response


@pytest.mark.parametrize(
    "typed",
    ['gas"; filename="evil.exe', "line\r\nSet-Cookie: x=1", "Ünïcode — ✓ 東京", "../../etc"],
)
def test_what_a_user_types_cannot_break_the_file_name(viewer_client, typed):
    response = viewer_client.get(URL, {"q": typed, "_export": "csv"})
    disposition = response["Content-Disposition"]
    name = disposition.removeprefix('attachment; filename="').removesuffix('"')
    assert re.fullmatch(r"action-items-q(-[a-z0-9]+)*-2026-06-15\.csv", name), disposition


def test_a_long_filter_keeps_the_file_name_short(viewer_client):
    response = viewer_client.get(URL, {"q": "word " * 100, "sector": "trade", "_export": "csv"})
    name = response["Content-Disposition"].removeprefix('attachment; filename="')
    stem = name.removesuffix('-2026-06-15.csv"')
    assert len(stem) <= exports.MAX_STEM and stem.startswith("action-items-q-word-word")
    assert not stem.endswith("-")


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        ([], "action-items"),
        (["status not_started", "sector trade"], "action-items-status-not-started-sector-trade"),
        (["q __--  --__ "], "action-items-q"),
        (["q " + "x" * 200], "action-items-q"),  # one word too long: cut before it
    ],
)
def test_export_stem(words, stem):
    assert exports.export_stem("action-items", words) == stem
