"""A commitment is not yet assessed until someone records evidence of its state: it
counts in no score, and the follow-up page lists it apart."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from summits import services
from summits.models import ActionItem, Source, Status, StatusUpdate
from summits.queries import follow_up_queues

BEFORE = "0016_outcome_documents_and_agreements"
# Rows written as the schema before the migration holds them: its models are not ours.
ADD_ITEM = (
    "INSERT INTO summits_actionitem (ref, title, text, status, priority, version, due_precision)"
    " VALUES (%s, %s, '', %s, 2, 1, '')"
)
ADD_UPDATE = (
    "INSERT INTO summits_statusupdate (action_item_id, as_of, sequence, status, note)"
    " VALUES (%s, '2025-11-20', %s, %s, '')"
)
HISTORIES = {
    "ONLY-1": ["not_started"],
    "LOOKED-1": ["not_started", "not_started"],
    "MOVED-1": ["not_started", "in_progress"],
}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_makes_items_only_ever_recorded_not_started_not_yet_assessed():
    try:
        call_command("migrate", "summits", BEFORE, verbosity=0)
        with connection.cursor() as cursor:
            for ref, statuses in HISTORIES.items():
                cursor.execute(ADD_ITEM, [ref, ref, statuses[-1]])
                cursor.execute("SELECT id FROM summits_actionitem WHERE ref = %s", [ref])
                [item_id] = cursor.fetchone()
                for sequence, status in enumerate(statuses, 1):
                    cursor.execute(ADD_UPDATE, [item_id, sequence, status])
    finally:
        call_command("migrate", "summits", verbosity=0)
    statuses = dict(ActionItem.objects.values_list("ref", "status"))
    assert statuses == {
        "ONLY-1": Status.NOT_ASSESSED,  # recorded, never assessed
        "LOOKED-1": Status.NOT_STARTED,  # looked at again and found not started
        "MOVED-1": Status.IN_PROGRESS,
    }
    assert list(
        StatusUpdate.objects.filter(action_item__ref="ONLY-1").values_list("status", flat=True)
    ) == [Status.NOT_ASSESSED]


def _unassessed():
    today = dt.date(2026, 6, 15)
    queues = follow_up_queues(
        today, dt.datetime(2026, 6, 15, tzinfo=dt.UTC), due_days=30, stale_days=90, changed_days=7
    )
    return next(queue for queue in queues if queue.key == "unassessed")


@pytest.mark.usefixtures("today", "seed")
def test_a_new_item_is_not_yet_assessed_and_counts_in_no_score(analyst):
    item = services.action_item_create(
        item=ActionItem(ref="NEW-1", title="Open a consulate"), author=analyst
    )
    assert item.status == Status.NOT_ASSESSED
    # The seed's eight items were recorded from the report, never assessed, and this one.
    assert _unassessed().count == 9
    assert "NEW-1" in [i.ref for i in _unassessed().items]
    services.status_update_record(
        action_item=item,
        status=Status.IN_PROGRESS,
        as_of=dt.date(2026, 6, 15),
        evidence=[Source.objects.get()],
    )
    assert _unassessed().count == 8


@pytest.mark.usefixtures("today", "seed")
def test_the_follow_up_page_lists_them_with_a_link_to_as_many(viewer_client):
    page = viewer_client.get("/follow-up/")
    queue = next(q for q in page.context["queues"] if q.key == "unassessed")
    listed = viewer_client.get("/action-items/?status=not_assessed")
    assert listed.context["table"].paginator.count == queue.count == 8
