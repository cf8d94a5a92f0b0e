"""Frozen compliance reports read back: a report's figures, and what moved since the
summit's report before it."""

from dataclasses import dataclass

from ..models import ComplianceReport, Status
from ..scoring import compliance_score, score_percent
from .compliance import Compliance, PartyCompliance


@dataclass(frozen=True)
class Moved:
    ref: str
    title: str
    before: str | None  # None: not in the previous report
    after: str

    @property
    def before_label(self) -> str:
        return Status(self.before).label if self.before else "not in the previous report"

    @property
    def after_label(self) -> str:
        return Status(self.after).label


@dataclass(frozen=True)
class ReportReading:
    report: ComplianceReport
    score: float | None
    compliance: Compliance
    previous: ComplianceReport | None
    score_change: float | None  # since the previous report, when both are scored
    party_changes: dict[str, float]  # ISO code → change of that party's score

    @property
    def parties(self) -> list[tuple[PartyCompliance, float | None]]:
        """Each party with the change of its score, read once per row by the page."""
        return [(p, self.party_changes.get(p.iso2)) for p in self.compliance.parties]

    moved: list[Moved]  # commitments whose status changed since the previous report

    @property
    def score_percent(self) -> int | None:
        return None if self.score is None else score_percent(self.score)


def _scores(report: ComplianceReport) -> tuple[float | None, Compliance]:
    return (
        compliance_score(report.figures.get("by_status", {})),
        Compliance.from_figures(report.figures),
    )


def report_reading(report: ComplianceReport) -> ReportReading:
    """The report's figures and the change since the summit's latest report frozen at an
    earlier cut-off. Three queries: the previous report, and both reports' entries."""
    score, compliance = _scores(report)
    previous = (
        ComplianceReport.objects.filter(summit=report.summit_id, cut_off__lt=report.cut_off)
        .order_by("-cut_off", "-created_at")
        .first()
    )
    if previous is None:
        return ReportReading(report, score, compliance, None, None, {}, [])
    before_score, before = _scores(previous)
    before_parties = {party.iso2: party.score for party in before.parties}
    party_changes = {
        party.iso2: party.score - before_parties[party.iso2]
        for party in compliance.parties
        if party.score is not None and before_parties.get(party.iso2) is not None
    }
    then = dict(previous.entries.values_list("ref", "status"))
    moved = [
        Moved(entry.ref, entry.title, then.get(entry.ref), entry.status)
        for entry in report.entries.all()
        if then.get(entry.ref) != entry.status
    ]
    change = None if score is None or before_score is None else score - before_score
    return ReportReading(report, score, compliance, previous, change, party_changes, moved)
