"""Action items agreed at meetings, and each item's history of status updates.

Items are built in memory a chunk at a time and written with their sectors, responsible
ministries, source and updates; the items' status and last-update day are set at the end,
by the one rule that keeps them everywhere (`services.action_items_status_refresh`).
"""

import bisect
import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass

from ..fuzzydates import FuzzyDate, Precision
from ..models import (
    FINAL_STATUSES,
    ActionItem,
    ActionItemCitation,
    Meeting,
    Sector,
    Status,
    StatusUpdate,
    StatusUpdateEvidence,
)
from ..services import action_items_status_refresh
from .documents import Documents
from .meetings import Meetings
from .reference import Reference
from .run import Run
from .series import Series
from .vocabulary import NOTES, OBJECTS, VERBS

# Action items (with their updates) built in memory before they are written.
CHUNK_ITEMS = 5000

# How an item's status moves from one update to the next (both ways, as in real life).
TRANSITIONS = {
    Status.NOT_STARTED: {"not_started": 30, "in_progress": 60, "stalled": 10},
    Status.IN_PROGRESS: {
        "in_progress": 70,
        "stalled": 12,
        "partially_fulfilled": 12,
        "fulfilled": 4,
        "not_fulfilled": 1,
        "withdrawn": 1,
    },
    Status.STALLED: {"stalled": 50, "in_progress": 42, "not_fulfilled": 4, "withdrawn": 4},
    Status.PARTIALLY_FULFILLED: {
        "partially_fulfilled": 55,
        "in_progress": 30,
        "fulfilled": 12,
        "not_fulfilled": 3,
    },
    Status.FULFILLED: {"fulfilled": 95, "partially_fulfilled": 5},
    Status.NOT_FULFILLED: {"not_fulfilled": 85, "in_progress": 15},
    Status.WITHDRAWN: {"withdrawn": 95, "in_progress": 5},
}


def _cumulative(weights: dict) -> tuple[tuple, tuple[int, ...]]:
    """(choices, cumulative weights): random.choices given cum_weights draws what it
    draws given the weights, without summing them again at each of millions of draws."""
    return tuple(weights), tuple(itertools.accumulate(weights.values()))


# The same as the arguments of random.choices.
_NEXT = {status: _cumulative(weights) for status, weights in TRANSITIONS.items()}
DUE_PRECISIONS = _cumulative(dict(zip(Precision, (20, 10, 10, 10, 20, 15, 5, 10), strict=True)))
PRIORITIES = _cumulative({1: 20, 2: 60, 3: 20})

# An update as drawn: (as of, sequence, status, note, evidence source id or None).
_Update = tuple[dt.date, int, str, str, int | None]


# An item's columns as written, its id first; its status follows from its updates later.
_ITEM_FIELDS = [
    "id",
    "ref",
    "title",
    "text",
    "origin_meeting",
    "target_summit",
    "paragraph",
    "due_start",
    "due_precision",
    "priority",
    "status",
    "status_as_of",
    "owner",
    "version",
]


# Where the text is in an _Item's row (which has no id): citations quote it.
_TEXT = _ITEM_FIELDS.index("text") - 1


@dataclass
class _Item:
    # The values of _ITEM_FIELDS but the id: rows, not model instances, for a million.
    row: tuple
    sector_ids: list[int]
    organisation_ids: list[int]
    source_id: int
    updates: list[_Update]


def items_write(run: Run, reference: Reference, meetings: Meetings, documents: Documents) -> None:
    """Items spread over meetings (sessions bring most), written chunk by chunk; an item
    of a session cites the paragraph of the session's protocol on its sector."""
    _Items(run, reference, meetings, documents).write()


