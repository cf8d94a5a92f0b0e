"""Follow-up work on action items: the follow-up page's queues, "My follow-ups" and the
e-mailed digests, each picking its items by the rules in conditions.py."""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from ..fuzzydates import past_threshold_bounds
from ..models import ActionItem, Status, StatusUpdate
from .conditions import (
    changed_within_q,
    due_within_q,
    overdue_items_q,
    stale_items_q,
    unassessed_items_q,
    with_follow_up_flags,
)
from .tallies import follow_up_counts, item_counts_by_status


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


# The follow-up page and "My follow-ups" --------------------------------------------


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
    """Overdue, due soon, stale, not yet assessed and recently changed items: counts from
    the tallies (the changed items' from the history), then the first `limit` items of
    each queue in one query each."""
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
                "unassessed",
                "Not yet assessed",
                "Commitments nobody has yet recorded evidence of the state of: they count "
                "in no score until someone does.",
                {"status": "not_assessed"},
            ),
            unassessed_items_q(),
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
    # Counted from the kept tallies, not over every item: the changed items alone are
    # found through the history tables' dates.
    figures = follow_up_counts(today, due_days=due_days, stale_days=stale_days)
    counts = {
        "overdue": figures["overdue"],
        "due-soon": figures["due_soon"],
        "stale": figures["stale"],
        "unassessed": item_counts_by_status()[Status.NOT_ASSESSED],
        "changed": ActionItem.objects.filter(changed_within_q(changed_days, now)).count(),
    }
    items = ActionItem.objects.select_related("target_summit__series")
    # Where each queue's dates can start (redundant beside its rule): see _soonest_due.
    earliest, latest = past_threshold_bounds(today)
    starts = {"overdue": Q(due_start__lt=latest), "due-soon": Q(due_start__gte=earliest)}
    for queue, condition in rules:
        queue.count = counts[queue.key]
        chosen = items.filter(condition)
        if queue.key == "changed":
            chosen = chosen.annotate(last_changed=_last_change()).order_by("-last_changed", "ref")
            queue.items = list(chosen[:limit])
        else:
            queue.items = _soonest_due(chosen, starts.get(queue.key, Q()), limit)
    return [queue for queue, _ in rules]


def _soonest_due(items: QuerySet[ActionItem], starts: Q, limit: int) -> list[ActionItem]:
    """The first `limit` of `items` by due date, the earliest recorded first among those
    due the same day, undated ones last.

    In two queries rather than one sorted with NULLS LAST, which no index gives: the dated
    items are read along the due date's index (actionitem_due_idx: due_start, id) and the
    walk stops at `limit`; only when fewer are dated are the undated ones read. `starts`
    bounds where the walk may begin and end. Sorted as one query, a queue read every
    overdue or stale item: 4.6 s for the page at 1,000,000 items.
    """
    dated = items.filter(starts, due_start__isnull=False).order_by("due_start", "id")
    found = list(dated[:limit])
    if len(found) == limit:
        return found
    undated = items.filter(due_start__isnull=True).order_by("id")
    return found + list(undated[: limit - len(found)])


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
