"""The big changelists' date hierarchy (summits/admindates.py): from the first and the last
date, each one row in index order, the periods between them; never MIN and MAX together
nor DISTINCT over every row."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.models import ActionItem, StatusUpdate

pytestmark = pytest.mark.usefixtures("seed")

URL = reverse("admin:summits_statusupdate_changelist")


def _update(item: ActionItem, day: dt.date) -> None:
    StatusUpdate.objects.create(action_item=item, as_of=day, sequence=1, status="in_progress")


def _hierarchy(client, **params) -> tuple[list[str], list[str]]:
    """The hierarchy's choices on the status updates' page, and the queries it made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    [nav] = re.findall(r'<nav[^>]*"date-hierarchy-label">(.*?)</nav>', response.text, re.DOTALL)
    choices = [html.unescape(text).lstrip("‹ ") for text in re.findall(r">([^<>]+)</a>", nav)]
    return choices, [query["sql"] for query in captured.captured_queries]


def test_years_run_from_the_first_update_to_the_last_without_reading_every_row(analyst_client):
    item = ActionItem.objects.first()
    StatusUpdate.objects.all().delete()
    _update(item, dt.date(2021, 3, 4))
    _update(item, dt.date(2024, 7, 9))  # none in 2022 and 2023: offered all the same

    years, queries = _hierarchy(analyst_client)

    assert years == ["2021", "2022", "2023", "2024"]
    hierarchy = [sql for sql in queries if '"as_of" AS' in sql]
    assert len(hierarchy) == 2 and all("LIMIT 1" in sql for sql in hierarchy), hierarchy
    assert not [sql for sql in queries if "DISTINCT" in sql or "MIN(" in sql or "MAX(" in sql]


def test_a_year_lists_its_months_and_a_month_its_days(analyst_client):
    item = ActionItem.objects.first()
    StatusUpdate.objects.all().delete()
    for day in (
        dt.date(2024, 2, 27),
        dt.date(2024, 2, 29),
        dt.date(2024, 4, 2),
        dt.date(2025, 1, 1),
    ):
        _update(item, day)

    months, _ = _hierarchy(analyst_client, as_of__year="2024")
    days, _ = _hierarchy(analyst_client, as_of__year="2024", as_of__month="2")

    assert months == ["All dates", "February 2024", "March 2024", "April 2024"]
    assert days == ["2024", "27 February", "28 February", "29 February"]


def test_one_year_of_updates_opens_at_its_months(analyst_client):
    item = ActionItem.objects.first()
    StatusUpdate.objects.all().delete()
    _update(item, dt.date(2024, 5, 30))
    _update(item, dt.date(2024, 6, 2))

    months, _ = _hierarchy(analyst_client)

    assert months == ["All dates", "May 2024", "June 2024"]