class _Items:
    def __init__(
        self, run: Run, reference: Reference, meetings: Meetings, documents: Documents
    ) -> None:
        self.run, self.rng, self.reference, self.meetings = run, run.rng, reference, meetings
        self.paragraph_ids = documents.paragraph_ids

    def write(self) -> None:
        weight = {
            Meeting.Kind.COMMISSION_SESSION: 20,
            Meeting.Kind.WORKING_GROUP: 4,
            Meeting.Kind.BILATERAL: 2,
            Meeting.Kind.VISIT: 1,
            Meeting.Kind.CALL: 0.5,
        }
        rows = self.meetings.rows
        per_meeting = Counter(
            self.rng.choices(
                range(len(rows)), [weight[m.kind] for m, *_ in rows], k=self.run.sizes.items
            )
        )
        pending: list[_Item] = []
        written = 0
        for index, (meeting, series, _, sectors) in enumerate(rows):
            numbers: Counter[str] = Counter()
            for _ in range(per_meeting[index]):
                sector = self.rng.choice(sectors)
                numbers[sector.slug] += 1
                pending.append(self.item(meeting, series, sector, numbers[sector.slug]))
                if len(pending) == CHUNK_ITEMS:
                    written += self.write_chunk(pending)
                    pending = []
                    self.run.progress("action items", written, self.run.sizes.items)
        written += self.write_chunk(pending)
        self.run.progress("action items", written, self.run.sizes.items)
        # Every item in one statement: cheaper than a list of ids, and right for any item.
        action_items_status_refresh()

    def item(self, meeting: Meeting, series: Series, sector: Sector, number: int) -> _Item:
        rng = self.rng
        code = (
            f"{series.spec.acronym}-{meeting.session_number}"
            if meeting.session_number
            else f"{'-'.join(series.spec.countries)}-M{meeting.pk}"
        )
        verb, what = rng.choice(VERBS), rng.choice(OBJECTS.get(sector.slug, ("cooperation",)))
        due = None
        if rng.random() < 0.85:
            day = meeting.date_start + dt.timedelta(days=rng.randint(30, 1000))
            due = FuzzyDate(day, rng.choices(DUE_PRECISIONS[0], cum_weights=DUE_PRECISIONS[1])[0])
        by = f" by {due}" if due else ""
        text = f"The sides agreed to {verb[0].lower()}{verb[1:]} {what}{by}."
        later = [s for s in series.summits if s.date_start >= meeting.date_start]
        row = (
            f"{code}/{sector.slug.upper()}-{number}",
            f"{verb} {what}",
            text,
            meeting.pk,
            later[0].pk if later and rng.random() < 0.7 else None,
            self.paragraph_ids.get((meeting.pk, sector.slug)),
            due.start if due else None,
            due.precision if due else "",
            rng.choices(PRIORITIES[0], cum_weights=PRIORITIES[1])[0],
            Status.NOT_ASSESSED,
            None,
            None,
            1,
        )
        sectors = [sector.pk]
        if rng.random() < 0.3:
            other = rng.choice(self.run.sectors)
            if other.pk != sector.pk:
                sectors.append(other.pk)
        countries = (
            series.spec.countries if rng.random() < 0.6 else (rng.choice(series.spec.countries),)
        )
        organisations = [self.reference.ministries[iso2, sector.slug].pk for iso2 in countries]
        updates = self.updates(meeting.date_start, series)
        return _Item(row, sectors, organisations, self.meetings.source_ids[meeting.pk], updates)

    def updates(self, since: dt.date, series: Series) -> list[_Update]:
        rng, until = self.rng, self.run.until
        count = rng.randint(0, 2 * self.run.sizes.updates_per_item)
        start = min(since + dt.timedelta(days=1), until)
        # run.day's draw, the span's length computed once for all the item's updates.
        span, randint, timedelta = max((until - start).days, 0), rng.randint, dt.timedelta
        days = sorted(start + timedelta(days=randint(0, span)) for _ in range(count))
        status = Status.NOT_STARTED if rng.random() < 0.5 else Status.IN_PROGRESS
        updates = []
        previous, sequence = None, 0
        for day in days:
            sequence = sequence + 1 if day == previous else 1
            previous = day
            evidence = None
            if status in FINAL_STATUSES or rng.random() < 0.05:
                # The latest press report of the day or before, or one a little older.
                position = bisect.bisect_right(series.news_days, day) - 1 - rng.randint(0, 3)
                if position >= 0:
                    evidence = series.news[position].pk
                elif status in FINAL_STATUSES:
                    # No press report yet: a final status cannot stand without evidence.
                    status = Status.IN_PROGRESS
            updates.append((day, sequence, status, rng.choice(NOTES[status]), evidence))
            statuses, cumulative = _NEXT[status]
            status = rng.choices(statuses, cum_weights=cumulative)[0]
        return updates

    def write_chunk(self, pending: list[_Item]) -> int:
        run = self.run
        # Ids given here rather than returned by the database: the rows below need them.
        item_ids = run.next_ids(ActionItem, len(pending))
        items = list(zip(item_ids, pending, strict=True))
        run.insert_rows(ActionItem, _ITEM_FIELDS, [(pk, *p.row) for pk, p in items])
        run.insert_rows(
            ActionItem.sectors.through,
            ["actionitem", "sector"],
            [(pk, sector_id) for pk, p in items for sector_id in p.sector_ids],
        )
        run.insert_rows(
            ActionItem.responsible.through,
            ["actionitem", "organisation"],
            [(pk, org_id) for pk, p in items for org_id in p.organisation_ids],
        )
        run.insert_rows(
            ActionItemCitation,
            ["action_item", "source", "quote"],
            [(pk, p.source_id, p.row[_TEXT]) for pk, p in items],
        )
        update_ids = iter(run.next_ids(StatusUpdate, sum(len(p.updates) for p in pending)))
        updates, evidence = [], []
        for pk, p in items:
            for as_of, sequence, status, note, source_id in p.updates:
                update_id = next(update_ids)
                updates.append((update_id, pk, as_of, sequence, status, note))
                if source_id is not None:
                    evidence.append((update_id, source_id, ""))
        run.insert_rows(
            StatusUpdate, ["id", "action_item", "as_of", "sequence", "status", "note"], updates
        )
        run.insert_rows(StatusUpdateEvidence, ["status_update", "source", "quote"], evidence)
        return len(pending)
