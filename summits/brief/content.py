"""What a pre-summit brief says, gathered in a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from ..models import (
    ActionItem,
    Agreement,
    Meeting,
    Participation,
    Person,
    Source,
    Summit,
)
from ..queries.compliance import Compliance, summit_compliance
from ..queries.conditions import overdue_items_q, stale_items_q
from ..queries.readiness import Readiness, summit_readiness
from ..scoring import score_percent

NO_MINISTRY = "No responsible organisation recorded"
# A brief lists this many commitments at risk per ministry, then says how many more: a
# summit with 1,600 of them needs the list page, not 60 pages of table.
AT_RISK_LISTED = 15


@dataclass(frozen=True)
class Counterpart:
    person: Person
    side: str  # the country they represented, as recorded
    dates: list[dt.date]  # the days met, latest first


@dataclass(frozen=True)
class Brief:
    summit: Summit
    today: dt.date
    readiness: Readiness
    compliance: Compliance
    at_risk: list[tuple[str, list[ActionItem]]]  # by responsible organisation, by name
    previous: Summit | None
    meetings: list[Meeting]  # since the previous summit, oldest first
    previous_agreements: list[Agreement]
    counterparts: list[Counterpart]  # who took part in those meetings, latest met first
    sources: list[Source]

    @property
    def title(self) -> str:
        return f"Pre-summit brief: {self.summit}"

    @property
    def prepared(self) -> str:
        return f"Prepared on {_day(self.today)} from the Summit tracker."


def brief_content(summit: Summit, today: dt.date) -> Brief:
    previous = (
        Summit.objects.filter(series=summit.series_id, number__lt=summit.number)
        .order_by("-number")
        .first()
    )
    # The meetings preparing it, and any other since the previous summit where one of the
    # series' countries took part.
    meetings = Meeting.objects.filter(summit=summit)
    if previous and previous.date_start:
        unlinked = Meeting.objects.filter(
            summit__isnull=True,
            date_start__gte=previous.date_start,
            participations__side__in=summit.series.countries.all(),
        )
        meetings = meetings | unlinked
    meetings = list(
        meetings.distinct()
        .filter(date_start__lte=today)
        .select_related("place", "commission")
        .prefetch_related(
            Prefetch("participations", Participation.objects.select_related("person", "side"))
        )
        .order_by("date_start", "title")
    )
    seen: dict[int, Counterpart] = {}
    for meeting in reversed(meetings):
        for taking_part in meeting.participations.all():
            person = taking_part.person
            if person.pk not in seen:
                side = str(taking_part.side) if taking_part.side else ""
                seen[person.pk] = Counterpart(person, side, [])
            seen[person.pk].dates.append(meeting.date_start)
    risky = (
        summit.action_items.filter(overdue_items_q(today) | stale_items_q(today))
        .prefetch_related("responsible")
        .order_by("due_start", "ref")
    )
    by_ministry: dict[str, list[ActionItem]] = defaultdict(list)
    for item in risky:
        for organisation in item.responsible.all() or [None]:
            by_ministry[str(organisation) if organisation else NO_MINISTRY].append(item)
    agreements = (
        list(previous.agreements.prefetch_related("countries").order_by("title"))
        if previous
        else []
    )
    sources = (
        Source.objects.filter(
            Q(summits=summit)
            | Q(meetings__in=[m.pk for m in meetings])
            | Q(action_items__target_summit=summit)
        )
        .distinct()
        .order_by("-published_on", "title")
    )
    return Brief(
        summit=summit,
        today=today,
        readiness=summit_readiness(summit, today),
        compliance=summit_compliance(summit),
        at_risk=sorted(by_ministry.items(), key=lambda pair: (pair[0] == NO_MINISTRY, pair[0])),
        previous=previous,
        meetings=meetings,
        previous_agreements=agreements,
        counterparts=list(seen.values()),
        sources=list(sources),
    )


# The brief as headings, paragraphs and tables: what both the DOCX and the PDF write, so
# the two always say the same.


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str]
    table: Table | None = None


def _score(score: float | None) -> str:
    return "not yet scored" if score is None else f"{score:+.2f} ({score_percent(score)} %)"


def _day(day: dt.date | None) -> str:
    return f"{day:%d %B %Y}".lstrip("0") if day else "—"


def outline(brief: Brief) -> list[Section]:
    summit, readiness = brief.summit, brief.readiness
    place = (
        f"{summit.host_place}, {summit.host_place.country}"
        if summit.host_place
        else "not yet known"
    )
    days = summit.days_to_go(brief.today)
    facts = Section(
        "The summit",
        [
            f"Date: {summit.date or 'not yet known'}"
            + (f" ({days} days from {_day(brief.today)})" if days and days > 0 else "")
            + ".",
            f"Place: {place}. Status: {summit.get_status_display()}.",
            f"Previous edition: {brief.previous} ({brief.previous.date or 'date not recorded'})."
            if brief.previous
            else "No previous edition is recorded.",
        ],
    )
    ready = Section(
        "Readiness and compliance",
        [
            f"{readiness.total} commitments target this summit; {readiness.overdue} overdue, "
            f"{readiness.stale} without an update for long. Compliance score: "
            f"{_score(readiness.score)}.",
        ],
        Table(["Status", "Commitments"], [[label, str(n)] for _, label, n in readiness.statuses]),
    )
    parties = Section(
        "Compliance by party",
        ["Each commitment is scored for every country responsible for it."]
        + (
            [f"{brief.compliance.unattributed} commitments name no responsible country."]
            if brief.compliance.unattributed
            else []
        ),
        Table(
            ["Party", "Commitments", "Scored", "Score"],
            [
                [p.name, str(p.total), str(p.scored), _score(p.score)]
                for p in brief.compliance.parties
            ],
        ),
    )
    risk_rows = []
    for ministry, items in brief.at_risk:
        risk_rows += [
            [ministry, item.ref, item.title, item.get_status_display(), str(item.due or "—")]
            for item in items[:AT_RISK_LISTED]
        ]
        if len(items) > AT_RISK_LISTED:
            more = len(items) - AT_RISK_LISTED
            risk_rows.append([ministry, "", f"and {more} more (see the action-item list)", "", ""])
    at_risk = Section(
        "Overdue and at-risk commitments, by responsible ministry",
        [f"{readiness.at_risk} commitments are overdue or stale."]
        if risk_rows
        else ["No commitment is overdue or stale."],
        Table(["Responsible", "Reference", "Commitment", "Status", "Due"], risk_rows)
        if risk_rows
        else None,
    )
    meetings = Section(
        "Meetings since the previous summit",
        [] if brief.meetings else ["No meeting is recorded since the previous summit."],
        Table(
            ["Date", "Meeting", "Place", "Who took part"],
            [
                [
                    str(m.date),
                    m.title,
                    str(m.place or "—"),
                    ", ".join(str(p.person) for p in m.participations.all()) or "—",
                ]
                for m in brief.meetings
            ],
        )
        if brief.meetings
        else None,
    )
    agreements = Section(
        "Agreements of the previous summit",
        [] if brief.previous_agreements else ["No agreement of the previous summit is recorded."],
        Table(
            ["Agreement", "Kind", "Status", "Expires"],
            [
                [a.title, a.get_kind_display(), a.get_status_display(), _day(a.expires_on)]
                for a in brief.previous_agreements
            ],
        )
        if brief.previous_agreements
        else None,
    )
    counterparts = Section(
        "Counterparts met",
        [] if brief.counterparts else ["Nobody is recorded as taking part."],
        Table(
            ["Person", "For", "Title", "Met on"],
            [
                [str(c.person), c.side or "—", c.person.title or "—", ", ".join(map(_day, c.dates))]
                for c in brief.counterparts
            ],
        )
        if brief.counterparts
        else None,
    )
    sources = Section(
        "Sources",
        [
            f"{s.publisher}, {_day(s.published_on)}: {s.title}" + (f" ({s.url})" if s.url else "")
            for s in brief.sources
        ]
        or ["No source is cited."],
    )
    return [facts, ready, parties, at_risk, meetings, agreements, counterparts, sources]
