"""The follow-up page's queries read what they need along indexes, on both backends: at
1,000,000 items a queue that walked the wrong index, or a plan PostgreSQL misjudged,
cost more than the rest of the page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from summits.models import ActionItem, Agreement, Status
from summits.outcomes.queries import idle_mechanism_q
from summits.queries import changed_within_q, follow_up_queues
from tests.records import make_action_items

WINDOWS = {"due_days": 30, "stale_days": 60, "changed_days": 7}


def forbid_scans_and_sorts() -> None:
    """On PostgreSQL, for this transaction: a few dozen rows would be scanned and sorted;
    forbidden both, only an index read in order is cheap."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")


def explain(sql: str) -> str:
    """The plan of a query as it was run (its parameters written in)."""
    forbid_scans_and_sorts()
    prefix = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.usefixtures("planner_statistics")
def test_the_not_yet_assessed_queue_reads_its_first_items_along_status_and_due_date(db):
    """Along the due date's index it read every other status's items before the first
    unassessed ones (345 ms at 1,000,000 items); along (status, due_start, id) it reads
    its 25 and stops."""
    make_action_items(60)
    assert ActionItem.objects.filter(status=Status.NOT_ASSESSED).count() >= 60
    with CaptureQueriesContext(connection) as queries:
        follow_up_queues(dt.date(2026, 1, 1), timezone.now(), **WINDOWS)
    [sql] = [
        query["sql"]
        for query in queries.captured_queries
        if "'not_assessed'" in query["sql"]
        and "ORDER BY" in query["sql"]
        and "IS NOT NULL" in query["sql"]
    ]
    plan = explain(sql)
    assert "actionitem_status_due_idx" in plan, plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.usefixtures("planner_statistics")
def test_recently_changed_items_are_fetched_by_id_from_the_histories(db):
    """The changed items are the union of the two histories' ids, joined to the items by
    their key: as two INs joined by OR, PostgreSQL filtered every item and, guessing that
    three in four were kept, compiled the queue's plan (JIT) for 0.6 s."""
    make_action_items(3)
    changed = ActionItem.objects.filter(changed_within_q(7, timezone.now()))
    assert changed.count() == 3
    forbid_scans_and_sorts()
    plan = changed.values("pk").explain()
    if connection.vendor == "postgresql":
        # Joined to the two histories' rows appended, not filtered by a subplan each.
        assert "Append" in plan and "SubPlan" not in plan, plan
    else:
        assert "SEARCH summits_actionitem USING INTEGER PRIMARY KEY" in plan, plan
        assert "SCAN summits_actionitem" not in plan, plan


@pytest.mark.usefixtures("planner_statistics")
def test_the_mechanism_watch_asks_each_commission_for_one_recent_meeting(db):
    """Whether a commission has met since a day is one entry of (commission, date_start):
    along the commission alone each of its hundreds of meetings was read (45 ms twice,
    the count and the list, at 100,000 meetings)."""
    forbid_scans_and_sorts()
    plan = Agreement.objects.filter(idle_mechanism_q(12, dt.date(2026, 1, 1))).explain()
    assert "meeting_commission_date_idx" in plan, plan
