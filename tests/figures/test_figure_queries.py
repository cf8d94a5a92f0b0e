"""The dashboard and a summit's page, right after a write (their cache emptied), read
their figures in a fixed number of queries however many items there are, from the kept
tallies rather than by counting the items."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.caching import records_changed
from summits.fuzzydates import FuzzyDate
from summits.models import ActionItem, Status, StatusUpdate, Summit
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("today", "seed")


def queries_after_a_write(client, url: str) -> list[str]:
    """The SQL of `url` read right after a write: a status update, the cache emptied."""
    item = ActionItem.objects.order_by("pk").first()
    last = item.status_updates.order_by("-as_of", "-sequence").first()
    StatusUpdate.objects.create(
        action_item=item, as_of=last.as_of, sequence=last.sequence + 1, status=Status.STALLED
    )
    records_changed()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries]


def more_items(count: int) -> None:
    """`count` more items of the seed's summit, each with a status update."""
    for item in make_action_items(count, due=FuzzyDate(dt.date(2026, 5, 1), "day")):
        StatusUpdate.objects.create(
            action_item=item, as_of=dt.date(2026, 1, 5), status=Status.IN_PROGRESS
        )


def whole_table_counts(sql: list[str]) -> list[str]:
    """The queries that count action items without picking one summit's: a recount."""
    return [
        query
        for query in sql
        if 'FROM "summits_actionitem"' in query
        and "COUNT(" in query
        and '"target_summit_id" =' not in query
    ]


@pytest.mark.parametrize("url", ["summits:home", "summit"])
def test_figures_after_a_write_cost_the_same_queries_however_many_items(viewer_client, url):
    summit = Summit.objects.get(number=23)
    summit.date = FuzzyDate(dt.date(2026, 7, 1))  # the dashboard's next summit
    summit.save()
    path = summit.get_absolute_url() if url == "summit" else reverse(url)
    viewer_client.get(path)  # the session and permissions, cached
    few = queries_after_a_write(viewer_client, path)
    more_items(40)
    many = queries_after_a_write(viewer_client, path)
    assert len(many) == len(few)
    assert whole_table_counts(many) == []
    assert any("summits_itemtally" in query for query in many)
