"""Named questions the tracker answers, used by pages, admin and tests alike."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest, RowNumber
from django.urls import NoReverseMatch

from .caching import cached
from .fuzzydates import overdue_q
from .models import (
    FINAL_STATUSES,
    STATUS_SCORES,
    ActionItem,
    ActionItemCitation,
    Meeting,
    MeetingCitation,
    Participation,
    Sector,
    Source,
    Status,
    StatusUpdate,
    StatusUpdateEvidence,
    Summit,
    action_item_owner_choices,
)


def open_items_q(prefix: str = "") -> Q:
    """Action items still to deliver: any status but a final one."""
    return ~Q(**{f"{prefix}status__in": FINAL_STATUSES})


def count_of(rows: QuerySet, field: str) -> Coalesce:
    """How many of `rows` point through `field` at the outer query's record (0 if none).

    A correlated subquery rather than Count() over a join: a list then counts for the
    rows of its page only instead of grouping every joined row before it sorts, and
    counts next to each other cannot multiply one another. Still sortable.
    """
    counted = (
        rows.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def with_open_item_counts(summits: QuerySet[Summit]) -> QuerySet[Summit]:
    return summits.annotate(
        open_items=count_of(ActionItem.objects.filter(open_items_q()), "target_summit")
    )


def upcoming_summits(today: dt.date) -> QuerySet[Summit]:
    """Summits not yet held nor cancelled, soonest first, with their open items counted.

    A summit whose expected date has gone by stays listed until an analyst records
    whether it was held: dropping it silently would hide stale information.
    """
    summits = Summit.objects.exclude(status__in=[Summit.Status.HELD, Summit.Status.CANCELLED])
    return (
        with_open_item_counts(summits)
        .annotate(meeting_count=count_of(Meeting.objects.all(), "summit"))
        .select_related("series", "host_place__country")
        .order_by("date_start", "series__name")
    )


# How many preparatory meetings the dashboard shows per summit; its page lists them all.
LATEST_MEETINGS = 5


def with_latest_meetings(summits: list[Summit], limit: int = LATEST_MEETINGS) -> list[Summit]:
    """`summits`, each with its `limit` latest meetings as `latest_meetings` (in the order
    they happened) and their participants, in two queries however many meetings.

    Apart from upcoming_summits: the dashboard needs the summits on every request but
    their meetings only when it renders the list again (see views.home).
    """
    meetings = (
        Meeting.objects.select_related("place")
        .prefetch_related(
            Prefetch(
                "participations", queryset=Participation.objects.select_related("person", "side")
            )
        )
        .order_by("-date_start", "-pk")
    )
    # A sliced prefetch: the database ranks each summit's meetings (a window function).
    latest = Prefetch("meetings", queryset=meetings[:limit], to_attr="latest_meetings")
    prefetch_related_objects(summits, latest)
    for summit in summits:
        summit.latest_meetings.reverse()
    return summits


# Follow-up questions on action items -------------------------------------------------

# How far ahead "due soon" looks on the dashboard.
DUE_SOON_DAYS = 30
# How far back the follow-up page's "recently changed" looks: a week, for a weekly routine.
RECENTLY_CHANGED_DAYS = 7


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


def changed_within_q(days: int, now: dt.datetime) -> Q:
    """Items changed, or given a status update (added, changed or deleted), in `days` days.

    Read from the history tables, so a change made by the admin, a page or an import
    counts alike.
    """
    since = now - dt.timedelta(days=days)
    return Q(pk__in=ActionItem.history.filter(history_date__gte=since).values("id")) | Q(
        pk__in=StatusUpdate.history.filter(history_date__gte=since).values("action_item_id")
    )


def with_follow_up_flags(
    items: QuerySet[ActionItem],
    today: dt.date,
    *,
    due_days: int = DUE_SOON_DAYS,
    stale_days: int | None = None,
) -> QuerySet[ActionItem]:
    """Items flagged is_overdue, is_due_soon and is_stale by the list filters' own rules."""

    def flag(condition: Q) -> ExpressionWrapper:
        return ExpressionWrapper(condition, output_field=BooleanField())

    return items.annotate(
        is_overdue=flag(overdue_items_q(today)),
        is_due_soon=flag(due_within_q(due_days, today)),
        is_stale=flag(stale_items_q(today, stale_days)),
    )


