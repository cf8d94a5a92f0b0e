"""An API list is counted and paged as its list page is (lists.paging.list_paginator):
from the kept figures where its filters ask only what they count, else up to
TRACKER_LIST_COUNT_LIMIT, past which `count` is the limit and `count_exact` false;
`?count=all` counts them all. Its pages hold the rows a plain queryset gives, in order."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.models import ActionItem, Sector, Status
from tests.count_limit import FILTER, LIMIT, counted_up_to_limit, filtered_items  # noqa: F401

URL = reverse("api:actionitem-list")
pytestmark = pytest.mark.usefixtures("counted_up_to_limit")


def filtered() -> list[str]:
    """The refs FILTER keeps, from a plain queryset, in the API's order."""
    return list(filtered_items().order_by("ref", "pk").values_list("ref", flat=True))


def refs(body: dict) -> list[str]:
    return [item["ref"] for item in body["results"]]


def test_a_list_answers_its_count_whether_exact_its_links_and_its_records(viewer_client):
    body = viewer_client.get(URL, {"per_page": 3}).json()
    assert list(body) == ["count", "count_exact", "next", "previous", "results"]
    # Every item, read from the kept figures: exact past the limit too.
    assert (body["count"], body["count_exact"]) == (ActionItem.objects.count(), True)
    assert body["next"].endswith("/api/action-items/?page=2&per_page=3")
    assert body["previous"] is None and len(body["results"]) == 3


def test_past_the_limit_the_count_says_how_many_there_are_more_than(viewer_client):
    assert len(filtered()) > LIMIT
    body = viewer_client.get(URL, FILTER | {"per_page": 25}).json()
    assert (body["count"], body["count_exact"]) == (LIMIT, False)
    assert refs(body) == filtered()[:25]
    assert body["next"]
    # Counted to the end of the page asked for at least (the default page: 50 records).
    body = viewer_client.get(URL, FILTER).json()
    assert (body["count"], body["count_exact"]) == (50, False)


def test_count_all_counts_them_all_and_the_next_page_too(viewer_client):
    body = viewer_client.get(URL, FILTER | {"count": "all", "per_page": 25}).json()
    assert (body["count"], body["count_exact"]) == (len(filtered()), True)
    assert "count=all" in body["next"]
    assert viewer_client.get(body["next"]).json()["count_exact"] is True


@pytest.mark.parametrize("per_page", [7, 25])
def test_following_next_gives_every_row_once_and_at_the_end_the_exact_count(
    viewer_client, per_page
):
    url = f"{URL}?{urlencode(FILTER | {'per_page': per_page})}"
    shown, counts = [], []
    while url:
        body = viewer_client.get(url).json()
        shown += refs(body)
        counts.append((body["count"], body["count_exact"]))
        url = body["next"]
    assert shown == filtered()
    # Counted to the end of each page asked for at least: the last page's is exact.
    assert counts[0] == (max(LIMIT, per_page), False)
    assert counts[-1] == (len(filtered()), True)


def test_the_last_page_is_counted_exactly_and_a_page_past_the_end_is_not_found(viewer_client):
    body = viewer_client.get(URL, FILTER | {"page": "last", "per_page": 25}).json()
    total = len(filtered())
    assert (body["count"], body["count_exact"], body["next"]) == (total, True, None)
    assert refs(body) == filtered()[(total - 1) // 25 * 25 :]
    assert viewer_client.get(URL, FILTER | {"page": 99}).status_code == 404


def _filters_kept() -> list[dict]:
    sector = Sector.objects.order_by("slug").first().slug
    return [
        {},
        {"status": "in_progress"},
        {"sector": sector},
        {"sector": sector, "status": ["in_progress", "not_assessed"]},
    ]


def test_statuses_with_one_sector_are_counted_from_the_kept_figures(viewer_client):
    ActionItem.objects.filter(ref__startswith="EXTRA-00").update(status=Status.IN_PROGRESS)
    for filters in _filters_kept():
        with CaptureQueriesContext(connection) as queries:
            body = viewer_client.get(URL, filters | {"per_page": 200}).json()
        listed = viewer_client.get(reverse("summits:actionitem-list"), filters)
        rows = listed.context["filterset"].qs
        assert (body["count"], body["count_exact"]) == (rows.count(), True), filters
        assert refs(body) == list(rows.order_by("ref", "pk").values_list("ref", flat=True))
        counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        assert counted == [], filters  # no item read to count them


def test_a_page_reads_its_rows_by_their_ids_not_past_an_offset_of_rows(viewer_client):
    with CaptureQueriesContext(connection) as queries:
        body = viewer_client.get(URL, FILTER | {"page": 2, "per_page": 25}).json()
    assert refs(body) == filtered()[25:50]
    pages = [q["sql"] for q in queries if q["sql"].startswith('SELECT "summits_actionitem"."id"')]
    assert len(pages) == 1
    rows, ids = pages[0].split(" IN (SELECT", 1)
    # The ids skipped over in the subquery; the rows, joined, fetched for the page alone,
    # without asking the filters again.
    assert "OFFSET" not in rows and "OFFSET 25" in ids
    assert rows.split(" WHERE ")[1] == '"summits_actionitem"."id"'


def test_counting_to_the_limit_or_exactly_costs_the_same_queries(viewer_client):
    ActionItem.objects.filter(ref__startswith="EXTRA-00").update(status=Status.IN_PROGRESS)
    viewer_client.get(URL)  # the user's permissions, cached as on any later request
    asked = [{}, {"status": "in_progress"}, FILTER, FILTER | {"count": "all"}]
    budgets = []
    for filters in asked:
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(URL, filters | {"per_page": 50}).status_code == 200
        budgets.append(len(queries))
    # The user and their permissions, the count (kept or counted), the page, its rows'
    # sectors, responsible organisations and watchers.
    assert budgets == [7] * len(asked)


def test_the_schema_describes_count_exact_and_count_all(viewer_client):
    schema = viewer_client.get("/api/schema/", {"format": "json"}).json()
    page = schema["components"]["schemas"]["PaginatedActionItemList"]
    assert page["required"] == ["count", "count_exact", "results"]
    assert page["properties"]["count_exact"]["type"] == "boolean"
    parameters = schema["paths"]["/api/action-items/"]["get"]["parameters"]
    count = next(parameter for parameter in parameters if parameter["name"] == "count")
    assert count["schema"]["enum"] == ["all"]
