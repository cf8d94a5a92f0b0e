"""What a pre-summit brief says, gathered in a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from ..models import (
    ActionItem,
    ActionItemCitation,
    Agreement,
    Meeting,
    MeetingCitation,
    Organisation,
    Participation,
    Person,
    Source,
    Summit,
    SummitCitation,
)
from ..queries.compliance import Compliance, summit_compliance_from_cache
from ..queries.conditions import overdue_items_q, stale_items_q
from ..queries.readiness import Readiness, summit_readiness_from_cache
from ..scoring import score_percent

NO_MINISTRY = "No responsible organisation recorded"
# A brief lists this many commitments at risk per ministry, then says how many more: a
# summit with 1,600 of them needs the list page, not 60 pages of table.
AT_RISK_LISTED = 15
# The meetings, counterparts and sources a brief lists at most, the most recent, then it
# says how many more: a summit of 16,000 commitments has hundreds of each and thousands of
# sources, which took fpdf2 seconds a page to set, for a brief nobody reads to the end.
LISTED = 40


@dataclass(frozen=True)
class Counterpart:
    person: Person
    side: str  # the country they represented, as recorded
    dates: list[dt.date]  # the days met, latest first


@dataclass(frozen=True)
class AtRisk:
    ministry: str
    items: list[ActionItem]  # the first AT_RISK_LISTED, by due date
    total: int


@dataclass(frozen=True)
class Brief:
    summit: Summit
    today: dt.date
    readiness: Readiness
    compliance: Compliance
    at_risk: list["AtRisk"]  # by responsible organisation, by name
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
    agreements = (
        list(previous.agreements.prefetch_related("countries").order_by("title"))
        if previous
        else []
    )
    # Each kind of citation read on its own: joined to the sources in one OR, thousands of
    # items' citations multiplied the rows DISTINCT then sorted (3.5 s for a summit of
    # 16,000 commitments).
    sources = Source.objects.filter(
        Q(pk__in=SummitCitation.objects.filter(summit=summit).values("source"))
        | Q(pk__in=MeetingCitation.objects.filter(meeting__in=meetings).values("source"))
        | Q(
            pk__in=ActionItemCitation.objects.filter(action_item__target_summit=summit).values(
                "source"
            )
        )
    ).order_by("-published_on", "title")
    return Brief(
        summit=summit,
        today=today,
        # As the summit's page showed them: the brief is mostly asked for from there.
        readiness=summit_readiness_from_cache(summit, today),
        compliance=summit_compliance_from_cache(summit),
        at_risk=_at_risk(summit, today),
        previous=previous,
        meetings=meetings,
        previous_agreements=agreements,
        counterparts=list(seen.values()),
        sources=list(sources),
    )


def _at_risk(summit: Summit, today: dt.date) -> list[AtRisk]:
    """The summit's commitments overdue or stale, by responsible organisation (an item
    under each of its organisations): the first AT_RISK_LISTED of each, and how many.

    Three queries: the (item, organisation) pairs in due-date order as bare keys (a summit
    of 16,000 commitments has thousands at risk, which as records with their organisations
    took seconds), the organisations' names, then only the items listed.
    """
    pairs = (
        summit.action_items.filter(overdue_items_q(today) | stale_items_q(today))
        .order_by("due_start", "ref")
        .values_list("pk", "responsible")
    )
    listed: dict[int | None, list[int]] = defaultdict(list)
    totals: dict[int | None, int] = defaultdict(int)
    for item, organisation in pairs:
        totals[organisation] += 1
        if len(listed[organisation]) < AT_RISK_LISTED:
            listed[organisation].append(item)
    names = {
        organisation.pk: str(organisation)
        for organisation in Organisation.objects.filter(pk__in=[pk for pk in totals if pk])
    }
    items = ActionItem.objects.in_bulk([pk for pks in listed.values() for pk in pks])
    at_risk = [
        AtRisk(
            names.get(organisation, NO_MINISTRY), [items[pk] for pk in pks], totals[organisation]
        )
        for organisation, pks in listed.items()
    ]
    return sorted(at_risk, key=lambda risk: (risk.ministry == NO_MINISTRY, risk.ministry))


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


def _more(listed: list, where: str) -> list[str]:
    """The line saying how many of `listed` the brief leaves out (none: no line)."""
    more = len(listed) - LISTED
    return [f"The latest {LISTED} listed; {more} more {where}."] if more > 0 else []


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
    for risk in brief.at_risk:
        risk_rows += [
            [risk.ministry, item.ref, item.title, item.get_status_display(), str(item.due or "—")]
            for item in risk.items
        ]
        if risk.total > len(risk.items):
            more = risk.total - len(risk.items)
            risk_rows.append(
                [risk.ministry, "", f"and {more} more (see the action-item list)", "", ""]
            )
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
        _more(brief.meetings, "earlier: see the meetings list")
        if brief.meetings
        else ["No meeting is recorded since the previous summit."],
        Table(
            ["Date", "Meeting", "Place", "Who took part"],
            [
                [
                    str(m.date),
                    m.title,
                    str(m.place or "—"),
                    ", ".join(str(p.person) for p in m.participations.all()) or "—",
                ]
                for m in brief.meetings[-LISTED:]  # oldest first: the latest are last
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
        _more(brief.counterparts, "met earlier: see the meetings list")
        if brief.counterparts
        else ["Nobody is recorded as taking part."],
        Table(
            ["Person", "For", "Title", "Met on"],
            [
                [str(c.person), c.side or "—", c.person.title or "—", ", ".join(map(_day, c.dates))]
                for c in brief.counterparts[:LISTED]
            ],
        )
        if brief.counterparts
        else None,
    )
    sources = Section(
        "Sources",
        [
            f"{s.publisher}, {_day(s.published_on)}: {s.title}" + (f" ({s.url})" if s.url else "")
            for s in brief.sources[:LISTED]
        ]
        + _more(brief.sources, "older: see the sources of the summit's records")
        or ["No source is cited."],
    )
    return [facts, ready, parties, at_risk, meetings, agreements, counterparts, sources]
