"""The kept figures (models.ItemTally and its kin) counted again from the items and
their status updates.

Triggers keep the tallies in the statement of every write (migrations 0025, 0026
and 0028); this is their repair: after a restore of part of the tables, or a write
that went past the triggers (a flush empties the tables in any order). The rows are the
same counts as the migrations made of the records found then, here through the ORM.
"""

from django.db import connections, router, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Value, When, Window
from django.db.models.functions import Coalesce, Lag

from .models import (
    FINAL_STATUSES,
    NEVER_UPDATED,
    STATUS_SCORES,
    TALLY_MODELS,
    ActionItem,
    ItemTally,
    OpenItemDueTally,
    OpenItemUpdateTally,
    PartyItemTally,
    ScoreDayTally,
    SectorItemTally,
    StatusUpdate,
)


def tallies_rebuild(*, using: str | None = None) -> None:
    """Every tally emptied and counted again from the items, in one transaction: a reader
    sees the old counts or the new, never none."""
    using = using or router.db_for_write(ItemTally)
    items = ActionItem.objects.using(using).order_by()
    open_items = items.exclude(status__in=FINAL_STATUSES)
    links = ActionItem.sectors.through.objects.using(using).order_by()
    # An item binds each country of its responsible organisations once, however many of
    # them it names; an item due for no summit counts in no summit's.
    bound = ActionItem.responsible.through.objects.using(using).filter(
        actionitem__target_summit__isnull=False, organisation__country__isnull=False
    )
    binding = items.filter(
        Exists(bound.filter(actionitem=OuterRef("pk"))), target_summit__isnull=False
    )
    with transaction.atomic(using=using):
        for model in TALLY_MODELS:
            # Nothing refers to a tally: one DELETE each, no rows read first.
            model.objects.using(using).all().delete()
        ItemTally.objects.using(using).bulk_create(
            ItemTally(summit_id=summit, status=status, n=n)
            for summit, status, n in items.values_list("target_summit", "status").annotate(
                Count("pk")
            )
        )
        SectorItemTally.objects.using(using).bulk_create(
            SectorItemTally(sector_id=sector, status=status, n=n)
            for sector, status, n in links.values_list("sector", "actionitem__status").annotate(
                Count("pk")
            )
        )
        OpenItemDueTally.objects.using(using).bulk_create(
            OpenItemDueTally(due_precision=precision, due_start=start, n=n)
            for precision, start, n in open_items.filter(due_start__isnull=False)
            .values_list("due_precision", "due_start")
            .annotate(Count("pk"))
        )
        OpenItemUpdateTally.objects.using(using).bulk_create(
            OpenItemUpdateTally(status_as_of=day, n=n)
            for day, n in open_items.values_list(
                Coalesce("status_as_of", Value(NEVER_UPDATED))
            ).annotate(Count("pk"))
        )
        PartyItemTally.objects.using(using).bulk_create(
            PartyItemTally(summit_id=summit, country_id=country, status=status, n=n)
            for summit, country, status, n in bound.order_by()
            .values_list("actionitem__target_summit", "organisation__country", "actionitem__status")
            .annotate(Count("actionitem", distinct=True))
        )
        PartyItemTally.objects.using(using).bulk_create(
            PartyItemTally(summit_id=summit, status=status, n=n)
            for summit, status, n in binding.values_list("target_summit", "status").annotate(
                Count("pk")
            )
        )
        score_days_count(using=using)


def score_days_count(*, using: str) -> None:
    """ScoreDayTally counted from every status update, into an empty table: per summit
    and day, the changes each update made to its item's score and to whether it counts,
    from the update before it (LAG over the item's updates in the order a replay reads
    them: as_of, sequence, id). In one statement, the rows never leaving the database: the window is
    the ORM's, the sums over it are written by hand, as the ORM sums no window."""

    def scored(values: dict) -> Case:
        return Case(
            *(When(status=status, then=Value(value)) for status, value in values.items() if value),
            default=Value(0),
            output_field=IntegerField(),
        )

    score = scored({status: value or 0 for status, value in STATUS_SCORES.items()})
    counted = scored({status: int(value is not None) for status, value in STATUS_SCORES.items()})
    item_order = {
        "partition_by": F("action_item"),
        "order_by": [F("as_of"), F("sequence"), F("pk")],
    }
    changes = (
        StatusUpdate.objects.using(using)
        .filter(action_item__target_summit__isnull=False)
        .order_by()
        .values(
            summit=F("action_item__target_summit"),
            day=F("as_of"),
            total=score - Window(Lag(score, default=Value(0)), **item_order),
            counted=counted - Window(Lag(counted, default=Value(0)), **item_order),
        )
    )
    sql, params = changes.query.sql_with_params()
    table = ScoreDayTally._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (summit_id, day, total, counted, updates) "
            f"SELECT summit, day, SUM(total), SUM(counted), COUNT(*) "
            f"FROM ({sql}) c GROUP BY summit, day",
            params,
        )
