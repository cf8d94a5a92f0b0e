"""The action-item list: every filter, sorting, pages, htmx, empty states, columns, queries."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from summits.fuzzydates import FuzzyDate
from summits.lists.paging import _rows_with_ids
from summits.models import ActionItem, Sector, Status, StatusUpdate
from summits.services import action_items_status_refresh
from tests.records import make_action_items

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)
URL = reverse("summits:actionitem-list")
IRIGC = {f"IRIGC-TEC-26/{area}-1" for area in ["TRADE", "INVESTMENT", "FINANCE", "ENERGY"]} | {
    "IRIGC-TEC-26/INDUSTRY-1"
}


def refs(response) -> list[str]:
    return [row.record.ref for row in response.context["table"].paginated_rows]


def set_status(ref: str, status: str, as_of: dt.date = dt.date(2025, 11, 25)) -> None:
    StatusUpdate.objects.create(
        action_item=ActionItem.objects.get(ref=ref), as_of=as_of, status=status
    )


def test_lists_every_item_with_a_result_count(viewer_client):
    response = viewer_client.get(URL)
    assert response.status_code == 200
    assert sorted(refs(response)) == sorted(ActionItem.objects.values_list("ref", flat=True))
    assert "<strong>8</strong> action items" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=maritime", {"MARITIME-2025-1"}),
        ("q=decisions+trade", {"IRIGC-TEC-26/TRADE-1"}),  # every word must match
        ("sector=trade", {"IRIGC-TEC-26/TRADE-1", "CONSULATES-2025-1"}),
        ("origin=irigc-tec-26", IRIGC),
        ("commission=irigc-tec", IRIGC),
        ("responsible=maritime-board-russia", {"MARITIME-2025-1"}),
        ("priority=1", {"SUMMIT-23/PREP-1"}),
        ("due_before=2025-11-30", set()),
        ("due_after=2025-12-01&sector=maritime", {"MARITIME-2025-1"}),
    ],
)
def test_each_filter_keeps_only_matching_items(viewer_client, query, expected):
    assert set(refs(viewer_client.get(f"{URL}?{query}"))) == expected


def test_target_summit_is_chosen_by_its_natural_key(viewer_client):
    found = set(refs(viewer_client.get(f"{URL}?summit=india-russia-annual-summit-23")))
    assert found == set(
        ActionItem.objects.filter(target_summit__number=23).values_list("ref", flat=True)
    )
    assert "CONSULATES-2025-1" not in found


def test_country_filter_matches_a_responsible_organisation_of_that_country_once(viewer_client):
    found = refs(viewer_client.get(f"{URL}?country=RU"))
    # Items with two Russian organisations responsible still show once.
    assert sorted(found) == sorted({*IRIGC, "MARITIME-2025-1", "SUMMIT-23/PREP-1"})


def test_status_filter_takes_several_statuses(viewer_client):
    set_status("IRIGC-TEC-26/TRADE-1", Status.IN_PROGRESS)
    set_status("MARITIME-2025-1", Status.STALLED)
    found = refs(viewer_client.get(f"{URL}?status=in_progress&status=stalled"))
    assert sorted(found) == ["IRIGC-TEC-26/TRADE-1", "MARITIME-2025-1"]


def test_answers_which_trade_commitments_of_the_26th_session_are_not_started(viewer_client):
    """The issue's "done when" question, answered by filtering, once someone has assessed
    them (until then they are "not yet assessed")."""
    set_status("IRIGC-TEC-26/TRADE-1", Status.NOT_STARTED)
    set_status("IRIGC-TEC-26/INVESTMENT-1", Status.IN_PROGRESS)
    response = viewer_client.get(f"{URL}?origin=irigc-tec-26&sector=trade&status=not_started")
    assert refs(response) == ["IRIGC-TEC-26/TRADE-1"]
    assert "23rd India–Russia Annual Summit" in response.text  # the summit it feeds
    assert "early December 2025" in response.text  # and when it is due


def test_overdue_only_keeps_open_items_whose_latest_possible_day_has_passed(viewer_client):
    today = timezone.localdate()
    ActionItem.objects.update(due_start=None, due_precision="")
    past = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")
    past.due = FuzzyDate(today - dt.timedelta(days=40), "day")
    past.save()
    this_month = ActionItem.objects.get(ref="MARITIME-2025-1")
    this_month.due = FuzzyDate(today, "month")  # ends on the month's last day at the earliest
    this_month.save()
    done = ActionItem.objects.get(ref="SUMMIT-23/PREP-1")
    done.due = FuzzyDate(today - dt.timedelta(days=40), "day")
    done.save()
    done.status_updates.update(status=Status.FULFILLED)
    action_items_status_refresh(item_ids=[done.pk])
    assert refs(viewer_client.get(f"{URL}?overdue=on")) == ["IRIGC-TEC-26/TRADE-1"]


def test_unticked_boxes_and_empty_fields_leave_the_list_whole(viewer_client):
    response = viewer_client.get(f"{URL}?overdue=&stale=&q=&sector=&status=&due_within=")
    assert len(refs(response)) == ActionItem.objects.count()


def test_due_within_keeps_open_items_that_may_fall_due_in_that_many_days(viewer_client):
    today = timezone.localdate()
    ActionItem.objects.update(due_start=None, due_precision="")
    soon, later = make_action_items(2, prefix="SOON")
    soon.due = FuzzyDate(today + dt.timedelta(days=5), "day")
    soon.save()
    later.due = FuzzyDate(today + dt.timedelta(days=90), "day")
    later.save()
    assert refs(viewer_client.get(f"{URL}?due_within=30")) == ["SOON-001"]


def test_stale_only_keeps_open_items_without_a_recent_update(viewer_client, settings):
    settings.TRACKER_STALE_DAYS = 30
    today = timezone.localdate()
    fresh = "IRIGC-TEC-26/TRADE-1"
    set_status(fresh, Status.IN_PROGRESS, as_of=today - dt.timedelta(days=3))
    found = refs(viewer_client.get(f"{URL}?stale=on"))
    assert fresh not in found
    assert len(found) == ActionItem.objects.count() - 1


def test_an_unknown_filter_value_is_reported_not_crashed_on(viewer_client):
    response = viewer_client.get(f"{URL}?sector=no-such-sector")
    assert response.status_code == 200
    assert "Select a valid choice" in response.text


def test_origin_meeting_is_typed_as_a_slug_and_an_unknown_one_is_reported(viewer_client):
    response = viewer_client.get(f"{URL}?origin=no-such-meeting")
    assert response.status_code == 200
    assert response.context["filterset"].form["origin"].widget_type == "text"
    assert "No meeting has the slug or name “no-such-meeting”" in response.text
    assert 'value="no-such-meeting"' in response.text  # kept in the box to correct it
    assert "<option" not in str(response.context["filterset"].form["origin"])


def test_due_sorts_by_earliest_day_with_unknown_dates_last_both_ways(viewer_client):
    ActionItem.objects.exclude(ref="CONSULATES-2025-1").delete()  # no due date
    for ref, written in [("A", "Q1 2026"), ("B", "mid-December 2025"), ("C", "2025")]:
        item = ActionItem(ref=ref, title=ref)
        item.due = FuzzyDate.parse(written)
        item.save()
    assert refs(viewer_client.get(f"{URL}?sort=due")) == ["C", "B", "A", "CONSULATES-2025-1"]
    assert refs(viewer_client.get(f"{URL}?sort=-due")) == ["A", "B", "C", "CONSULATES-2025-1"]


def test_status_sorts_in_the_scale_order_not_alphabetically(viewer_client):
    set_status("MARITIME-2025-1", Status.WITHDRAWN)
    set_status("IRIGC-TEC-26/TRADE-1", Status.IN_PROGRESS)
    found = refs(viewer_client.get(f"{URL}?sort=status"))
    assert found[-1] == "MARITIME-2025-1"
    assert found.index("IRIGC-TEC-26/TRADE-1") > found.index("IRIGC-TEC-26/ENERGY-1")


def test_sort_headers_link_to_the_opposite_order_and_keep_the_filters(viewer_client):
    response = viewer_client.get(f"{URL}?sector=trade&sort=ref")
    assert 'href="?sector=trade&amp;sort=-ref"' in response.text
    assert 'aria-sort="ascending"' in response.text


def test_pages_hold_the_chosen_number_of_rows(viewer_client):
    make_action_items(30)
    total = ActionItem.objects.count()
    assert len(refs(viewer_client.get(URL))) == 25
    second = viewer_client.get(f"{URL}?page=2")
    assert len(refs(second)) == total - 25
    assert set(refs(second)).isdisjoint(refs(viewer_client.get(URL)))
    assert len(refs(viewer_client.get(f"{URL}?per_page=50"))) == total
    assert 'aria-current="page"' in second.text and 'rel="prev"' in second.text


@pytest.mark.parametrize("sort", ["due", "-due", "ref", "-status", ""])
def test_pages_fetched_by_their_ids_follow_the_list_order_without_gaps(
    viewer_client, django_assert_max_num_queries, sort
):
    """Pages are read as "the rows with this page's ids": same order, no row twice or lost."""
    make_action_items(60)
    first = viewer_client.get(URL, {"sort": sort})
    expected = [item.ref for item in first.context["table"].data.data]
    shown = refs(first)
    for page in range(2, 4):
        shown += refs(viewer_client.get(URL, {"sort": sort, "page": page}))
    assert shown == expected
    # Still one query for the page's rows (and one for the saved views' menu).
    with django_assert_max_num_queries(8):
        viewer_client.get(URL, {"sort": sort, "page": 3})


@pytest.mark.parametrize(
    "filters", [{"q": "extra commitment"}, {"q": "commitment", "status": "not_assessed"}]
)
def test_a_searched_page_searches_once_for_its_ids_and_not_again_for_its_rows(
    viewer_client, filters
):
    """The page's rows are read by the ids its subquery found, which met the search
    already: asked again, SQLite read every match of its trigram index twice (the page
    query 80 -> 40 ms at 1,000,000 items)."""
    make_action_items(60)
    with CaptureQueriesContext(connection) as queries:
        first = viewer_client.get(URL, filters)
    [rows] = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "summits_actionitem"."id", "summits_actionitem"."ref"')
    ]
    expected = [item.ref for item in first.context["table"].data.data]
    assert len(expected) > 25
    shown = refs(first) + refs(viewer_client.get(URL, {**filters, "page": 2}))
    assert shown == expected[:50]
    # Once, in the ids' subquery; the other conditions, joining nothing, once too.
    assert rows.count("MATCH" if connection.vendor == "sqlite" else "@@") == 1
    assert rows.count("not_assessed") == len(filters) - 1


def test_a_page_drops_the_conditions_that_join_another_table_with_their_joins(viewer_client):
    """Asked only of the ids: the rows' query neither asks them again nor joins what they
    joined, which left unfiltered would bring an item once for each of its sectors."""
    made = make_action_items(30)
    sector, other = Sector.objects.order_by("slug")[:2]
    for item in made:
        item.sectors.set([sector, other])
    series = made[0].target_summit.series
    items = (
        ActionItem.objects.select_related("target_summit__series")
        .prefetch_related("sectors")
        .filter(target_summit__series=series, sectors=sector, status=Status.NOT_ASSESSED)
        .order_by("ref")
    )
    assert items.count() > 5
    rows = _rows_with_ids(items, items[:5].values("pk"))
    joins, conditions = str(rows.query).split(" IN (SELECT", 1)[0].split(" WHERE ")
    assert "summits_actionitem_sectors" not in joins
    assert conditions == '"summits_actionitem"."id"'  # the ids' alone
    assert list(rows) == list(items[:5])
    assert [item.target_summit.series for item in rows] == [series] * 5  # joined to show


def test_a_page_keeps_the_conditions_whose_join_a_column_reads():
    """An annotation reading a table a condition joined keeps the condition and its join."""
    sector = make_action_items(30)[0].sectors.get()
    items = (
        ActionItem.objects.filter(sectors=sector)
        .annotate(sector_name=F("sectors__name"))
        .order_by("ref")
    )
    rows = _rows_with_ids(items, items[:5].values("pk"))
    assert "summits_actionitem_sectors" in str(rows.query).split(" IN (SELECT", 1)[0]
    assert [(item.pk, item.sector_name) for item in rows] == [
        (item.pk, sector.name) for item in items[:5]
    ]


@pytest.mark.usefixtures("planner_statistics")
def test_a_page_by_due_date_reads_its_ids_in_index_order(viewer_client):
    """A late page skips ids along an index holding the due date and its tie-break, not
    after sorting every item (PostgreSQL: 46 -> 7 ms at 100,000 items, page 3,600)."""
    make_action_items(60)
    ids = viewer_client.get(URL, {"sort": "due"}).context["table"].data.data[50:75].values("pk")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # 65 rows: a scan would win
            cursor.execute("SET LOCAL enable_sort = off")  # only a sort-free plan is cheap
        plan = ids.explain()
        assert "Index Only Scan using actionitem_due_idx" in plan and "Sort" not in plan
    else:
        plan = ids.explain()
        assert "actionitem_due_idx" in plan and "TEMP B-TREE" not in plan


def test_bad_page_size_and_page_numbers_fall_back_instead_of_failing(viewer_client):
    make_action_items(30)
    assert len(refs(viewer_client.get(f"{URL}?per_page=100000"))) == 25
    last = viewer_client.get(f"{URL}?page=999")
    assert last.status_code == 200 and last.context["table"].page.number == 2
    assert viewer_client.get(f"{URL}?page=abc").context["table"].page.number == 1


def test_htmx_requests_get_only_the_table_part(viewer_client):
    response = viewer_client.get(f"{URL}?sector=trade", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and '<form id="filters"' not in response.text
    assert response.text.lstrip().startswith('<section id="results"')
    assert "IRIGC-TEC-26/TRADE-1" in response.text
    # The sort field of the filter form follows the table's order.
    assert 'id="sort-input"' in response.text and 'hx-swap-oob="true"' in response.text
    # The count, for screen readers, in a status region the swap leaves in place.
    status = '<p id="results-status" class="visually-hidden" role="status" hx-swap-oob="true">'
    assert f"{status}<strong>2</strong> action items</p>" in response.text
    assert '<p id="results-status" class="visually-hidden" role="status"></p>' in (
        viewer_client.get(URL).text
    )
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(viewer_client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in viewer_client.get(URL, headers=headers).text


def test_the_page_works_without_javascript(viewer_client):
    page = viewer_client.get(URL).text
    assert f'<form id="filters" class="filters" method="get" action="{URL}"' in page
    assert '<button type="submit">Apply filters</button>' in page
    assert 'href="?sort=due"' in page  # plain links sort and page


def test_empty_result_says_how_to_widen_the_search(viewer_client):
    response = viewer_client.get(f"{URL}?q=nothing-matches-this")
    assert "No action items match these filters." in response.text
    assert f'<a href="{URL}">clear all filters</a>' in response.text
    assert "<table" not in response.text


def test_empty_list_tells_a_viewer_where_records_come_from(viewer_client):
    ActionItem.objects.all().delete()
    assert "Analysts add them from reports" in viewer_client.get(URL).text


def test_empty_list_tells_an_analyst_how_to_add_records(analyst_client):
    ActionItem.objects.all().delete()
    assert "Load a report fixture" in analyst_client.get(URL).text


def columns(response) -> list[str]:
    return [column.name for column in response.context["table"].columns]


def test_less_used_columns_are_hidden_until_chosen_and_the_choice_is_kept(viewer_client):
    assert columns(viewer_client.get(URL)) == [
        "ref", "title", "status", "sectors", "due", "target_summit"
    ]  # fmt: skip
    response = viewer_client.post(f"{URL}?sector=trade", {"columns": ["ref", "responsible"]})
    assert response.status_code == 302 and response.url == f"{URL}?sector=trade"
    assert columns(viewer_client.get(URL)) == ["ref", "responsible"]
    viewer_client.post(URL, {"reset": "1"})
    assert "title" in columns(viewer_client.get(URL))


def test_query_count_does_not_grow_with_rows(viewer_client, django_assert_max_num_queries):
    make_action_items(40)
    viewer_client.post(URL, {"columns": ["ref", "sectors", "responsible", "target_summit"]})
    viewer_client.get(URL)  # fills the cache with the filter menus
    # User, the user's permissions (2: tick boxes are for analysts), count, page, sectors,
    # responsible, the saved views' menu; the session and the filter menus come from the
    # cache.
    with django_assert_max_num_queries(8):
        response = viewer_client.get(f"{URL}?per_page=50")
    assert len(refs(response)) == 48
