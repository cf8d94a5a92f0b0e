"""The plan: what an import finds and would do (its problems, and per model what it
creates, updates or leaves unchanged), and the plan as text for the command line."""

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.defaultfilters import pluralize

from ..models import ReportImport, record_models

if TYPE_CHECKING:
    from .records import _KeyIndex, _Record


@dataclass(frozen=True)
class ReportFile:
    """A report fixture as read from disk or an upload: its name, bytes and real size."""

    name: str
    data: bytes
    size: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Problem:
    """An error or a review warning about one file, record or field."""

    file: str
    message: str
    position: int | None = None  # 1-based place of the record in the file
    model: str = ""
    key: str = ""
    field: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.position is not None:
            where += f", record {self.position}"
        if self.model:
            where += f" ({self.model} {self.key})" if self.key else f" ({self.model})"
        if self.field:
            where += f", field {self.field!r}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class FieldUpdate:
    """One field of an existing record that an import would set: its name, raw values.

    Not the audit trail's `history.FieldChange`, a change already made, shown to readers.
    """

    name: str
    old: Any
    new: Any
    added: bool = False  # many-to-many: `new` lists the links added; none are removed


@dataclass(frozen=True)
class RecordChange:
    """An existing record the import updates, and how."""

    model: str
    key: str
    file: str
    position: int
    fields: tuple[FieldUpdate, ...]


@dataclass
class ImportPlan:
    """What an import finds and would do: problems, and per model what it creates or updates."""

    files: list[ReportFile]
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changes: list[RecordChange] = field(default_factory=list)
    imports: list[ReportImport] = field(default_factory=list)
    dry_run: bool = True
    # Records a dry run found still marked draft, which the import itself would refuse.
    drafts_pending: int = 0
    _records: list["_Record"] = field(default_factory=list, repr=False)
    _index: "_KeyIndex | None" = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def reported_errors(self) -> "Reported":
        return Reported.of(self.errors)

    @property
    def reported_warnings(self) -> "Reported":
        return Reported.of(self.warnings)

    def summary(self, file: str | None = None) -> dict[str, dict[str, int]]:
        """Per model (in dependency order): how many records are created, updated, unchanged."""
        counts: dict[str, dict[str, int]] = {}
        for model in record_models():
            label = model._meta.label_lower
            for record in self._records:
                if record.info.label == label and (file is None or record.file == file):
                    row = counts.setdefault(label, {"created": 0, "updated": 0, "unchanged": 0})
                    row[record.outcome] += 1
        return counts


@dataclass(frozen=True)
class Reported:
    """The problems shown (the first TRACKER_IMPORT_MAX_PROBLEMS), and how many more there are.

    A file of thousands of bad records would otherwise print thousands of lines, or a
    page too long to read: the first ones tell what to correct.
    """

    shown: list[Problem]
    more: int

    @classmethod
    def of(cls, problems: list[Problem]) -> "Reported":
        limit = settings.TRACKER_IMPORT_MAX_PROBLEMS
        return cls(problems[:limit], max(0, len(problems) - limit))


class ReportInvalid(Exception):
    """The files have errors; nothing was written."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(f"{len(plan.errors)} error(s); nothing was imported.")
        self.plan = plan


def format_plan(plan: ImportPlan) -> str:
    """The plan as text: errors, or the summary table, changed fields and warnings."""
    lines: list[str] = []
    if plan.errors:
        lines.append(f"{len(plan.errors)} error(s); nothing was imported:")
        lines.extend(_reported(plan.reported_errors, "error"))
        return "\n".join(lines)
    summary = plan.summary()
    width = max([len(label) for label in summary] + [5])
    lines.append(f"{'model':<{width}}  created  updated  unchanged")
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    for label, row in summary.items():
        lines.append(
            f"{label:<{width}}  {row['created']:>7}  {row['updated']:>7}  {row['unchanged']:>9}"
        )
        for outcome in totals:
            totals[outcome] += row[outcome]
    lines.append(
        f"{'total':<{width}}  {totals['created']:>7}  {totals['updated']:>7}  "
        f"{totals['unchanged']:>9}"
    )
    if plan.changes:
        lines.append("")
        lines.append("Changes to existing records:" if not plan.dry_run else "Would change:")
        for change in plan.changes:
            lines.append(f"  {change.model} {change.key}:")
            for fc in change.fields:
                if fc.added:
                    lines.append(f"    {fc.name}: + {_short(fc.new)}")
                else:
                    lines.append(f"    {fc.name}: {_short(fc.old)} → {_short(fc.new)}")
    if plan.warnings:
        lines.append("")
        lines.append(f"{len(plan.warnings)} warning(s) to review:")
        lines.extend(_reported(plan.reported_warnings, "warning"))
    return "\n".join(lines)


def _reported(reported: Reported, kind: str) -> list[str]:
    lines = [f"  {problem}" for problem in reported.shown]
    if reported.more:
        lines.append(f"  … and {reported.more:,} more {kind}{pluralize(reported.more)}, not shown.")
    return lines


def _short(value: Any, width: int = 70) -> str:
    text = "—" if value in (None, "") else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
