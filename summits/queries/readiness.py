"""A summit's readiness: its items counted by status and at risk, its compliance score
and how it moved, and the first items of each group its page lists."""

import datetime as dt
from array import array
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, prefetch_related_objects
from django.db.models.expressions import RawSQL

from ..caching import ITEM_STATUS, cached
from ..models import OPEN_STATUSES, ActionItem, Status, Summit
from ..scoring import compliance_score, score_percent
from .conditions import (
    not_yet_overdue_q,
    overdue_items_q,
    stale_items_q,
    updated_lately_q,
    with_follow_up_flags,
)
from .tallies import summit_item_counts, summit_score_history


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

    def __getstate__(self) -> dict:
        # As the cache keeps it: a summit's thousands of dated scores pickle (and the file
        # cache compresses them) several times faster as two flat arrays than as tuples
        # of date objects; each write to the summit pickles them again.
        state = self.__dict__.copy()
        history = state.pop("score_history")
        state["score_days"] = array("i", [day.toordinal() for day, _ in history])
        state["scores"] = array("d", [score for _, score in history])
        return state

    def __setstate__(self, state: dict) -> None:
        days, scores = state.pop("score_days"), state.pop("scores")
        state["score_history"] = list(zip(map(dt.date.fromordinal, days), scores, strict=True))
        self.__dict__.update(state)

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


def summit_readiness(summit: Summit, today: dt.date) -> Readiness:
    """A summit's items counted by status and at risk, its compliance score and how it
    moved.

    Four queries, none growing with the summit's updates: the counts by status and the
    score's history from the kept tallies (tallies.py), and the summit's items at risk
    (summit_risk_counts). The score itself needs only the counts.
    """
    by_status = summit_item_counts(summit)
    open_items = sum(by_status[code] for code in OPEN_STATUSES)
    return Readiness(
        by_status=by_status,
        score=compliance_score(by_status),
        score_history=summit_score_history(summit),
        **summit_risk_counts(summit, today, open_items),
    )


def summit_risk_counts(summit: Summit, today: dt.date, open_items: int) -> dict[str, int]:
    """How many of a summit's `open_items` are overdue, stale, and either (at risk), by
    the follow-up lists' rules (they depend on today: not kept).

    Counted from their complements, two small sets: the open items updated within the
    stale period (not stale; those of them not overdue are the open items not at risk)
    and the open items not yet overdue (undated, or due from the earliest day a date may
    still be to come). Each is a range of an index: actionitem_summit_fresh_idx by last
    update, actionitem_summit_due_idx by due date. At 1,000,000 items a summit of 10,700
    open items had 466 and 1,646 of them; testing the rules on every open item took
    30 ms, most of it evaluating them.
    """
    # Open written as the statuses it allows: each is a range of the indexes.
    items = summit.action_items.filter(status__in=OPEN_STATUSES).order_by()
    not_overdue = not_yet_overdue_q(today)
    lately = items.filter(updated_lately_q(today)).aggregate(
        all=Count("pk"), not_overdue=Count("pk", filter=not_overdue)
    )
    overdue = open_items - items.filter(not_overdue).count()
    return {
        "overdue": overdue,
        "stale": open_items - lately["all"],
        "at_risk": open_items - lately["not_overdue"],
    }


def summit_readiness_from_cache(summit: Summit, today: dt.date) -> Readiness:
    """summit_readiness, kept until one of the summit's items or updates changes or the
    day does: the dashboard and the summit's page share it."""
    return cached(
        f"readiness:{summit.pk}:{today}",
        lambda: summit_readiness(summit, today),
        kinds=ITEM_STATUS,
        summit=summit.pk,
    )


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
    risk (overdue or stale), flagged overdue or stale, with their sectors.

    Ranked as the action-item list sorts by due date (earliest first, unknown last, then
    by id), so that the full list a group links to opens on the same items. Two queries
    whatever the summit's size, reading only the rows they list: one UNION ALL of short
    walks along the index of a summit's items by status and due date
    (actionitem_summit_due_idx), each stopping after `limit` rows, then the listed
    items' sectors. Ranked over all the summit's items by window functions instead, the
    page read every item of the summit: 16,000 at 1,000,000 items.
    """
    at_risk = _condition_sql(overdue_items_q(today) | stale_items_q(today))
    walks = []
    for code, _, _ in readiness.statuses:
        walks += _first_by_due(summit, code, limit)
        # Only open items can be at risk (conditions.py): a final status's walk would
        # read all its items to find none.
        if readiness.at_risk and code in OPEN_STATUSES:
            walks += _first_by_due(summit, code, limit, at_risk)
    items = _listed_in_due_order(walks, today)
    first: dict[str, list[ActionItem]] = {}
    for item in items:
        if len(group := first.setdefault(item.status, [])) < limit:
            group.append(item)
    risks = [item for item in items if item.is_overdue or item.is_stale][:limit]
    listed = {item.pk: item for group in [*first.values(), risks] for item in group}
    prefetch_related_objects(list(listed.values()), "sectors")
    groups = [
        ItemGroup(code, label, count, first.get(code, []))
        for code, label, count in readiness.statuses
    ]
    return groups, risks


# The walks are SQL written here around the rules' own SQL (compiled from conditions.py
# once): built and compiled by the ORM, two dozen subqueries cost several times the
# query itself. Each is a subquery of its UNION member: SQLite allows no LIMIT in one.
WALK = (
    "SELECT id FROM summits_actionitem WHERE target_summit_id = %s AND status = %s "
    "AND {dated} AND ({condition}) ORDER BY {order} LIMIT %s"
)
# The list's order (unknown dates last). Where NULL sorts last (PostgreSQL) that is the
# index's own order: one walk. SQLite sorts NULL first: two walks, dated by due date
# then id, undated by id (it has no index for NULLS LAST).
ONE_WALK = [("1 = 1", "due_start, id")]
TWO_WALKS = [("due_start IS NOT NULL", "due_start, id"), ("due_start IS NULL", "id")]


def _condition_sql(condition: Q) -> tuple[str, list]:
    """`condition` on the action items as SQL and its parameters."""
    query = ActionItem.objects.filter(condition).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(query.where)
    return sql, list(params)


def _first_by_due(
    summit: Summit, status: str, limit: int, condition: tuple[str, list] = ("1 = 1", [])
) -> list[tuple[str, list]]:
    """Walks to the ids of the first `limit` of the summit's items of `status` that
    meet `condition` (SQL, parameters) in the list's order."""
    sql, params = condition
    walks = ONE_WALK if connection.features.nulls_order_largest else TWO_WALKS
    return [
        (
            WALK.format(dated=dated, order=order, condition=sql),
            [summit.pk, status, *params, limit],
        )
        for dated, order in walks
    ]


def _listed_in_due_order(walks: list[tuple[str, list]], today: dt.date) -> list[ActionItem]:
    """The items the walks name, flagged, in one query, sorted as the list sorts."""
    if not walks:
        return []
    union = " UNION ALL ".join(
        f"SELECT id FROM ({sql}) walk_{n}" for n, (sql, _) in enumerate(walks)
    )
    params = [param for _, walk_params in walks for param in walk_params]
    found = ActionItem.objects.filter(pk__in=RawSQL(union, params))
    return sorted(with_follow_up_flags(found, today).order_by(), key=_due_order)


def _due_order(item: ActionItem) -> tuple:
    return (item.due_start is None, item.due_start or dt.date.min, item.pk)
