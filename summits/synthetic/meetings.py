"""Meetings: each commission's yearly session, then talks, working groups, calls and visits.

Every meeting has its participants, its sectors and a source (a joint statement for a
session, a press release for the rest) that the items agreed there cite too.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.text import slugify

from ..fuzzydates import FuzzyDate, Precision
from ..models import Meeting, MeetingCitation, Participation, Person, Sector, Source
from .reference import Reference
from .run import YEARS, Run
from .series import Series

MEETING_PRECISIONS = (
    [
        Precision.DAY,
        Precision.EARLY_MONTH,
        Precision.MID_MONTH,
        Precision.LATE_MONTH,
        Precision.MONTH,
    ],
    (90, 2, 3, 2, 3),
)

# A meeting, its series, participants and sectors, in the order of their days.
MeetingRow = tuple[Meeting, Series, list[Person], list[Sector]]


@dataclass
class Meetings:
    rows: list[MeetingRow]
    # Meeting id → the id of its source.
    source_ids: dict[int, int]


def meetings_write(run: Run, reference: Reference, series_list: list[Series]) -> Meetings:
    """A yearly session of each commission; the rest talks, working groups, calls, visits.

    With fewer meetings than sessions over the years, only the latest years' sessions.
    """
    rows: list[MeetingRow] = []
    years = min(YEARS + 1, run.sizes.meetings // len(series_list))
    for series in series_list:
        for year in range(run.until.year - years + 1, run.until.year + 1):
            day = run.day(dt.date(year, 1, 1), min(dt.date(year, 12, 31), run.until))
            number = year - run.first_day.year + 1
            rows.append(
                _meeting(run, reference, series, Meeting.Kind.COMMISSION_SESSION, day, number)
            )
    kinds = [
        Meeting.Kind.BILATERAL,
        Meeting.Kind.WORKING_GROUP,
        Meeting.Kind.CALL,
        Meeting.Kind.VISIT,
    ]
    for _ in range(max(0, run.sizes.meetings - len(rows))):
        series = run.rng.choice(series_list)
        kind = run.rng.choices(kinds, (35, 35, 18, 12))[0]
        rows.append(_meeting(run, reference, series, kind, run.day(run.first_day, run.until)))
    rows.sort(key=lambda row: row[0].date_start)
    for index, (meeting, *_) in enumerate(rows, start=1):
        meeting.slug = f"{meeting.date_start:%Y-%m-%d}-{meeting.slug}-{index}"
    run.insert([meeting for meeting, *_ in rows])

    # As rows, not model instances: a hundred thousand meetings have several times as many.
    participations, sector_links, citations = [], [], []
    source_ids: dict[int, int] = {}
    for meeting, _, people, sectors in rows:
        for person in people:
            role = f"{person.title} (co-chair)" if meeting.commission_id else person.title
            participations.append((meeting.pk, person.pk, role, person.country_id))
        sector_links += [(meeting.pk, sector.pk) for sector in sectors]
        host = meeting.place.country.iso2
        source = run.source(
            meeting.slug,
            meeting.title,
            reference.foreign_ministry[host].name,
            meeting.date_start,
            Source.Kind.JOINT_STATEMENT
            if meeting.kind == Meeting.Kind.COMMISSION_SESSION
            else Source.Kind.PRESS_RELEASE,
        )
        citations.append((meeting.pk, source.pk, meeting.summary))
        source_ids[meeting.pk] = source.pk
    run.insert_rows(Participation, ["meeting", "person", "role", "side"], participations)
    run.insert_rows(Meeting.sectors.through, ["meeting", "sector"], sector_links)
    run.insert_rows(MeetingCitation, ["meeting", "source", "quote"], citations)
    return Meetings(rows, source_ids)


def _meeting(
    run: Run,
    reference: Reference,
    series: Series,
    kind: str,
    day: dt.date,
    session: int | None = None,
) -> MeetingRow:
    rng, people_by_country = run.rng, reference.people_by_country
    a, b = series.spec.countries
    host = rng.choice((a, b))
    place = rng.choice(reference.places_by_country[host])
    people = [rng.choice(people_by_country[a]), rng.choice(people_by_country[b])]
    if rng.random() < 0.4:
        extra = rng.choice(people_by_country[rng.choice((a, b))])
        if extra not in people:
            people.append(extra)
    commission = None
    if kind == Meeting.Kind.COMMISSION_SESSION:
        commission = series.commission
        sectors = rng.sample(run.sectors, 5)
        title = f"Session {session} of the {series.spec.acronym}"
        slug = f"{slugify(series.spec.acronym)}-session-{session}"
    elif kind == Meeting.Kind.WORKING_GROUP:
        commission = rng.choice(series.working_groups)
        sectors = [rng.choice(run.sectors)]
        title = f"Meeting of the {commission.name}"
        slug = f"{commission.slug}"
    else:
        sectors = rng.sample(run.sectors, rng.randint(1, 3))
        what = {"bilateral": "meets", "call": "speaks by phone with", "visit": "hosts"}[kind]
        title = f"{people[0].name} {what} {people[1].name} in {place.name}"
        slug = f"{slugify(people[0].name)}-{slugify(people[1].name)}"
    precision = rng.choices(*MEETING_PRECISIONS)[0]
    date = FuzzyDate(day, precision)
    summit = next(
        (
            s
            for s in series.summits
            if date.start <= s.date_start <= date.start + dt.timedelta(days=180)
        ),
        None,
    )
    meeting = Meeting(
        slug=slug,
        title=title,
        kind=kind,
        date_start=date.start,
        date_precision=date.precision,
        place=place,
        summit=summit,
        commission=commission,
        session_number=session,
        summary=f"The sides discussed {', '.join(s.name.lower() for s in sectors)}.",
    )
    return meeting, series, people, sectors
