"""Named questions the tracker answers, used by pages, admin and tests alike."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet

from .fuzzydates import overdue_q
from .models import FINAL_STATUSES, ActionItem, Meeting, Participation, Status, Summit


def open_items_q(prefix: str = "") -> Q:
    """Action items still to deliver: any status but a final one."""
    return ~Q(**{f"{prefix}status__in": FINAL_STATUSES})


def with_open_item_counts(summits: QuerySet[Summit]) -> QuerySet[Summit]:
    # distinct: other joins (meetings counted next to it) must not multiply the count.
    return summits.annotate(
        open_items=Count("action_items", filter=open_items_q("action_items__"), distinct=True)
    )


def upcoming_summits(today: dt.date) -> QuerySet[Summit]:
    """Summits not yet held nor cancelled, soonest first, with what the home page shows.

    A summit whose expected date has gone by stays listed until an analyst records
    whether it was held: dropping it silently would hide stale information.
    """
    meetings = (
        Meeting.objects.select_related("place")
        .prefetch_related(
            Prefetch(
                "participations", queryset=Participation.objects.select_related("person", "side")
            )
        )
        .order_by("date_start")
    )
    summits = Summit.objects.exclude(status__in=[Summit.Status.HELD, Summit.Status.CANCELLED])
    return (
        with_open_item_counts(summits)
        .select_related("series", "host_place__country")
        .prefetch_related(Prefetch("meetings", queryset=meetings))
        .order_by("date_start", "series__name")
    )


# Follow-up questions on action items -------------------------------------------------

# How far ahead "due soon" looks on the dashboard.
DUE_SOON_DAYS = 30


def overdue_items_q(today: dt.date) -> Q:
    """Open items whose due date has passed even at its latest possible day."""
    return open_items_q() & overdue_q("due", today)


def due_within_q(days: int, today: dt.date) -> Q:
    """Open items not yet overdue that may fall due within `days` days from today."""
    return (
        open_items_q()
        & Q(due_start__lte=today + dt.timedelta(days=days))
        & ~overdue_q("due", today)
    )


def stale_items_q(today: dt.date, days: int | None = None) -> Q:
    """Open items with no status update for `days` (TRACKER_STALE_DAYS) days, or none ever."""
    days = settings.TRACKER_STALE_DAYS if days is None else days
    cutoff = today - dt.timedelta(days=days)
    return open_items_q() & (Q(status_as_of__lt=cutoff) | Q(status_as_of__isnull=True))


def follow_up_counts(today: dt.date) -> dict[str, int]:
    """The dashboard's figures (open, overdue, due soon, stale) in one query."""
    return ActionItem.objects.aggregate(
        open=Count("pk", filter=open_items_q()),
        overdue=Count("pk", filter=overdue_items_q(today)),
        due_soon=Count("pk", filter=due_within_q(DUE_SOON_DAYS, today)),
        stale=Count("pk", filter=stale_items_q(today)),
    )


def item_counts_by_status() -> dict[str, int]:
    """How many action items hold each status, every status present (zero when none)."""
    counts = dict(
        ActionItem.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Status.values}


@dataclass(frozen=True)
class SectorCounts:
    """A sector's action items counted by status; slug and name empty for "no sector"."""

    slug: str
    name: str
    by_status: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def item_counts_by_sector() -> list[SectorCounts]:
    """Each sector's action items counted by status, busiest sector first, in one query.

    An item in two sectors counts in both, as a reader of either sector expects; items
    without a sector come last under an empty name.
    """
    rows = (
        ActionItem.objects.order_by()
        .values("sectors__slug", "sectors__name", "status")
        .annotate(n=Count("pk"))
        .values_list("sectors__slug", "sectors__name", "status", "n")
    )
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for slug, name, status, n in rows:
        counts.setdefault((slug or "", name or ""), dict.fromkeys(Status.values, 0))[status] = n
    sectors = [SectorCounts(slug, name, by_status) for (slug, name), by_status in counts.items()]
    return sorted(sectors, key=lambda sector: (not sector.slug, -sector.total, sector.name))


@dataclass
class Digest:
    """One user's follow-up work: the open items they own or watch, by what is due."""

    overdue: list[ActionItem]
    due_soon: list[ActionItem]
    stale: list[ActionItem]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon or self.stale)


def followup_digests(today: dt.date, *, due_days: int, stale_days: int) -> dict:
    """Each owner's and watcher's digest, users with nothing to do left out; one query."""
    overdue, due_soon, stale = (
        overdue_items_q(today),
        due_within_q(due_days, today),
        stale_items_q(today, stale_days),
    )
    items = (
        ActionItem.objects.filter(overdue | due_soon | stale)
        .filter(Q(owner__isnull=False) | Q(watchers__isnull=False))
        .select_related("owner", "target_summit__series")
        .prefetch_related("watchers")
        .annotate(
            is_overdue=ExpressionWrapper(overdue, output_field=BooleanField()),
            is_due_soon=ExpressionWrapper(due_soon, output_field=BooleanField()),
            is_stale=ExpressionWrapper(stale, output_field=BooleanField()),
        )
        .distinct()
        .order_by("due_start", "ref")
    )
    digests: dict = {}
    for item in items:
        people = {item.owner, *item.watchers.all()} - {None}
        for user in people:
            digest = digests.setdefault(user, Digest([], [], []))
            if item.is_overdue:
                digest.overdue.append(item)
            elif item.is_due_soon:
                digest.due_soon.append(item)
            if item.is_stale:
                digest.stale.append(item)
    return {user: digest for user, digest in digests.items() if digest}
