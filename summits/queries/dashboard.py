"""The dashboard's questions: upcoming summits and meetings, and what changed last.
Its figures (items by status and by sector, the follow-up figures) are kept: tallies.py."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch

from ..fuzzydates import overdue_q, past_threshold_bounds
from ..models import (
    OPEN_STATUSES,
    ActionItem,
    ItemTally,
    Meeting,
    Participation,
    StatusUpdate,
    Summit,
)
from .conditions import (
    count_of,
)


def with_open_item_counts(summits: QuerySet[Summit]) -> QuerySet[Summit]:
    """Each summit with `open_items`: its items still open, summed from the kept tallies
    (a few rows a summit, not its thousands of items). Still sortable."""
    kept = (
        ItemTally.objects.filter(summit=OuterRef("pk"), status__in=OPEN_STATUSES)
        .order_by()
        .values("summit")
        .annotate(total=Sum("n"))
        .values("total")
    )
    return summits.annotate(open_items=Coalesce(Subquery(kept), 0))


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


def next_summit(summits: list[Summit], today: dt.date) -> Summit | None:
    """The next summit: the first of `summits` (upcoming_summits, by earliest possible day)
    whose latest possible day is today or later.

    A summit whose date has gone by is not "next" however long ago that was: it is one
    to update (summits_to_update). A summit with no date yet has nothing to count down to.
    """
    return next(
        (summit for summit in summits if summit.date and not summit.date.is_past(today)), None
    )


# Still expected to take place: an analyst has not recorded an outcome or a postponement.
EXPECTED_STATUSES = (Summit.Status.ANTICIPATED, Summit.Status.SCHEDULED)


def summits_to_update(summits: list[Summit], today: dt.date) -> list[Summit]:
    """Those of `summits` still expected whose latest possible day has gone by: an analyst
    has to record whether each was held, postponed or cancelled."""
    return [
        summit
        for summit in summits
        if summit.status in EXPECTED_STATUSES and summit.date and summit.date.is_past(today)
    ]


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


def upcoming_meetings(today: dt.date, limit: int = 8) -> QuerySet[Meeting]:
    """Meetings not yet over (their latest possible day is today or later), soonest first.

    The plain lower bound on the start, redundant beside the fuzzy condition, starts the
    walk along the start's index at the oldest meeting that may not be over: without it,
    SQLite walked from the first meeting ever and, with none to come, read all 100,000
    (96 ms on every view of the dashboard at 1,000,000 items).
    """
    return (
        Meeting.objects.exclude(overdue_q("date", today))
        .filter(date_start__gte=past_threshold_bounds(today)[0])
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
