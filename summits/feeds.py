"""The iCalendar feed: summits, meetings and action-item due dates as all-day events.

A fuzzy date ("early December 2025") becomes an all-day event over every day it can
mean, marked free (transparent) so that a month-long "due in Q1" never blocks a diary.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.http import QueryDict
from django.utils import timezone
from icalendar import Calendar, Event

from .filters import ActionItemFilterSet, MeetingFilterSet, SummitFilterSet
from .fuzzydates import FuzzyDate, Precision
from .models import ActionItem, Meeting, Summit

# The parts of a feed, each narrowed by its list's filters ("include" picks among them).
PARTS = ("summits", "meetings", "action-items")
PRODID = "-//Summit tracker//Summit tracker calendar//EN"


def all_day_event(
    *, uid: str, summary: str, date: FuzzyDate, url: str, description: str, location: str = ""
) -> Event:
    """An all-day event over the whole fuzzy date; iCalendar's end day is exclusive."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    title = summary if date.precision == Precision.DAY else f"{summary} ({date})"
    event.add("summary", title)
    event.add("dtstart", date.start)
    event.add("dtend", date.end + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("url", url)
    event.add("description", f"{description}\nDate as reported: {date}.\n{url}")
    if location:
        event.add("location", location)
    return event


def feed_records(
    params: QueryDict,
) -> tuple[Iterable[Summit], Iterable[Meeting], Iterable[ActionItem]]:
    """The records a feed with these query parameters shows, each part by its list's filters.

    A parameter only one list knows (`sector` does not narrow summits) leaves the other
    parts whole; `include` drops parts altogether.
    """
    include = set(params.getlist("include")) & set(PARTS) or set(PARTS)
    summits = SummitFilterSet(
        params,
        queryset=Summit.objects.filter(date_start__isnull=False).select_related(
            "series", "host_place__country"
        ),
    ).qs
    meetings = MeetingFilterSet(
        params, queryset=Meeting.objects.select_related("place__country", "summit__series")
    ).qs
    items = ActionItemFilterSet(
        params,
        queryset=ActionItem.objects.filter(due_start__isnull=False).select_related(
            "target_summit__series"
        ),
    ).qs
    return (
        summits if "summits" in include else [],
        meetings if "meetings" in include else [],
        items if "action-items" in include else [],
    )


def build_calendar(
    *,
    name: str,
    summits: Iterable[Summit],
    meetings: Iterable[Meeting],
    action_items: Iterable[ActionItem],
    absolute_url: Callable[[str], str],
) -> bytes:
    """The feed as iCalendar bytes; `absolute_url` turns a path into a full link."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for summit in summits:
        place = summit.host_place
        calendar.add_component(
            all_day_event(
                uid=f"summit-{summit.series.slug}-{summit.number}@summit-tracker",
                summary=str(summit),
                date=summit.date,
                url=absolute_url(summit.get_absolute_url()),
                description=f"Summit, {summit.get_status_display()}.",
                location=f"{place}, {place.country}" if place else "",
            )
        )
    for meeting in meetings:
        place = meeting.place
        prepares = f" Prepares the {meeting.summit}." if meeting.summit else ""
        calendar.add_component(
            all_day_event(
                uid=f"meeting-{meeting.slug}@summit-tracker",
                summary=meeting.title,
                date=meeting.date,
                url=absolute_url(meeting.get_absolute_url()),
                description=f"{meeting.get_kind_display().capitalize()}.{prepares}",
                location=f"{place}, {place.country}" if place else "",
            )
        )
    for item in action_items:
        target = f" For the {item.target_summit}." if item.target_summit else ""
        calendar.add_component(
            all_day_event(
                uid=f"action-item-{item.ref}@summit-tracker",
                summary=f"Due: {item.ref} {item.title}",
                date=item.due,
                url=absolute_url(item.get_absolute_url()),
                description=f"Action item, {item.get_status_display()}.{target}",
            )
        )
    return calendar.to_ical()
