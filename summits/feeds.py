"""The iCalendar feed: summits, meetings and action-item due dates as all-day events.

A fuzzy date ("early December 2025") becomes an all-day event over every day it can
mean, marked free (transparent) so that a month-long "due in Q1" never blocks a diary.

The feed starts a year back unless its address asks for more (`since=YYYY-MM-DD`): a
calendar program fetches it every few minutes, and ten years of 100,000 items make tens
of megabytes each time. It is streamed a batch of events at a time, never held whole.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from itertools import batched, chain

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from icalendar import Calendar, Event

from .filters import ActionItemFilterSet, MeetingFilterSet, SummitFilterSet
from .fuzzydates import FuzzyDate, Precision, ends_on_or_after_q
from .models import ActionItem, Meeting, Summit
from .queries import open_items_q

# The parts of a feed, each narrowed by its list's filters ("include" picks among them).
PARTS = ("summits", "meetings", "action-items")
PRODID = "-//Summit tracker//Summit tracker calendar//EN"
# How far back a feed reaches when its address gives no `since`.
DEFAULT_HISTORY = dt.timedelta(days=365)
# The earliest `since`: before it, the date arithmetic of fuzzy dates overflows.
EARLIEST_SINCE = dt.date(1900, 1, 1)
CHUNK_SIZE = 500  # records read per query
EVENTS_PER_PIECE = 500  # events sent at a time

Link = Callable[[str], str]  # a path to the full address a calendar program opens


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


def feed_since(params: QueryDict, today: dt.date) -> dt.date:
    """The first day a feed covers: its `since` parameter, or a year before today.

    Raises ValueError, saying how to write it, when `since` is not a day we can use.
    """
    value = params.get("since")
    if not value:
        return today - DEFAULT_HISTORY
    try:
        since = dt.date.fromisoformat(value)
    except ValueError:
        since = None
    if since is None or since < EARLIEST_SINCE:
        raise ValueError(
            f"since={value!r} is not a day the feed can start on: write it as YYYY-MM-DD, "
            f"from {EARLIEST_SINCE:%Y-%m-%d} on (since=2020-01-01 for events since 2020)."
        )
    return since


def feed_records(
    params: QueryDict, *, since: dt.date
) -> tuple[QuerySet[Summit], QuerySet[Meeting], QuerySet[ActionItem]]:
    """The records a feed with these query parameters shows, each part by its list's filters.

    Only events that can still fall on `since` or later are in. A parameter only one list
    knows (`sector` does not narrow summits) leaves the other parts whole; `include` drops
    parts altogether. An item with a final status (fulfilled, not fulfilled, withdrawn)
    is due no more, so it has no "Due:" event.
    """
    include = set(params.getlist("include")) & set(PARTS) or set(PARTS)
    # Long texts no event shows (a meeting's summary, an item's wording) are not read.
    summits = SummitFilterSet(
        params,
        queryset=Summit.objects.filter(date_start__isnull=False)
        .filter(ends_on_or_after_q("date", since))
        .select_related("series", "host_place__country"),
    ).qs
    meetings = MeetingFilterSet(
        params,
        queryset=Meeting.objects.filter(ends_on_or_after_q("date", since))
        .select_related("place__country", "summit__series")
        .defer("summary"),
    ).qs
    items = ActionItemFilterSet(
        params,
        queryset=ActionItem.objects.filter(due_start__isnull=False)
        .filter(open_items_q(), ends_on_or_after_q("due", since))
        .select_related("target_summit__series")
        .defer("text"),
    ).qs
    return (
        summits if "summits" in include else summits.none(),
        meetings if "meetings" in include else meetings.none(),
        items if "action-items" in include else items.none(),
    )


def _summit_events(summits: QuerySet[Summit], absolute_url: Link) -> Iterator[Event]:
    for summit in summits.iterator(chunk_size=CHUNK_SIZE):
        place = summit.host_place
        yield all_day_event(
            uid=f"summit-{summit.series.slug}-{summit.number}@summit-tracker",
            summary=str(summit),
            date=summit.date,
            url=absolute_url(summit.get_absolute_url()),
            description=f"Summit, {summit.get_status_display()}.",
            location=f"{place}, {place.country}" if place else "",
        )


def _meeting_events(meetings: QuerySet[Meeting], absolute_url: Link) -> Iterator[Event]:
    for meeting in meetings.iterator(chunk_size=CHUNK_SIZE):
        place = meeting.place
        prepares = f" Prepares the {meeting.summit}." if meeting.summit else ""
        yield all_day_event(
            uid=f"meeting-{meeting.slug}@summit-tracker",
            summary=meeting.title,
            date=meeting.date,
            url=absolute_url(meeting.get_absolute_url()),
            description=f"{meeting.get_kind_display().capitalize()}.{prepares}",
            location=f"{place}, {place.country}" if place else "",
        )


def _item_events(items: QuerySet[ActionItem], absolute_url: Link) -> Iterator[Event]:
    for item in items.iterator(chunk_size=CHUNK_SIZE):
        target = f" For the {item.target_summit}." if item.target_summit else ""
        yield all_day_event(
            uid=f"action-item-{item.ref}@summit-tracker",
            summary=f"Due: {item.ref} {item.title}",
            date=item.due,
            url=absolute_url(item.get_absolute_url()),
            description=f"Action item, {item.get_status_display()}.{target}",
        )


def calendar_pieces(
    *,
    name: str,
    summits: QuerySet[Summit],
    meetings: QuerySet[Meeting],
    action_items: QuerySet[ActionItem],
    absolute_url: Link,
) -> Iterator[bytes]:
    """The feed as iCalendar bytes, a batch of events at a time, records read in chunks.

    `absolute_url` turns a path into a full link.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    # icalendar writes the calendar's own lines; its events go between them as they come.
    end = b"END:VCALENDAR\r\n"
    yield calendar.to_ical().removesuffix(end)
    events = chain(
        _summit_events(summits, absolute_url),
        _meeting_events(meetings, absolute_url),
        _item_events(action_items, absolute_url),
    )
    # Each event is let go as soon as it is written: a written one takes a tenth of the room.
    written = (event.to_ical() for event in events)
    yield from (b"".join(batch) for batch in batched(written, EVENTS_PER_PIECE))
    yield end
