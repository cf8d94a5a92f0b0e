"""Reading the audit trail kept by django-simple-history: who changed what, when, why."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models

_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _shown(record, name: str, value) -> str:
    if value in (None, ""):
        return "—"
    model_field = record.instance_type._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, list):  # many-to-many: rows of the through table
        return ", ".join(sorted(str(row) for row in value)) or "—"
    return str(value)


def _entry(record, previous) -> HistoryEntry:
    entry = HistoryEntry(
        when=record.history_date,
        who=str(record.history_user or "system"),
        kind=_KINDS[record.history_type],
        reason=record.history_change_reason or "",
    )
    if previous is not None:
        # Editable fields only: derived ones (status, version) follow from other records.
        delta = record.diff_against(previous)
        entry.changes = [
            FieldChange(
                field=str(record.instance_type._meta.get_field(c.field).verbose_name),
                old=_shown(record, c.field, c.old),
                new=_shown(record, c.field, c.new),
            )
            for c in delta.changes
        ]
    return entry


def _history(obj: models.Model) -> list[tuple[object, HistoryEntry]]:
    """Each historical row of a record with its entry, oldest first."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "pk"))
    return [
        (record, _entry(record, records[i - 1] if i else None)) for i, record in enumerate(records)
    ]


def record_history(obj: models.Model) -> list[HistoryEntry]:
    """Every change to one record, newest first, each with its field-by-field differences."""
    return [entry for _, entry in reversed(_history(obj))]


def changes_since_version(obj: models.Model, version: int) -> list[HistoryEntry]:
    """What others saved after the version an editor started from (optimistic locking)."""
    return [entry for record, entry in _history(obj) if record.version > version]
