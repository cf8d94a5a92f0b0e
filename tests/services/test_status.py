"""An action item's status is always that of its latest status update."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from summits import services
from summits.models import ActionItem, Source, Status, StatusUpdate

D = dt.date
# The services refuse updates dated in the future: the dates below must be past.
pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def item(db) -> ActionItem:
    return ActionItem.objects.create(ref="TEST-1", title="Open the consulates")


@pytest.fixture
def source(db) -> Source:
    return Source.objects.create(
        slug="press-release",
        title="Consulates opened",
        publisher="MEA",
        published_on=D(2025, 11, 20),
    )


def _status(item: ActionItem) -> tuple[str, dt.date | None]:
    item.refresh_from_db()
    return item.status, item.status_as_of


def test_new_item_is_not_yet_assessed(item):
    assert _status(item) == (Status.NOT_ASSESSED, None)


def test_status_follows_the_latest_update_by_as_of_date(item):
    StatusUpdate.objects.create(action_item=item, as_of=D(2025, 11, 20), status=Status.IN_PROGRESS)
    assert _status(item) == (Status.IN_PROGRESS, D(2025, 11, 20))
    # A back-dated update does not replace a later one.
    StatusUpdate.objects.create(action_item=item, as_of=D(2025, 10, 1), status=Status.STALLED)
    assert _status(item) == (Status.IN_PROGRESS, D(2025, 11, 20))


def test_same_day_updates_are_ordered_by_sequence(item):
    StatusUpdate.objects.create(
        action_item=item, as_of=D(2025, 11, 20), sequence=2, status=Status.STALLED
    )
    StatusUpdate.objects.create(
        action_item=item, as_of=D(2025, 11, 20), sequence=1, status=Status.IN_PROGRESS
    )
    assert _status(item) == (Status.STALLED, D(2025, 11, 20))


def test_deleting_the_latest_update_restores_the_previous_status(item):
    StatusUpdate.objects.create(action_item=item, as_of=D(2025, 10, 1), status=Status.IN_PROGRESS)
    latest = StatusUpdate.objects.create(
        action_item=item, as_of=D(2025, 11, 1), status=Status.STALLED
    )
    latest.delete()
    assert _status(item) == (Status.IN_PROGRESS, D(2025, 10, 1))


def test_editing_an_update_moves_the_status(item):
    update = StatusUpdate.objects.create(
        action_item=item, as_of=D(2025, 10, 1), status=Status.IN_PROGRESS
    )
    update.status = Status.PARTIALLY_FULFILLED
    update.save()
    assert _status(item)[0] == Status.PARTIALLY_FULFILLED


def test_record_service_numbers_same_day_updates_and_links_evidence(item, source):
    first = services.status_update_record(
        action_item=item, status=Status.IN_PROGRESS, as_of=D(2025, 11, 20)
    )
    second = services.status_update_record(
        action_item=item,
        status=Status.FULFILLED,
        as_of=D(2025, 11, 20),
        evidence=[source],
        quote="Opened.",
    )
    assert (first.sequence, second.sequence) == (1, 2)
    assert list(second.evidence.all()) == [source]
    assert second.citations.get().quote == "Opened."
    assert item.status == Status.FULFILLED


def test_final_status_needs_evidence(item):
    with pytest.raises(ValidationError, match="evidence"):
        services.status_update_record(
            action_item=item, status=Status.FULFILLED, as_of=D(2025, 11, 20)
        )
    assert not item.status_updates.exists()


def test_update_cannot_be_in_the_future(item, today):
    with pytest.raises(ValidationError, match="future"):
        services.status_update_record(
            action_item=item,
            status=Status.IN_PROGRESS,
            as_of=today + dt.timedelta(days=2),
        )


def test_many_items_get_all_updates_or_none(item, monkeypatch):
    other = ActionItem.objects.create(ref="TEST-2", title="Second")
    record = services.status_update_record

    def fail_on_second(*, action_item, **update):
        if action_item == other:
            raise ValidationError("injected failure midway")
        return record(action_item=action_item, **update)

    monkeypatch.setattr(services, "status_update_record", fail_on_second)
    with pytest.raises(ValidationError, match="midway"):
        services.status_update_record_many(
            action_items=[item, other], status=Status.STALLED, as_of=D(2025, 11, 20)
        )
    assert not StatusUpdate.objects.exists()
    assert _status(item) == (Status.NOT_ASSESSED, None)


@pytest.mark.usefixtures("seed")
def test_reloading_a_fixture_keeps_the_status_of_later_updates():
    from django.core.management import call_command

    from tests.seed import SEED_REPORT

    item = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")
    StatusUpdate.objects.create(action_item=item, as_of=D(2026, 1, 15), status=Status.IN_PROGRESS)
    call_command("loaddata", SEED_REPORT, verbosity=0)
    assert _status(item) == (Status.IN_PROGRESS, D(2026, 1, 15))


def _bulk_items_with_updates(count: int) -> list[ActionItem]:
    """Items with 0 to 3 updates (some of one day), written in bulk: no signal has set
    their status, as after the importer's or the synthetic generator's inserts."""
    items = ActionItem.objects.bulk_create(
        ActionItem(ref=f"BULK-{n}", title="Bulk", status=Status.STALLED, status_as_of=D(2020, 1, 1))
        for n in range(count)
    )
    statuses = list(Status)
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            action_item=item,
            as_of=D(2025, 1, 1) + dt.timedelta(days=(n * 7 + k) % 3),
            sequence=k + 1,
            status=statuses[(n + 3 * k) % len(statuses)],
        )
        for n, item in enumerate(items)
        for k in range(n % 4)
    )
    return items


def _latest_by_python(items: list[ActionItem]) -> dict[int, tuple[str, dt.date | None]]:
    """The rule written plainly: the latest update by as-of, then sequence, or none."""
    latest: dict[int, tuple] = {}
    for update in StatusUpdate.objects.filter(action_item__in=items):
        order = (update.as_of, update.sequence)
        if update.action_item_id not in latest or order > latest[update.action_item_id][0]:
            latest[update.action_item_id] = (order, update.status)
    return {
        item.pk: (latest[item.pk][1], latest[item.pk][0][0])
        if item.pk in latest
        else (Status.NOT_ASSESSED, None)
        for item in items
    }


def _stored(items: list[ActionItem]) -> dict[int, tuple[str, dt.date | None]]:
    rows = ActionItem.objects.filter(pk__in=[item.pk for item in items])
    return {pk: tuple(rest) for pk, *rest in rows.values_list("pk", "status", "status_as_of")}


def test_refresh_sets_items_from_their_latest_update_one_statement_per_chunk(
    db, django_assert_num_queries
):
    items = _bulk_items_with_updates(services.CHUNK + 3)
    expected = _latest_by_python(items)
    assert _stored(items) != expected
    with django_assert_num_queries(2):
        services.action_items_status_refresh(item_ids=[item.pk for item in items])
    assert _stored(items) == expected


def test_refresh_of_every_item_is_one_statement(db, django_assert_num_queries):
    items = _bulk_items_with_updates(40)
    with django_assert_num_queries(1):
        services.action_items_status_refresh()
    assert _stored(items) == _latest_by_python(items)
