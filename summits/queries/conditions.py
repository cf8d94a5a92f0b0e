"""The follow-up rules as named conditions: open, overdue, due soon, stale, changed.

Every page, figure, digest and list filter picks its items through these, so a figure
always equals the count of the list it links to. Each rule has its Python twin on the
records, pinned to it by tests: open is `not ActionItem.is_final`, overdue is open with
a due date that `FuzzyDate.is_past`.
"""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from ..fuzzydates import ends_on_or_after_q, overdue_q, past_threshold_bounds
from ..models import FINAL_STATUSES, OPEN_STATUSES, ActionItem, Status, StatusUpdate

# How far ahead "due soon" looks on the dashboard.
DUE_SOON_DAYS = 30
# How far back the follow-up page's "recently changed" looks: a week, for a weekly routine.
RECENTLY_CHANGED_DAYS = 7

# The action-item list's query string that picks the items open_items_q picks.
OPEN_ITEMS_QUERY = urlencode([("status", status.value) for status in OPEN_STATUSES])


def open_items_q(prefix: str = "") -> Q:
    """Action items still to deliver: any status but a final one."""
    return ~Q(**{f"{prefix}status__in": FINAL_STATUSES})


def unassessed_items_q() -> Q:
    """Items nobody has yet recorded evidence of the state of: they need a first look."""
    return Q(status=Status.NOT_ASSESSED)


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
    cutoff = _stale_cutoff(today, days)
    return open_items_q() & (Q(status_as_of__lt=cutoff) | Q(status_as_of__isnull=True))


def updated_lately_q(today: dt.date) -> Q:
    """Items whose last status update is recent enough: an open one is not stale
    (stale_items_q's complement among open items, as one range of the last update)."""
    return Q(status_as_of__gte=_stale_cutoff(today))


def not_yet_overdue_q(today: dt.date) -> Q:
    """Items not overdue by their due date: undated, or one that may still be to come
    (overdue_q's complement), with a plain lower bound on the start that makes it a
    range of an index on the due date."""
    earliest, _ = past_threshold_bounds(today)
    return Q(due_start__isnull=True) | (
        Q(due_start__gte=earliest) & ends_on_or_after_q("due", today)
    )


def _stale_cutoff(today: dt.date, days: int | None = None) -> dt.date:
    """The day before which an open item's last update makes it stale."""
    return today - dt.timedelta(days=settings.TRACKER_STALE_DAYS if days is None else days)


def changed_within_q(days: int, now: dt.datetime) -> Q:
    """Items changed, or given a status update (added, changed or deleted), in `days` days.

    Read from the history tables, so a change made by the admin, a page or an import
    counts alike. One IN over the union of the two histories' ids, not two INs joined by
    OR: PostgreSQL cannot join items to an OR, so it read every item, guessed that three
    in four were kept, and spent 0.6 s compiling (JIT) a plan for the follow-up page's
    queue sorted by last change; from the union it fetches the few changed items by id.
    """
    since = now - dt.timedelta(days=days)
    items = ActionItem.history.filter(history_date__gte=since).values("id")
    updates = StatusUpdate.history.filter(history_date__gte=since).values("action_item_id")
    return Q(pk__in=items.union(updates))


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