def follow_up_counts(today: dt.date) -> dict[str, int]:
    """The dashboard's figures (open, overdue, due soon, stale) in one query.

    Every figure counts open items, so only those are read (on SQLite from an index
    holding status, due date and last update alone: migration 0008).
    """
    return ActionItem.objects.filter(open_items_q()).aggregate(
        open=Count("pk"),
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
    """Each sector's action items counted by status, busiest sector first, in two queries.

    An item in two sectors counts in both, as a reader of either sector expects; items
    without a sector come last under an empty name. The 128,000 item–sector links are
    grouped by sector id, the few sectors' names read apart: joined to every link, the
    names made the grouping a third slower.
    """
    rows = (
        ActionItem.objects.order_by()
        .values("sectors", "status")
        .annotate(n=Count("pk"))
        .values_list("sectors", "status", "n")
    )
    counts: dict[int | None, dict[str, int]] = {}
    for sector_id, status, n in rows:
        counts.setdefault(sector_id, dict.fromkeys(Status.values, 0))[status] = n
    sector_rows = Sector.objects.values_list("pk", "slug", "name")
    names = {pk: (slug, name) for pk, slug, name in sector_rows}
    sectors = [
        SectorCounts(*names.get(sector_id, ("", "")), by_status)
        for sector_id, by_status in counts.items()
    ]
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
    items = (
        with_follow_up_flags(
            ActionItem.objects.filter(
                overdue_items_q(today)
                | due_within_q(due_days, today)
                | stale_items_q(today, stale_days)
            ),
            today,
            due_days=due_days,
            stale_days=stale_days,
        )
        .filter(Q(owner__isnull=False) | Q(watchers__isnull=False))
        .select_related("owner", "target_summit__series")
        .prefetch_related("watchers")
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


# The follow-up page and "My follow-ups" ---------------------------------------------


@dataclass
class Queue:
    """One section of the follow-up page: the items a rule picks, counted and listed.

    `filters` give the action-item list the same rule, so its count is this count.
    """

    key: str
    title: str
    rule: str
    filters: dict[str, str]
    count: int = 0
    items: list[ActionItem] = field(default_factory=list)

    @property
    def query(self) -> str:
        return urlencode(self.filters)


def follow_up_queues(
    today: dt.date,
    now: dt.datetime,
    *,
    due_days: int,
    stale_days: int,
    changed_days: int,
    limit: int = 25,
) -> list[Queue]:
    """Overdue, due soon, stale and recently changed items: counts in one query, then the
    first `limit` items of each queue in one query each."""
    rules = [
        (
            Queue(
                "overdue",
                "Overdue",
                "Open items whose due date has passed, even at its latest possible day.",
                {"overdue": "on"},
            ),
            overdue_items_q(today),
        ),
        (
            Queue(
                "due-soon",
                f"Due within {due_days} days",
                f"Open items, not yet overdue, that may fall due within {due_days} days.",
                {"due_within": str(due_days)},
            ),
            due_within_q(due_days, today),
        ),
        (
            Queue(
                "stale",
                f"No update for {stale_days} days",
                f"Open items without a status update for {stale_days} days, or never updated.",
                {"stale_days": str(stale_days)},
            ),
            stale_items_q(today, stale_days),
        ),
        (
            Queue(
                "changed",
                f"Changed in the last {changed_days} days",
                f"Items edited, or given a status update, in the last {changed_days} days; "
                "latest change first.",
                {"changed_within": str(changed_days)},
            ),
            changed_within_q(changed_days, now),
        ),
    ]
    counts = ActionItem.objects.aggregate(
        **{queue.key: Count("pk", filter=condition) for queue, condition in rules}
    )
    items = ActionItem.objects.select_related("target_summit__series")
    for queue, condition in rules:
        queue.count = counts[queue.key]
        chosen = items.filter(condition)
        if queue.key == "changed":
            chosen = chosen.annotate(last_changed=_last_change()).order_by("-last_changed", "ref")
        else:
            chosen = chosen.order_by(F("due_start").asc(nulls_last=True), "ref")
        queue.items = list(chosen[:limit])
    return [queue for queue, _ in rules]


def _last_change() -> Coalesce:
    """When an item or one of its status updates last changed, from the history tables."""

    def latest(history: QuerySet, field_name: str) -> Subquery:
        rows = history.filter(**{field_name: OuterRef("pk")}).order_by("-history_date")
        return Subquery(rows.values("history_date")[:1])

    item = latest(ActionItem.history.all(), "id")
    update = latest(StatusUpdate.history.all(), "action_item_id")
    # GREATEST is NULL on SQLite as soon as one side is: an item never updated would vanish.
    return Greatest(Coalesce(item, update), Coalesce(update, item))


def my_follow_ups(user: AbstractBaseUser, today: dt.date) -> QuerySet[ActionItem]:
    """The items a user owns or watches, flagged overdue, due soon or stale, soonest due first."""
    watched = ActionItem.watchers.through.objects.filter(user=user)
    items = ActionItem.objects.filter(Q(owner=user) | Q(pk__in=watched.values("actionitem_id")))
    return (
        with_follow_up_flags(items, today)
        .annotate(is_watching=Exists(watched.filter(actionitem=OuterRef("pk"))))
        .select_related("owner", "target_summit__series")
        .order_by(F("due_start").asc(nulls_last=True), "ref")
    )


def evidence_suggestions(item: ActionItem | None = None, recent: int = 10) -> list[Source]:
    """The sources a status update most likely cites, newest first, in one query: those
    the item, its updates and its origin meeting cite, and the latest recorded."""
    wanted = Q(pk__in=Source.objects.order_by("-published_on", "-pk").values("pk")[:recent])
    if item is not None:
        wanted |= Q(
            pk__in=ActionItemCitation.objects.filter(action_item=item).values("source")
        ) | Q(
            pk__in=StatusUpdateEvidence.objects.filter(status_update__action_item=item).values(
                "source"
            )
        )
        if item.origin_meeting_id:
            wanted |= Q(
                pk__in=MeetingCitation.objects.filter(meeting=item.origin_meeting_id).values(
                    "source"
                )
            )
    return list(Source.objects.filter(wanted).order_by("-published_on", "title"))


def action_item_owners(current: int | None = None) -> QuerySet:
    """Who may own an item (see action_item_owner_choices), and its current owner."""
    users = get_user_model().objects.filter(action_item_owner_choices() | Q(pk=current))
    return users.order_by("username")


# Summit readiness ----------------------------------------------------------------------


@dataclass
class Readiness:
    """How far a summit's commitments have come, scored like the G7/G20 Research Group.

    Figures only, no records: the cache can keep them (summit_readiness_from_cache).
    """

    by_status: dict[str, int]
    score: float | None  # mean of +1 / 0 / -1 over counted items; None if none counted
    score_history: list[tuple[dt.date, float]]
    overdue: int
    stale: int
    at_risk: int  # overdue or stale: an item may be both

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def statuses(self) -> list[tuple[str, str, int]]:
        """(code, label, count) of the statuses that hold items, in the scale's order."""
        counts = self.by_status
        return [(code, label, counts[code]) for code, label in Status.choices if counts[code]]

    @property
    def score_percent(self) -> int | None:
        return None if self.score is None else score_percent(self.score)

    @property
    def score_change(self) -> float | None:
        """How the score moved at its last change (None before a second scored day)."""
        if len(self.score_history) < 2:
            return None
        return self.score_history[-1][1] - self.score_history[-2][1]


def score_percent(score: float) -> int:
    """A score on the 0–100 % scale reports use: −1 is 0 %, +1 is 100 %."""
    return round((score + 1) * 50)


def compliance_score(by_status: Mapping[str, int]) -> float | None:
    """The mean score of the items counted `by_status`; None if no status is scored."""
    scored = {status: n for status, n in by_status.items() if STATUS_SCORES[status] is not None}
    counted = sum(scored.values())
    return (
        sum(STATUS_SCORES[status] * n for status, n in scored.items()) / counted
        if counted
        else None
    )


def score_history(updates: Iterable[tuple[int, dt.date, str]]) -> list[tuple[dt.date, float]]:
    """The score at the end of each day an update was recorded, replaying `updates`
    (item id, as-of day, status) in order: every item counts with its latest status.

    Running sums keep it linear in the number of updates.
    """
    current: dict[int, str] = {}
    total = counted = 0
    by_day: dict[dt.date, float | None] = {}
    for item_id, as_of, status in updates:
        before = STATUS_SCORES[current.get(item_id, Status.NOT_STARTED)]
        after = STATUS_SCORES[status]
        if before is not None:
            total, counted = total - before, counted - 1
        if after is not None:
            total, counted = total + after, counted + 1
        current[item_id] = status
        by_day[as_of] = total / counted if counted else None
    return [(day, score) for day, score in by_day.items() if score is not None]


def summit_readiness(summit: Summit, today: dt.date) -> Readiness:
    """A summit's items counted by status and at risk, its compliance score and how it
    moved.

    Two queries however many items: the counts, grouped by status (overdue and stale by
    the same rules as the follow-up lists), and the status updates replayed for the
    score's history. The score itself needs only the counts.
    """
    overdue, stale = overdue_items_q(today), stale_items_q(today)
    rows = (
        summit.action_items.order_by()
        .values("status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=overdue),
            stale=Count("pk", filter=stale),
            at_risk=Count("pk", filter=overdue | stale),
        )
    )
    by_status = dict.fromkeys(Status.values, 0)
    risks: Counter[str] = Counter()
    for row in rows:
        by_status[row["status"]] = row["n"]
        risks.update({key: row[key] for key in ("overdue", "stale", "at_risk")})
    updates = (
        StatusUpdate.objects.filter(action_item__target_summit=summit)
        .order_by("as_of", "sequence", "pk")
        .values_list("action_item_id", "as_of", "status")
    )
    return Readiness(
        by_status=by_status,
        score=compliance_score(by_status),
        score_history=score_history(updates),
        overdue=risks["overdue"],
        stale=risks["stale"],
        at_risk=risks["at_risk"],
    )


def summit_readiness_from_cache(summit: Summit, today: dt.date) -> Readiness:
    """summit_readiness, kept until a record changes or the day does: the dashboard and
    the summit's page share it."""
    return cached(f"readiness:{summit.pk}:{today}", lambda: summit_readiness(summit, today))


# How many items a summit's page lists per status and at risk; the rest are a link away.
LISTED_ITEMS = 10


@dataclass
class ItemGroup:
    """The items of a summit holding one status: how many, and the first few by due date."""

    code: str
    label: str
    count: int
    items: list[ActionItem]


def readiness_items(
    summit: Summit, readiness: Readiness, today: dt.date, limit: int = LISTED_ITEMS
) -> tuple[list[ItemGroup], list[ActionItem]]:
    """The first `limit` items of each status that `readiness` counts, and of those at
    risk, flagged overdue or stale, with their sectors.

    Two queries however many items: window functions rank the items within their status
    and within "at risk" or not, so only the listed rows leave the database. Ranked as
    the action-item list sorts by due date (earliest first, unknown last, then by id),
    so that the full list a group links to opens on the same items.
    """
    by_due = [F("due_start").asc(nulls_last=True), F("pk").asc()]
    items = (
        with_follow_up_flags(summit.action_items.all(), today)
        .annotate(
            is_at_risk=ExpressionWrapper(
                overdue_items_q(today) | stale_items_q(today), output_field=BooleanField()
            ),
            rank_in_status=Window(RowNumber(), partition_by=F("status"), order_by=by_due),
            rank_in_risk=Window(RowNumber(), partition_by=F("is_at_risk"), order_by=by_due),
        )
        .filter(Q(rank_in_status__lte=limit) | Q(rank_in_risk__lte=limit))
        .prefetch_related("sectors")
        .order_by(*by_due)
    )
    first: dict[str, list[ActionItem]] = {}
    at_risk = []
    for item in items:
        if item.rank_in_status <= limit:
            first.setdefault(item.status, []).append(item)
        if item.is_at_risk and item.rank_in_risk <= limit:
            at_risk.append(item)
    groups = [
        ItemGroup(code, label, count, first.get(code, []))
        for code, label, count in readiness.statuses
    ]
    return groups, at_risk


def upcoming_meetings(today: dt.date, limit: int = 8) -> QuerySet[Meeting]:
    """Meetings not yet over (their latest possible day is today or later), soonest first."""
    return (
        Meeting.objects.exclude(overdue_q("date", today))
        .select_related("place__country", "summit__series")
        .order_by("date_start", "title")[:limit]
    )


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


def _link(record: Model) -> str:
    """A record's address as its history row recorded it, or "" if it has none.

    History rows keep old keys as they were, including ones written before the keys were
    validated (a reference with a line break): one such row must cost its link only, not
    the dashboard of every user.
    """
    try:
        return record.get_absolute_url()
    except NoReverseMatch:
        return ""


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
            url=_link(record) if row.history_type != "-" else "",
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
