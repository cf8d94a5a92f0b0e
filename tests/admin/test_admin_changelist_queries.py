"""The admin's lists cost the same number of queries however many summits their summit
filter offers: each summit is named from one query, not one query per summit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.filters import ActionItemFilterSet
from summits.models import ActionItem, Meeting, Summit, SummitSeries

pytestmark = pytest.mark.usefixtures("seed")

CHANGELISTS = ["actionitem", "meeting", "statusupdate"]


def _queries(client, model: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(f"admin:summits_{model}_changelist"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("model", CHANGELISTS)
def test_a_changelist_costs_the_same_with_thirty_more_summits(analyst_client, model):
    _queries(analyst_client, model)  # sessions and menus settled
    few, _ = _queries(analyst_client, model)
    series = SummitSeries.objects.get()
    Summit.objects.bulk_create(Summit(series=series, number=n) for n in range(24, 54))
    many, page = _queries(analyst_client, model)
    assert many == few
    assert "53rd India–Russia Annual Summit" in page  # offered by the filter


@pytest.mark.parametrize("q", ["trade", "IRIGC-TEC-26/TRADE", "rupee payments", "zzz"])
def test_the_admins_item_search_finds_what_the_action_items_page_finds(analyst_client, q):
    response = analyst_client.get(reverse("admin:summits_actionitem_changelist"), {"q": q})
    found = {item.ref for item in response.context["cl"].result_list}
    page = ActionItemFilterSet({"q": q}, queryset=ActionItem.objects.all()).qs
    assert found == set(page.values_list("ref", flat=True))


@pytest.mark.parametrize("model", ["actionitem", "meeting"])
def test_the_sector_filter_counts_rows_without_distinct(analyst_client, model):
    url = reverse(f"admin:summits_{model}_changelist")
    with CaptureQueriesContext(connection) as captured:
        response = analyst_client.get(url, {"sector": "trade"})
    shown = {row.pk for row in response.context["cl"].result_list}
    manager = ActionItem.objects if model == "actionitem" else Meeting.objects
    assert shown == set(manager.filter(sectors__slug="trade").values_list("pk", flat=True))
    assert shown  # the seed has trade items and meetings
    # Only the date hierarchy's years are distinct, not the rows counted and shown.
    distinct = [q["sql"] for q in captured.captured_queries if "DISTINCT" in q["sql"]]
    assert all("date_trunc" in sql.lower() for sql in distinct), distinct
