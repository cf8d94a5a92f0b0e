"""The lists' `q` finds the same records on SQLite (substrings) and PostgreSQL (full text)."""

import pytest
from django.db import connection

from summits.filters import ActionItemFilterSet, MeetingFilterSet
from summits.models import ActionItem, Meeting

ITEMS = {
    "IRIGC-TEC-26/TRADE-1": ("Raise bilateral trade", "Expand trade in national currencies."),
    "IRIGC-TEC-26/MARITIME-1": ("Launch a shipbuilding partnership", "Build ice-class ships."),
    "IJJC-4/ENERGY-2": ("Civil nuclear power project", "Work towards a nuclear plant."),
}


@pytest.fixture
def records(db) -> None:
    for ref, (title, text) in ITEMS.items():
        ActionItem.objects.create(ref=ref, title=title, text=text)
    Meeting.objects.create(
        slug="2025-08-20-irigc-tec-26",
        title="Session 26 of the IRIGC-TEC",
        summary="Trade, shipbuilding and the maritime corridor.",
        date_start="2025-08-20",
    )
    Meeting.objects.create(
        slug="2025-09-01-ijjc-4", title="Session 4 of the IJJC", date_start="2025-09-01"
    )


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize(
    ("q", "refs"),
    [
        ("shipbuilding", {"IRIGC-TEC-26/MARITIME-1"}),
        ("Shipbuilding PARTNERSHIP", {"IRIGC-TEC-26/MARITIME-1"}),
        ("ship", {"IRIGC-TEC-26/MARITIME-1"}),  # the start of a word is enough
        ("trade", {"IRIGC-TEC-26/TRADE-1"}),
        ("IRIGC-TEC-26", {"IRIGC-TEC-26/TRADE-1", "IRIGC-TEC-26/MARITIME-1"}),
        ("irigc-tec-26/trade-1", {"IRIGC-TEC-26/TRADE-1"}),
        ("nuclear project", {"IJJC-4/ENERGY-2"}),
        ("nuclear trade", set()),  # every word must match
        ("tanker", set()),
    ],
)
def test_action_item_search_finds_the_same_items_on_every_backend(q, refs):
    found = ActionItemFilterSet({"q": q}, queryset=ActionItem.objects.all()).qs
    assert set(found.values_list("ref", flat=True)) == refs


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize(
    ("q", "slugs"),
    [
        ("shipbuilding", {"2025-08-20-irigc-tec-26"}),
        ("session", {"2025-08-20-irigc-tec-26", "2025-09-01-ijjc-4"}),
        ("IJJC", {"2025-09-01-ijjc-4"}),
        ("corridor trade", {"2025-08-20-irigc-tec-26"}),
        ("visit", set()),
    ],
)
def test_meeting_search_finds_the_same_meetings_on_every_backend(q, slugs):
    found = MeetingFilterSet({"q": q}, queryset=Meeting.objects.all()).qs
    assert set(found.values_list("slug", flat=True)) == slugs


@pytest.mark.usefixtures("records")
def test_the_list_page_searches(viewer_client):
    response = viewer_client.get("/action-items/", {"q": "shipbuilding"})
    assert response.status_code == 200
    assert "IRIGC-TEC-26/MARITIME-1" in response.text
    assert "IRIGC-TEC-26/TRADE-1" not in response.text


@pytest.mark.usefixtures("records")
def test_postgresql_searches_through_a_gin_index_and_sqlite_needs_none():
    with connection.cursor() as cursor:
        indexes = {
            table: connection.introspection.get_constraints(cursor, table)
            for table in ("summits_actionitem", "summits_meeting")
        }
    names = {name for constraints in indexes.values() for name in constraints}
    search = ActionItemFilterSet({"q": "shipbuilding"}, queryset=ActionItem.objects.all()).qs
    if connection.vendor == "postgresql":
        assert {"actionitem_search_gin", "meeting_search_gin"} <= names
        # Three rows would be read directly, or through the primary key; forbid both (for
        # this transaction) so that only an index on the search expression can serve it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
        assert "Bitmap Index Scan on actionitem_search_gin" in search.order_by().explain()
    else:
        assert not {"actionitem_search_gin", "meeting_search_gin"} & names
        assert search.count() == 1
