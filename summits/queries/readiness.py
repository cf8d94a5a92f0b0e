"""A summit's readiness: its items counted by status and at risk, its compliance score
and how it moved, and the first items of each group its page lists."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber

from ..caching import ITEM_STATUS, cached
from ..models import ActionItem, Status, Summit
from ..scoring import compliance_score, score_percent
from .conditions import open_items_q, overdue_items_q, stale_items_q, with_follow_up_flags
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

    Three queries, none growing with the summit's updates: the counts by status and the
    score's history from the kept tallies (tallies.py), and the summit's items at risk
    (summit_risk_counts). The score itself needs only the counts.
    """
    by_status = summit_item_counts(summit)
    return Readiness(
        by_status=by_status,
        score=compliance_score(by_status),
        score_history=summit_score_history(summit),
        **summit_risk_counts(summit, today),
    )


def summit_risk_counts(summit: Summit, today: dt.date) -> dict[str, int]:
    """How many of a summit's open items are overdue, stale, and either (at risk), by
    the follow-up lists' rules (they depend on today: not kept).

    Read from an index alone (ActionItem's actionitem_summit_risk_idx holds every column
    the rules read), not from the items' rows: at 1,000,000 items, a summit's 16,000
    entries instead of 16,000 rows spread over the table, about half the time. It still
    grows with the summit's items: a count of items overdue or stale kept per summit
    would need their due dates and last updates counted together, a row per item.
    """
    overdue, stale = overdue_items_q(today), stale_items_q(today)
    return (
        summit.action_items.filter(open_items_q())
        .order_by()
        .aggregate(
            overdue=Count("pk", filter=overdue),
            stale=Count("pk", filter=stale),
            at_risk=Count("pk", filter=overdue | stale),
        )
    )


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
