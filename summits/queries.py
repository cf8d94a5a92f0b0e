"""Named questions the tracker answers, used by pages, admin and tests alike."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import FINAL_STATUSES, Meeting, Participation, Summit


def open_items_q(prefix: str = "") -> Q:
    """Action items still to deliver: any status but a final one."""
    return ~Q(**{f"{prefix}status__in": FINAL_STATUSES})


def with_open_item_counts(summits: QuerySet[Summit]) -> QuerySet[Summit]:
    return summits.annotate(open_items=Count("action_items", filter=open_items_q("action_items__")))


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
