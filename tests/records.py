"""Extra records for tests that need many rows: query counts, pagination, exports."""

import datetime as dt

from summits.fuzzydates import FuzzyDate
from summits.models import (
    ActionItem,
    Meeting,
    Organisation,
    Participation,
    Person,
    Place,
    Sector,
    Summit,
)


def make_action_items(count: int, *, prefix: str = "EXTRA", **fields) -> list[ActionItem]:
    """`count` items with a sector, two responsible organisations, a summit and a due date."""
    sectors = list(Sector.objects.order_by("slug")[:3])
    organisations = list(Organisation.objects.order_by("slug")[:2])
    summit = Summit.objects.first()
    meeting = Meeting.objects.first()
    due = fields.pop("due", FuzzyDate(dt.date(2026, 3, 1), "month"))
    items = []
    for number in range(1, count + 1):
        item = ActionItem(
            ref=f"{prefix}-{number:03}",
            title=f"Extra commitment {number}",
            target_summit=summit,
            origin_meeting=meeting,
            **fields,
        )
        item.due = due
        item.save()
        item.sectors.set([sectors[number % len(sectors)]])
        item.responsible.set(organisations)
        items.append(item)
    return items


def make_meetings(count: int, *, summit: Summit | None = None) -> list[Meeting]:
    """`count` meetings of two participants each, in Moscow, on different days."""
    place = Place.objects.get(slug="moscow")
    people = list(Person.objects.order_by("slug")[:2])
    sectors = list(Sector.objects.order_by("slug")[:2])
    meetings = []
    for number in range(1, count + 1):
        meeting = Meeting.objects.create(
            slug=f"extra-meeting-{number:03}",
            title=f"Extra meeting {number}",
            date_start=dt.date(2026, 1, 1) + dt.timedelta(days=number),
            date_precision="day",
            place=place,
            summit=summit,
        )
        meeting.sectors.set(sectors)
        for person in people:
            Participation.objects.create(meeting=meeting, person=person, role="Minister")
        meetings.append(meeting)
    return meetings
