"""The named follow-up questions: overdue, due soon, stale, and the dashboard's counts."""

import datetime as dt

import pytest
from django.urls import reverse

from summits.fuzzydates import FuzzyDate, Precision
from summits.models import OPEN_STATUSES, ActionItem, Sector, Status, StatusUpdate
from summits.queries import (
    OPEN_ITEMS_QUERY,
    due_within_q,
    follow_up_counts,
    item_counts_by_sector,
    item_counts_by_status,
    open_items_q,
    overdue_items_q,
    stale_items_q,
    with_follow_up_flags,
)

TODAY = dt.date(2025, 12, 11)


def item(ref: str, written: str | None = None, status: str = Status.NOT_STARTED, as_of=None):
    action_item = ActionItem(ref=ref, title=ref)
    action_item.due = FuzzyDate.parse(written) if written else None
    action_item.save()
    if as_of:
        StatusUpdate.objects.create(action_item=action_item, as_of=as_of, status=status)
    return action_item


def refs(condition) -> set[str]:
    return set(ActionItem.objects.filter(condition).values_list("ref", flat=True))


@pytest.mark.django_db
def test_a_fuzzy_due_date_is_overdue_only_after_its_latest_day():
    item("EARLY-DEC", "early December 2025")  # 1–10 December: over on the 11th
    item("DEC", "December 2025")  # until the 31st
    item("DONE", "early December 2025", Status.FULFILLED, as_of=dt.date(2025, 12, 1))
    item("NO-DATE")
    assert refs(overdue_items_q(TODAY)) == {"EARLY-DEC"}
    assert refs(overdue_items_q(TODAY - dt.timedelta(days=1))) == set()


@pytest.mark.django_db
def test_open_and_overdue_in_sql_agree_with_their_python_twins():
    """open_items_q is `not is_final`; overdue_items_q is open with a due date that
    FuzzyDate.is_past: the pages flag items by the SQL, the tests pin it to Python."""
    dates = [None] + [
        FuzzyDate(dt.date(2025, 1, 1) + dt.timedelta(days=n), precision)
        for n in range(0, 400, 23)
        for precision in Precision
    ]
    ActionItem.objects.bulk_create(
        ActionItem(
            ref=f"T-{i}-{status}",
            title="t",
            status=status,
            due_start=date and date.start,
            due_precision=date.precision if date else "",
        )
        for i, date in enumerate(dates)
        for status in Status
    )
    assert set(ActionItem.objects.filter(open_items_q()).values_list("status", flat=True)) == {
        status for status in Status if not ActionItem(status=status).is_final
    }
    for today in [dt.date(2025, 3, 10), dt.date(2025, 6, 30), dt.date(2026, 1, 1)]:
        for item in with_follow_up_flags(ActionItem.objects.all(), today):
            python = not item.is_final and item.due is not None and item.due.is_past(today)
            assert item.is_overdue == python, (item.ref, today)


@pytest.mark.django_db
def test_the_open_items_link_lists_every_open_item_and_no_other(viewer_client):
    item("OPEN", status=Status.STALLED, as_of=TODAY)
    item("DONE", status=Status.FULFILLED, as_of=TODAY)
    item("NEW")
    assert [status for status in Status if status not in OPEN_STATUSES] == [
        Status.FULFILLED,
        Status.NOT_FULFILLED,
        Status.WITHDRAWN,
    ]
    listed = viewer_client.get(f"{reverse('summits:actionitem-list')}?{OPEN_ITEMS_QUERY}")
    assert (
        {row.record.ref for row in listed.context["table"].paginated_rows}
        == refs(open_items_q())
        == {"OPEN", "NEW"}
    )


@pytest.mark.django_db
def test_due_within_counts_dates_that_may_fall_in_the_window_and_are_not_overdue():
    item("IN-WINDOW", "Q1 2026")  # may be as early as 1 January
    item("TOO-LATE", "Q2 2026")
    item("NOW", "December 2025")  # under way: its range holds today
    item("LATE", "early December 2025")
    assert refs(due_within_q(30, TODAY)) == {"IN-WINDOW", "NOW"}


@pytest.mark.django_db
def test_stale_items_are_open_and_without_a_recent_update(settings):
    settings.TRACKER_STALE_DAYS = 60
    item("OLD", as_of=TODAY - dt.timedelta(days=61), status=Status.IN_PROGRESS)
    item("RECENT", as_of=TODAY - dt.timedelta(days=59), status=Status.IN_PROGRESS)
    item("OLD-BUT-DONE", as_of=TODAY - dt.timedelta(days=200), status=Status.FULFILLED)
    item("NEVER")
    assert refs(stale_items_q(TODAY)) == {"OLD", "NEVER"}
    assert refs(stale_items_q(TODAY, days=10)) == {"OLD", "RECENT", "NEVER"}


@pytest.mark.django_db
def test_follow_up_counts_agree_with_the_conditions(django_assert_num_queries):
    item("EARLY-DEC", "early December 2025")
    item("IN-WINDOW", "Q1 2026")
    with django_assert_num_queries(2):  # the tallies of due dates and of last updates
        counts = follow_up_counts(TODAY)
    assert counts == {"open": 2, "overdue": 1, "due_soon": 1, "stale": 2}


@pytest.mark.django_db
def test_counts_by_sector_count_an_item_in_each_of_its_sectors():
    trade, energy = Sector.objects.get(slug="trade"), Sector.objects.get(slug="energy")
    both = item("BOTH", status=Status.IN_PROGRESS, as_of=TODAY)
    both.sectors.set([trade, energy])
    item("TRADE").sectors.set([trade])
    item("NONE")
    sectors = {sector.slug: sector for sector in item_counts_by_sector()}
    assert sectors["trade"].by_status[Status.NOT_ASSESSED] == 1
    assert sectors["trade"].by_status[Status.IN_PROGRESS] == 1
    assert sectors["energy"].total == 1
    assert list(sectors) == ["trade", "energy"]  # busiest first; no row for "no sector"
    assert item_counts_by_status()[Status.NOT_ASSESSED] == 2


@pytest.mark.django_db
def test_each_queue_lists_its_soonest_due_items_then_the_undated():
    """The queues' first items, read along the due date's index with bounds beside each
    rule (follow_up._soonest_due), are those a sort of every item by the rule would give."""
    from summits.queries.follow_up import follow_up_queues

    starts = [dt.date(2024, 6, 1) + dt.timedelta(days=n) for n in range(0, 700, 9)]
    ActionItem.objects.bulk_create(
        ActionItem(ref=f"Q-{i}", title="q", due_start=start, due_precision=precision)
        for i, (start, precision) in enumerate(
            (start, precision) for start in starts for precision in Precision
        )
    )
    ActionItem.objects.bulk_create(ActionItem(ref=f"U-{i}", title="u") for i in range(5))
    now = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    rules = {
        "overdue": overdue_items_q(TODAY),
        "due-soon": due_within_q(30, TODAY),
        "stale": stale_items_q(TODAY, 60),
    }
    # Ten: the walk stops early; all of them: the undated stale items come last.
    for limit in (10, ActionItem.objects.count()):
        queues = follow_up_queues(
            TODAY, now, due_days=30, stale_days=60, changed_days=7, limit=limit
        )
        for queue in (queue for queue in queues if queue.key in rules):
            everything = ActionItem.objects.filter(rules[queue.key])
            expected = sorted(everything, key=lambda i: (i.due_start is None, i.due_start, i.pk))
            assert [i.pk for i in queue.items] == [i.pk for i in expected[:limit]], queue.key
    assert queue.key == "stale" and queue.items[-1].ref.startswith("U-")
