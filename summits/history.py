"""Reading the audit trail kept by django-simple-history: who changed what, when, why.

A record's history is read in a fixed number of queries however long it is: its
historical rows, one query per many-to-many field for the links each row saw, and one per
kind of related record named in a change (to show "New Delhi", not "7").
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.text import capfirst

from .fuzzydates import FuzzyDate, fuzzy_date_parts

_KINDS = {"+": "created", "~": "changed", "-": "deleted"}
_EMPTY_VALUES = (None, "", frozenset())


@dataclass
class FieldChange:
    """A change the audit trail shows: the field's label, its values as a reader sees them."""

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
    label: str = ""  # which record, when one page shows the history of several


def _m2m_fields(history_model: type[models.Model]) -> list[models.ManyToManyField]:
    return list(getattr(history_model, "_history_m2m_fields", []))


def _links(records: list, m2m: models.ManyToManyField) -> dict[int, frozenset]:
    """Per historical row: the ids the many-to-many field linked to at that moment."""
    link_history = getattr(type(records[0]), m2m.name).model
    target = link_history._meta.get_field(m2m.m2m_reverse_field_name()).attname
    links: dict[int, set] = defaultdict(set)
    rows = link_history._default_manager.filter(
        history__in=[record.history_id for record in records]
    ).values_list("history_id", target)
    for history_id, target_id in rows:
        links[history_id].add(target_id)
    return {record.history_id: frozenset(links[record.history_id]) for record in records}


class _Names:
    """Related records' names, fetched once per kind of record for a whole history."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.found: dict[type[models.Model], dict] = {}

    def want(self, model: type[models.Model], ids: Iterable) -> None:
        self.wanted[model].update(pk for pk in ids if pk is not None)

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            # Joined with their required parents, which names use (a summit's series, an
            # update's item): no query per name.
            parents = [f.name for f in model._meta.fields if f.many_to_one and not f.null]
            related = model._base_manager.all()
            if parents:  # select_related() without names would follow every relation
                related = related.select_related(*parents)
            self.found[model] = related.in_bulk(ids) if ids else {}

    def name(self, model: type[models.Model], pk) -> str:
        record = self.found.get(model, {}).get(pk)
        return str(record) if record is not None else f"#{pk} (deleted)"


def _shown(model_field: models.Field, value, names: _Names) -> str:
    if value in _EMPTY_VALUES:
        return "—"
    if model_field.many_to_many:
        return ", ".join(sorted(names.name(model_field.related_model, pk) for pk in value))
    if model_field.is_relation:
        return names.name(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return f"{value:%d %b %Y}"
    return str(value)


def _fuzzy_dates_in_words(
    diff: list[tuple[models.Field, object, object]], parts: dict[str, str], before, record
) -> list:
    """`diff` with each fuzzy date's two stored fields ("Due (earliest day)", "Due
    precision") replaced by one change of the date in words ("early December 2025")."""
    shown: set[str] = set()
    changes: list = []
    for model_field, old, new in diff:
        name = parts.get(model_field.name)
        if name is None:
            changes.append((model_field, old, new))
        elif name not in shown:
            shown.add(name)
            old_date, new_date = (_fuzzy_date(row, name) for row in (before, record))
            changes.append(FieldChange(capfirst(name), str(old_date or "—"), str(new_date or "—")))
    return changes


def _fuzzy_date(row, name: str) -> FuzzyDate | None:
    start = getattr(row, f"{name}_start", None) if row is not None else None
    precision = getattr(row, f"{name}_precision", "") if row is not None else ""
    return FuzzyDate(start, precision) if start is not None and precision else None


def _entries(
    records: list, label: Callable[[object], str] | None = None, omit: Iterable[str] = ()
) -> list:
    """(row, entry) for historical rows of one model, oldest first, each diffed against the
    previous row of the same record."""
    if not records:
        return []
    history_model = type(records[0])
    # Editable fields only: derived ones (status, version) follow from other records.
    omit = set(omit)
    plain = [
        f
        for f in history_model.tracked_fields
        if f.editable and not f.primary_key and f.name not in omit
    ]
    m2m = [f for f in _m2m_fields(history_model) if f.name not in omit]
    links = {f.name: _links(records, f) for f in m2m}

    def value(record, model_field):
        if model_field.many_to_many:
            return links[model_field.name][record.history_id]
        return getattr(record, model_field.attname)

    parts = fuzzy_date_parts(history_model.instance_type)
    previous: dict = {}
    diffs: list[tuple[object, list]] = []
    names = _Names()
    for record in records:
        before = previous.get(record.id)
        diff = []
        if record.history_type == "+" and before is None:
            # A new record "changes" each field it was given from nothing.
            diff = [(f, None, value(record, f)) for f in [*plain, *m2m]]
            diff = [(f, old, new) for f, old, new in diff if new not in _EMPTY_VALUES]
        elif before is not None and record.history_type != "-":
            diff = [(f, value(before, f), value(record, f)) for f in [*plain, *m2m]]
            diff = [(f, old, new) for f, old, new in diff if old != new]
        for model_field, old, new in diff:
            if model_field.many_to_many:
                names.want(model_field.related_model, [*(old or ()), *new])
            elif model_field.is_relation:
                names.want(model_field.related_model, [old, new])
        diffs.append((record, _fuzzy_dates_in_words(diff, parts, before, record)))
        previous[record.id] = record
    names.fetch()
    return [
        (
            record,
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user or "system"),
                kind=_KINDS[record.history_type],
                reason=record.history_change_reason or "",
                changes=[
                    change
                    if isinstance(change, FieldChange)
                    else FieldChange(
                        field=str(change[0].verbose_name),
                        old=_shown(change[0], change[1], names),
                        new=_shown(change[0], change[2], names),
                    )
                    for change in diff
                ],
                label=label(record) if label else "",
            ),
        )
        for record, diff in diffs
    ]


def _rows(history: models.QuerySet) -> list:
    return list(history.select_related("history_user").order_by("history_date", "history_id"))


def record_history(obj: models.Model) -> list[HistoryEntry]:
    """Every change to one record, newest first, each with its field-by-field differences."""
    return [entry for _, entry in reversed(_entries(_rows(obj.history.all())))]


def records_history(
    history: models.QuerySet, label: Callable[[object], str], omit: Iterable[str] = ()
) -> list[HistoryEntry]:
    """Every change to several records of one model (deleted ones too), newest first.

    `history` is the model's historical rows, filtered to the records wanted;
    `label(row)` names the record each entry is about; fields in `omit` (the parent the
    page is about) are left out.
    """
    return [entry for _, entry in reversed(_entries(_rows(history), label, omit))]


def changes_since_version(obj: models.Model, version: int) -> list[HistoryEntry]:
    """What others saved after the version an editor started from (optimistic locking)."""
    return [
        entry for record, entry in _entries(_rows(obj.history.all())) if record.version > version
    ]
