"""The figures of many items read from the kept tallies (models.ItemTally and its kin),
not counted: the dashboard's items by status and by sector and its follow-up figures, a
summit's items by status. A handful of rows each, however many items there are.

Each equals the count of the list it links to, by the same rules (conditions.py and
fuzzydates.overdue_q applied to the tallies' own columns); tests/figures prove it after
random writes through every path.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, Sum

from ..fuzzydates import overdue_q
from ..models import (
    ItemTally,
    OpenItemDueTally,
    OpenItemUpdateTally,
    ScoreDayTally,
    SectorItemTally,
    Status,
    Summit,
)
from ..scoring import score_history_from_days
from .conditions import DUE_SOON_DAYS


def _by_status(rows) -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    for status, n in rows.values_list("status").annotate(total=Sum("n")).order_by():
        counts[status] = n
    return counts


def item_counts_by_status() -> dict[str, int]:
    """How many action items hold each status, every status present (zero when none)."""
    return _by_status(ItemTally.objects.all())


def summit_item_counts(summit: Summit) -> dict[str, int]:
    """How many of a summit's action items hold each status, every status present."""
    return _by_status(ItemTally.objects.filter(summit=summit))


def item_count_kept(filters: Mapping[str, object]) -> int | None:
    """How many action items the list's `filters` (its form's cleaned values) select, read
    from the tallies when the filters ask only what a tally counts: any of the statuses,
    with one sector or one target summit, or neither. None otherwise: the list counts its
    rows. (At 1,000,000 items, counting "in progress" in one sector read 150,000 links.)
    """
    applied = {name: value for name, value in filters.items() if not _empty(value)}
    statuses = applied.pop("status", None)
    sector, summit = applied.pop("sector", None), applied.pop("summit", None)
    if applied or (sector and summit):
        return None
    if sector:
        rows = SectorItemTally.objects.filter(sector=sector)
    elif summit:
        rows = ItemTally.objects.filter(summit=summit)
    else:
        rows = ItemTally.objects.all()
    if statuses:
        rows = rows.filter(status__in=statuses)
    return rows.aggregate(n=Sum("n", default=0))["n"]


def _empty(value: object) -> bool:
    """What a filter the form left empty cleans to (a number's 0 is a filter)."""
    return value is None or value is False or value in ("", [], ())


def summit_score_history(summit: Summit) -> list[tuple[dt.date, float]]:
    """A summit's score at the end of each day its items had updates, as its updates
    replayed in order give it (tests/figures/oracle.py): one query over its days' kept
    sums (a few thousand rows), not over its updates (160,000 for 16,000 items)."""
    days = (
        ScoreDayTally.objects.filter(summit=summit)
        .order_by("day")
        .values_list("day", "total", "counted", "updates")
    )
    return score_history_from_days(days)


@dataclass(frozen=True)
class SectorCounts:
    """A sector's action items counted by status."""

    slug: str
    name: str
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def item_counts_by_sector() -> list[SectorCounts]:
    """Each sector's action items counted by status, busiest sector first, in one query.

    An item in two sectors counts in both, as a reader of either sector expects. Items
    without a sector are not counted: no list filter picks them, so no chart shows them.
    """
    rows = SectorItemTally.objects.filter(n__gt=0).values_list(
        "sector__slug", "sector__name", "status", "n"
    )
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for slug, name, status, n in rows:
        counts.setdefault((slug, name), dict.fromkeys(Status.values, 0))[status] = n
    sectors = [SectorCounts(slug, name, by_status) for (slug, name), by_status in counts.items()]
    return sorted(sectors, key=lambda sector: (-sector.total, sector.name))


def follow_up_counts(
    today: dt.date, *, due_days: int = DUE_SOON_DAYS, stale_days: int | None = None
) -> dict[str, int]:
    """The follow-up figures (open, overdue, due soon within `due_days`, stale for
    `stale_days`, TRACKER_STALE_DAYS by default) in two queries, summing a few thousand
    dates' tallies.

    The rules are conditions.py's: overdue and due soon by the items' due date, as
    `overdue_items_q` and `due_within_q` pick them; stale by the day of their latest
    update (NEVER_UPDATED before every cutoff), as `stale_items_q`.
    """
    days = settings.TRACKER_STALE_DAYS if stale_days is None else stale_days
    stale_before = today - dt.timedelta(days=days)
    due = OpenItemDueTally.objects.aggregate(
        overdue=Sum("n", filter=overdue_q("due", today), default=0),
        due_soon=Sum(
            "n",
            filter=Q(due_start__lte=today + dt.timedelta(days=due_days)) & ~overdue_q("due", today),
            default=0,
        ),
    )
    stale = OpenItemUpdateTally.objects.aggregate(
        open=Sum("n", default=0),
        stale=Sum("n", filter=Q(status_as_of__lt=stale_before), default=0),
    )
    return {"open": stale["open"], **due, "stale": stale["stale"]}
