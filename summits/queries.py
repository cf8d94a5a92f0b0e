"""Named questions the tracker answers, used by pages, admin and tests alike."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet

from .fuzzydates import overdue_q
from .models import (
    FINAL_STATUSES,
    STATUS_SCORES,
    ActionItem,
    Meeting,
    Participation,
    Status,
    StatusUpdate,
    Summit,
)


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


# Summit readiness ----------------------------------------------------------------------


@dataclass
class Readiness:
    """How far a summit's commitments have come, scored like the G7/G20 Research Group."""

    by_status: dict[str, int]
    score: float | None  # mean of +1 / 0 / -1 over counted items; None if none counted
    score_history: list[tuple[dt.date, float]]
    at_risk: list[ActionItem]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def score_percent(self) -> int | None:
        """The score on the 0–100 % scale reports use: −1 is 0 %, +1 is 100 %."""
        return None if self.score is None else round((self.score + 1) * 50)


def compliance_score(statuses: list[str]) -> float | None:
    scores = [STATUS_SCORES[status] for status in statuses if STATUS_SCORES[status] is not None]
    return sum(scores) / len(scores) if scores else None


def summit_compliance(summit: Summit, today: dt.date) -> Readiness:
    """A summit's items by status, its compliance score and how it moved, items at risk.

    The score history replays the status updates: on each day an update was recorded,
    every item counts with its latest status as of that day.
    """
    items = list(summit.action_items.order_by("due_start", "ref"))
    by_status = dict.fromkeys(Status.values, 0)
    for item in items:
        by_status[item.status] += 1
    updates = (
        StatusUpdate.objects.filter(action_item__target_summit=summit)
        .order_by("as_of", "sequence")
        .values_list("action_item_id", "as_of", "status")
    )
    current: dict[int, str] = {}
    history: dict[dt.date, float] = {}
    for item_id, as_of, status in updates:
        current[item_id] = status
        score = compliance_score(list(current.values()))
        if score is not None:
            history[as_of] = score
    at_risk_q = overdue_items_q(today) | stale_items_q(today)
    at_risk = list(summit.action_items.filter(at_risk_q).order_by("due_start", "ref"))
    return Readiness(
        by_status=by_status,
        score=compliance_score([item.status for item in items]),
        score_history=sorted(history.items()),
        at_risk=at_risk,
    )


def upcoming_meetings(today: dt.date, limit: int = 8) -> QuerySet[Meeting]:
    """Meetings not yet over (their latest possible day is today or later), soonest first."""
    return (
        Meeting.objects.exclude(overdue_q("date", today))
        .select_related("place__country", "summit__series")
        .order_by("date_start", "title")[:limit]
    )


def summit_readiness(summit: Summit) -> list[tuple[str, str, list[ActionItem]]]:
    """A summit's action items grouped by status, in the scale's order: (code, label, items).

    Only statuses that hold items appear; two queries (items, their sectors) however many.
    """
    groups: dict[str, list[ActionItem]] = {}
    for item in summit.action_items.prefetch_related("sectors").order_by("ref"):
        groups.setdefault(item.status, []).append(item)
    return [(code, label, groups[code]) for code, label in Status.choices if code in groups]


@dataclass(frozen=True)
class Change:
    """One entry of the dashboard's "recently changed" list, read from the history tables."""

    when: dt.datetime
    kind: str
    label: str
    action: str
    user: str
    url: str  # empty once the record is deleted


_ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}


def recent_changes(limit: int = 10) -> list[Change]:
    """The records added, changed or deleted last: summits, meetings, items and statuses.

    One query per kind of record, however many changes: each brings its latest `limit`
    with what its label and link need; each record then shows once, by its latest change.
    """

    def latest(history: QuerySet, *related: str) -> QuerySet:
        return history.select_related("history_user", *related).order_by("-history_date")[:limit]

    def change(row, kind: str, record, label: str = "") -> Change:
        return Change(
            when=row.history_date,
            kind=kind,
            label=label or str(record),
            action=_ACTIONS[row.history_type],
            user=row.history_user.get_username() if row.history_user else "",
            url=record.get_absolute_url() if row.history_type != "-" else "",
        )

    changes = [
        change(row, "summit", Summit(series=row.series, number=row.number))
        for row in latest(Summit.history.all(), "series")
    ]
    changes += [change(row, "meeting", row.instance) for row in latest(Meeting.history.all())]
    changes += [
        change(row, "action item", row.instance) for row in latest(ActionItem.history.all())
    ]
    changes += [
        change(
            row,
            "status update",
            row.action_item,
            f"{row.action_item.ref}: {row.get_status_display()} as of {row.as_of:%d %b %Y}",
        )
        for row in latest(StatusUpdate.history.all(), "action_item")
    ]
    # A record saved twice in a row (a form, then its related lists) shows once.
    latest_per_record = {}
    for entry in sorted(changes, key=lambda c: c.when, reverse=True):
        latest_per_record.setdefault((entry.kind, entry.label), entry)
    return list(latest_per_record.values())[:limit]
