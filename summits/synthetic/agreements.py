"""Agreements signed at summits and commission sessions: parties and signatories, validity
and status, the working groups they set up, the commitments they carry, the source that
reports them; and each summit's list of outcomes naming what was signed there.

Who signs at a session took part in it: every agreement passes the rule the admin and
the importer apply (`services.agreement_signatories_check`) before it is written.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from ..models import (
    ActionItem,
    Agreement,
    AgreementCitation,
    Commission,
    Meeting,
    OutcomeDocument,
    Paragraph,
    Person,
    Sector,
    Signatory,
    Summit,
    ordinal,
)
from ..services import agreement_signatories_check
from .documents import Documents
from .meetings import Meetings
from .reference import Reference
from .run import Run
from .series import Series

KINDS = (
    [
        Agreement.Kind.MOU,
        Agreement.Kind.AGREEMENT,
        Agreement.Kind.PROTOCOL,
        Agreement.Kind.PROGRAMME,
        Agreement.Kind.EXCHANGE_OF_LETTERS,
        Agreement.Kind.TREATY,
    ],
    (40, 30, 10, 10, 7, 3),
)
# Kinds that set up a working group, when the series has one on the sector.
MANDATING = {Agreement.Kind.AGREEMENT, Agreement.Kind.MOU, Agreement.Kind.PROGRAMME}
LIVE = {Agreement.Status.SIGNED, Agreement.Status.IN_FORCE}


@dataclass
class _Signing:
    agreement: Agreement
    series: Series
    sector: Sector
    signatories: list[Person]
    # The people who took part in the meeting it was signed at (none at a summit).
    participants: set[int]
    mechanism: Commission | None
    item_ids: list[int]
    source_id: int
    # The parties besides the countries: for a business agreement, the ministries.
    organisation_ids: list[int]


def agreements_write(
    run: Run,
    reference: Reference,
    series_list: list[Series],
    meetings: Meetings,
    documents: Documents,
) -> None:
    at_session, at_summit = _items_by_origin()
    signings: list[_Signing] = []
    for series in series_list:
        for summit in series.summits:
            if summit.status == Summit.Status.HELD:
                for _ in range(run.rng.randint(1, 5)):
                    sector = run.rng.choice(run.sectors)
                    signings.append(
                        _signing(
                            run,
                            series,
                            sector,
                            summit.date_start,
                            reference,
                            signatories=[
                                run.rng.choice(reference.people_by_country[iso2])
                                for iso2 in series.spec.countries
                            ],
                            items=at_summit[summit.pk, sector.slug],
                            source_id=documents.summit_source_ids[summit.pk],
                            summit=summit,
                        )
                    )
    for meeting, series, people, sectors in meetings.rows:
        if meeting.kind == Meeting.Kind.COMMISSION_SESSION and run.rng.random() < 0.5:
            sector = run.rng.choice(sectors)
            signings.append(
                _signing(
                    run,
                    series,
                    sector,
                    meeting.date_start,
                    reference,
                    signatories=people[:2],  # one of each side, as meetings.py draws them
                    items=at_session[meeting.pk, sector.slug],
                    source_id=meetings.source_ids[meeting.pk],
                    meeting=meeting,
                    participants={person.pk for person in people},
                )
            )
    signings.sort(key=lambda signing: (signing.agreement.signed_on, signing.agreement.slug))
    for index, signing in enumerate(signings, start=1):
        signing.agreement.slug = f"{signing.agreement.slug[:110]}-{index}"
    for signing in signings:
        agreement_signatories_check(
            meeting=signing.agreement.meeting,
            signatories={person.pk: person.name for person in signing.signatories},
            participants=signing.participants,
        )
    superseded = _supersede(run, signings)
    _write(run, signings, superseded)
    _lists_of_outcomes(run, signings)


def _items_by_origin() -> tuple[dict, dict]:
    """The items of each (session, sector) and of each (target summit, sector)."""
    at_session: dict[tuple[int, str], list[int]] = defaultdict(list)
    at_summit: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = ActionItem.objects.order_by("pk").values_list(
        "pk", "ref", "origin_meeting_id", "target_summit_id"
    )
    for pk, ref, meeting_id, summit_id in rows:
        # A synthetic reference ends in "/<SECTOR SLUG>-<number>" (items.py).
        sector = ref.rsplit("/", 1)[1].rsplit("-", 1)[0].lower()
        at_session[meeting_id, sector].append(pk)
        if summit_id:
            at_summit[summit_id, sector].append(pk)
    return at_session, at_summit


def _signing(
    run: Run,
    series: Series,
    sector: Sector,
    signed_on: dt.date,
    reference: Reference,
    *,
    signatories: list[Person],
    items: list[int],
    source_id: int,
    summit: Summit | None = None,
    meeting: Meeting | None = None,
    participants: set[int] | None = None,
) -> _Signing:
    rng = run.rng
    kind = rng.choices(*KINDS)[0]
    level = Agreement.Level.BUSINESS if rng.random() < 0.15 else Agreement.Level.GOVERNMENT
    entry = None
    if rng.random() < 0.75:
        entry = signed_on + dt.timedelta(days=rng.choice((0, 0, 30, 90, 180, 365)))
        entry = entry if entry <= run.until else None
    expires, renews = None, False
    if entry and rng.random() < 0.5:
        term = relativedelta(years=rng.choice((3, 5, 10)))
        expires, renews = entry + term, rng.random() < 0.4
        while renews and expires <= run.until:  # renewed for a further term each time
            expires += term
    if expires and expires <= run.until:
        status = Agreement.Status.EXPIRED
    elif entry:
        status = Agreement.Status.TERMINATED if rng.random() < 0.03 else Agreement.Status.IN_FORCE
    else:
        status = Agreement.Status.SIGNED
    label = Agreement.Kind(kind).label
    agreement = Agreement(
        slug=f"{signed_on:%Y-%m-%d}-{series.spec.slug}-{sector.slug}",  # numbered once sorted
        title=f"{label[0].upper()}{label[1:]} on cooperation in {sector.name.lower()}",
        kind=kind,
        level=level,
        summit=summit,
        meeting=meeting,
        signed_on=signed_on,
        place=summit.host_place if summit else meeting.place,
        entry_into_force=entry,
        expires_on=expires,
        renews_automatically=renews,
        status=status,
        notes=f"Signed by {' and '.join(person.name for person in signatories)}.",
    )
    groups = {
        group.slug.removeprefix(f"{series.commission.slug}-"): group
        for group in series.working_groups
    }
    mechanism = None
    if kind in MANDATING and sector.slug in groups and rng.random() < 0.5:
        mechanism = groups[sector.slug]
    elif rng.random() < 0.05:
        mechanism = series.commission
    carried = rng.sample(items, min(len(items), rng.randint(0, 3)))
    organisations = (
        [reference.ministries[iso2, sector.slug].pk for iso2 in series.spec.countries]
        if level == Agreement.Level.BUSINESS
        else []
    )
    return _Signing(
        agreement,
        series,
        sector,
        signatories,
        participants or set(),
        mechanism,
        carried,
        source_id,
        organisations,
    )


def _supersede(run: Run, signings: list[_Signing]) -> list[tuple[Agreement, Agreement]]:
    """Some agreements replace the live one of their series and sector: (old, new)."""
    latest: dict[tuple[str, str], Agreement] = {}
    replaced = []
    for signing in signings:
        key = (signing.series.spec.slug, signing.sector.slug)
        earlier, agreement = latest.get(key), signing.agreement
        if earlier and earlier.status in LIVE and run.rng.random() < 0.3:
            earlier.status = Agreement.Status.SUPERSEDED
            replaced.append((earlier, agreement))
        latest[key] = agreement
    return replaced


def _write(run: Run, signings: list[_Signing], superseded: list[tuple]) -> None:
    run.insert([signing.agreement for signing in signings])
    for old, new in superseded:
        old.superseded_by = new
    Agreement.objects.bulk_update([old for old, _ in superseded], ["superseded_by"])
    countries = [
        Agreement.countries.through(agreement_id=s.agreement.pk, country_id=run.countries[iso2].pk)
        for s in signings
        for iso2 in s.series.spec.countries
    ]
    run.insert(countries)
    run.insert(
        [
            Agreement.organisations.through(agreement_id=s.agreement.pk, organisation_id=pk)
            for s in signings
            for pk in s.organisation_ids
        ]
    )
    run.insert(
        [
            Signatory(agreement=s.agreement, person=person, role=person.title, side=person.country)
            for s in signings
            for person in s.signatories
        ]
    )
    run.insert(
        [
            Agreement.mechanisms.through(agreement_id=s.agreement.pk, commission_id=s.mechanism.pk)
            for s in signings
            if s.mechanism
        ]
    )
    run.insert(
        [
            Agreement.action_items.through(agreement_id=s.agreement.pk, actionitem_id=item_id)
            for s in signings
            for item_id in s.item_ids
        ]
    )
    run.insert([AgreementCitation(agreement=s.agreement, source_id=s.source_id) for s in signings])


def _lists_of_outcomes(run: Run, signings: list[_Signing]) -> None:
    """Each summit's list of outcomes: a paragraph naming each agreement signed there."""
    by_summit: dict[Summit, list[_Signing]] = defaultdict(list)
    for signing in signings:
        if signing.agreement.summit:
            by_summit[signing.agreement.summit].append(signing)
    documents = [
        OutcomeDocument(
            slug=f"{summit.date_start:%Y-%m-%d}-{s[0].series.spec.slug}-{summit.number}-outcomes",
            title=f"List of outcomes of the {ordinal(summit.number)} {s[0].series.spec.name}",
            kind=OutcomeDocument.Kind.LIST_OF_OUTCOMES,
            summit=summit,
            adopted_on=summit.date_start,
            source_id=s[0].source_id,
        )
        for summit, s in by_summit.items()
    ]
    run.insert(documents)
    run.insert(
        [
            Paragraph(document=document, number=number, text=f"{signing.agreement.title}.")
            for document, signings in zip(documents, by_summit.values(), strict=True)
            for number, signing in enumerate(signings, start=1)
        ]
    )
