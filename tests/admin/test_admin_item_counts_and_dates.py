"""The admin's action items: counted from the kept tallies where its filters are only a
status, a sector and a target summit, as the action items page counts them, and every
other filter's rows counted; its date hierarchy running from the first to the last due
date of the rows it lists, found along the due dates' index or through all the rows."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.db.models import Max, Min
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits import admindates
from summits.models import ActionItem, Sector, Status, Summit
from tests.records import make_action_items

URL = reverse("admin:summits_actionitem_changelist")


@pytest.fixture(autouse=True)
def items(seed):
    """Items in three sectors, a dozen in progress; their due dates years apart, those in
    progress spread over 2019-2024 and the others in 2030, so that each filter's rows
    have their own first and last year."""
    made = make_action_items(30)
    for number, item in enumerate(made):
        fields = {"due_start": dt.date(2030, 1 + number % 12, 1)}
        if number < 12:
            fields = {"status": Status.IN_PROGRESS, "due_start": dt.date(2019 + number % 6, 6, 1)}
        ActionItem.objects.filter(pk=item.pk).update(**fields)


def _sector() -> str:
    return Sector.objects.order_by("slug").first().slug


def _summit() -> str:
    return str(Summit.objects.first().pk)


def _kept() -> list[dict]:
    status, sector, summit = "status__exact", "sector", "target_summit__id__exact"
    return [
        {},
        {status: "in_progress"},
        {sector: _sector()},
        {summit: _summit()},
        {status: "in_progress", sector: _sector()},
        {status: "not_assessed", summit: _summit()},
        {status: "in_progress", sector: _sector(), "o": "2", "p": "1"},  # order and page
    ]


def _counted() -> list[dict]:
    status, sector, summit = "status__exact", "sector", "target_summit__id__exact"
    return [
        {sector: _sector(), summit: _summit()},  # no tally counts both
        {"priority__exact": "1"},
        {"q": "commitment"},
        {status: "in_progress", "due_start__year": "2021"},
        {sector: "no-such-sector"},
        {status: ""},  # no status at all: not every item
        {summit: "0"},
    ]


def _changelist(client, params: dict) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200, params
    return response, [query["sql"] for query in captured.captured_queries]


def _item_counts(queries: list[str]) -> list[str]:
    return [sql for sql in queries if "COUNT(" in sql and '"summits_actionitem"' in sql]


@pytest.mark.parametrize("kept", [True, False], ids=["kept", "counted"])
def test_the_count_shown_is_the_count_of_the_rows_listed(analyst_client, kept):
    for params in _kept() if kept else _counted():
        response, queries = _changelist(analyst_client, params)
        cl = response.context["cl"]
        assert cl.result_count == cl.queryset.count(), params
        assert f"{cl.result_count} action item" in response.text, params
        # The kept filters read the tallies, never the items, to count them.
        assert bool(_item_counts(queries)) != kept, (params, _item_counts(queries))


def _years(response) -> list[str]:
    [nav] = re.findall(r'<nav[^>]*"date-hierarchy-label">(.*?)</nav>', response.text, re.DOTALL)
    return [html.unescape(text).lstrip("‹ ") for text in re.findall(r">([^<>]+)</a>", nav)]


# A window of one row holds the first and the last due date of the table only: the other
# filters' ends are then found through all their rows.
@pytest.mark.parametrize("window", [1, admindates.WINDOW])
def test_the_date_hierarchy_runs_from_the_first_to_the_last_due_date_of_the_rows(
    analyst_client, monkeypatch, window
):
    monkeypatch.setattr(admindates, "WINDOW", window)
    for params in [*_kept(), *_counted()]:
        if "due_start__year" in params:
            continue  # a year's months, not years
        response, _ = _changelist(analyst_client, params)
        rows = response.context["cl"].queryset
        ends = rows.aggregate(earliest=Min("due_start"), latest=Max("due_start"))
        if ends["earliest"] is None:
            assert _years(response) == [], params
            continue
        years = [str(year) for year in range(ends["earliest"].year, ends["latest"].year + 1)]
        if len(years) > 1:
            assert _years(response) == years, params


def test_a_year_offers_the_months_of_its_first_to_its_last_row(analyst_client, monkeypatch):
    monkeypatch.setattr(admindates, "WINDOW", 1)
    response, _ = _changelist(
        analyst_client, {"status__exact": "not_assessed", "due_start__year": "2030"}
    )
    rows = response.context["cl"].queryset
    first, last = rows.order_by("due_start")[0].due_start, rows.order_by("-due_start")[0].due_start
    assert first.month < last.month  # the seed's and the made items' own months
    months = [
        dt.date(2030, month, 1).strftime("%B 2030") for month in range(first.month, last.month + 1)
    ]
    assert _years(response) == ["All dates", *months]


def test_a_changelist_without_rows_looks_for_no_dates(analyst_client):
    response, queries = _changelist(analyst_client, {"q": "zzzqqq"})
    assert response.context["cl"].result_count == 0
    dates = [sql for sql in queries if '"due_start" AS' in sql]
    assert dates == [], dates
