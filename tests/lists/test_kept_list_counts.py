"""The action-item list's count read from the kept tallies where its filters ask only
what they count (statuses, with one sector or one target summit): the count of the rows
it shows, without counting them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.models import ActionItem, Sector, Status, Summit
from tests.records import make_action_items

URL = reverse("summits:actionitem-list")


@pytest.fixture(autouse=True)
def items(settings, seed):
    settings.TRACKER_LIST_COUNT_LIMIT = 10  # below the rows: a counted list says "more than"
    made = make_action_items(30)
    ActionItem.objects.filter(pk__in=[item.pk for item in made[:12]]).update(
        status=Status.IN_PROGRESS
    )


def _filters() -> list[dict]:
    sector = Sector.objects.order_by("slug").first().slug
    summit = Summit.objects.first()
    summit_key = f"{summit.series.slug}-{summit.number}"
    return [
        {},
        {"status": "in_progress"},
        {"status": ["in_progress", "not_assessed"]},
        {"sector": sector},
        {"sector": sector, "status": "in_progress"},
        {"summit": summit_key},
        {"summit": summit_key, "status": "not_assessed"},
    ]


def test_a_list_of_statuses_and_one_sector_or_summit_is_counted_from_the_tallies(
    viewer_client,
):
    for filters in _filters():
        response = viewer_client.get(URL, filters)
        assert response.status_code == 200, filters
        filterset = response.context["filterset"]
        assert filterset.problems == [], filters
        paginator = response.context["table"].paginator
        rows = filterset.qs.count()
        assert paginator.count == rows, filters
        assert paginator.more_than is None, filters  # exact, past the count limit too
        assert filterset.kept_count() == rows, filters


def test_the_list_reads_no_item_to_count_them(viewer_client):
    viewer_client.get(URL, {"status": "in_progress"})  # the menus, cached
    with CaptureQueriesContext(connection) as queries:
        viewer_client.get(URL, {"status": "in_progress"})
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts == [], counts


@pytest.mark.parametrize(
    "filters",
    [
        {"q": "commitment"},
        {"status": "in_progress", "due_before": "2026-12-31"},
        {"priority": "high"},
        {"due_within": "0"},
    ],
)
def test_any_other_filter_counts_the_rows(viewer_client, filters):
    response = viewer_client.get(URL, filters)
    assert response.context["filterset"].kept_count() is None
    assert response.context["table"].paginator.count <= response.context["filterset"].qs.count()


def test_a_filter_that_cannot_be_applied_counts_nothing_kept(viewer_client):
    response = viewer_client.get(URL, {"sector": "no-such-sector", "status": "in_progress"})
    assert response.context["filterset"].problems
    assert response.context["filterset"].kept_count() is None
    assert response.context["table"].paginator.count == 0
