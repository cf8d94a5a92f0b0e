"""The kept figures (models.ItemTally and its kin) counted again from the items.

Triggers keep the tallies in the statement of every write (migration 0025); this is
their repair: after a restore of part of the tables, or a write that went past the
triggers (a flush empties the tables in any order). The rows are the same counts as
migrations 0025 and 0027 made of the items found then, here through the ORM.
"""

from django.db import router, transaction
from django.db.models import Count, Exists, OuterRef, Value
from django.db.models.functions import Coalesce

from .models import (
    FINAL_STATUSES,
    NEVER_UPDATED,
    TALLY_MODELS,
    ActionItem,
    ItemTally,
    OpenItemDueTally,
    OpenItemUpdateTally,
    PartyItemTally,
    SectorItemTally,
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
