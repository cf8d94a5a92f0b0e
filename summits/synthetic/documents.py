"""Outcome documents and their numbered paragraphs: each held summit's joint statement,
and each commission session's protocol with a paragraph per sector it covered, which the
session's items are then drawn from (see items.py: an item cites the paragraph of its
sector)."""

from dataclasses import dataclass

from ..models import Meeting, OutcomeDocument, Paragraph, Sector, Summit, SummitCitation, ordinal
from .meetings import Meetings
from .run import Run
from .series import Series
from .vocabulary import OBJECTS, VERBS


@dataclass
class Documents:
    # (session meeting id, sector slug) → the id of the protocol's paragraph on that sector.
    paragraph_ids: dict[tuple[int, str], int]
    # Summit id → the id of the source its joint statement is published in.
    summit_source_ids: dict[int, int]


def documents_write(run: Run, series_list: list[Series], meetings: Meetings) -> Documents:
    summit_source_ids = dict(SummitCitation.objects.values_list("summit_id", "source_id"))
    documents: list[OutcomeDocument] = []
    # Per document, its paragraphs' texts, and for a protocol the sector of each.
    texts: list[list[tuple[str, str]]] = []
    for series in series_list:
        for summit in series.summits:
            if summit.status == Summit.Status.HELD:
                documents.append(_statement(series, summit, summit_source_ids[summit.pk]))
                texts.append(_statement_paragraphs(run, series, summit))
    for meeting, _, _, sectors in meetings.rows:
        if meeting.kind == Meeting.Kind.COMMISSION_SESSION:
            documents.append(
                OutcomeDocument(
                    slug=f"{meeting.slug}-protocol"[:120],
                    title=f"Protocol of the {meeting.title}",
                    kind=OutcomeDocument.Kind.PROTOCOL,
                    meeting=meeting,
                    adopted_on=meeting.date_start,
                    source_id=meetings.source_ids[meeting.pk],
                )
            )
            texts.append([(_protocol_paragraph(run, sector), sector.slug) for sector in sectors])
    run.insert(documents)
    paragraphs = run.insert(
        [
            Paragraph(document=document, number=number, text=text)
            for document, paragraphs in zip(documents, texts, strict=True)
            for number, (text, _) in enumerate(paragraphs, start=1)
        ]
    )
    sectors = [sector for paragraphs in texts for _, sector in paragraphs]
    paragraph_ids = {
        (paragraph.document.meeting_id, sector): paragraph.pk
        for paragraph, sector in zip(paragraphs, sectors, strict=True)
        if paragraph.document.meeting_id
    }
    return Documents(paragraph_ids, summit_source_ids)


def _statement(series: Series, summit: Summit, source_id: int) -> OutcomeDocument:
    return OutcomeDocument(
        slug=f"{summit.date_start:%Y-%m-%d}-{series.spec.slug}-{summit.number}-statement"[:120],
        title=f"Joint statement of the {ordinal(summit.number)} {series.spec.name}",
        kind=OutcomeDocument.Kind.JOINT_STATEMENT,
        summit=summit,
        adopted_on=summit.date_start,
        source_id=source_id,
    )


def _statement_paragraphs(run: Run, series: Series, summit: Summit) -> list[tuple[str, str]]:
    """A welcome, then what the leaders agreed, sector by sector (no sector: "")."""
    edition = f"{ordinal(summit.number)} {series.spec.name}"
    lines = [f"The leaders welcomed the {edition} held in {summit.host_place.name}."]
    for sector in run.rng.sample(run.sectors, run.rng.randint(4, 12)):
        verb = run.rng.choice(VERBS)
        what = run.rng.choice(OBJECTS.get(sector.slug, ("cooperation",)))
        lines.append(f"The leaders agreed to {verb[0].lower()}{verb[1:]} {what}.")
    lines.append("The leaders agreed to hold the next summit on dates to be agreed.")
    return [(line, "") for line in lines]


def _protocol_paragraph(run: Run, sector: Sector) -> str:
    what = run.rng.choice(OBJECTS.get(sector.slug, ("cooperation",)))
    return (
        f"{sector.name}: the sides reviewed {what} and agreed on the commitments set out "
        "below, for review at the next session."
    )
