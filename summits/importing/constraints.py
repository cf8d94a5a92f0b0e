"""The database's own rules judged in Python before anything is written: CHECK
constraints, and unique fields and constraints (within the import and against the
database). A broken rule is then reported with its record and field, among every other
problem, rather than as one IntegrityError that stops the import.

A condition this module cannot judge (an expression such as Upper()) is asked of the
database for that record, or, for a unique rule, left to the database.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .plan import ImportPlan
from .records import _info, _key_text, _KeyIndex, _Record


class _Unevaluable(Exception):
    """A condition this module cannot judge in Python; the database judges it."""


_UNKNOWN = None  # SQL's third truth value: a comparison with NULL


@dataclass(frozen=True)
class _Pending:
    """A reference to a record this import creates: no id yet, but its key tells whether
    two such references name the same record (a relation of an item to itself)."""

    model: type[models.Model]
    key: tuple


def _values(record: _Record) -> dict[str, Any]:
    """Field name → value, for judging conditions; a reference yet to be written is _Pending."""
    values = {f.name: getattr(record.instance, f.attname) for f in record.info.model._meta.fields}
    for name in record.pending:
        values[name] = _Pending(record.info.fks[name].related_model, record.refs[name])
    return values


def _check(
    record: _Record, constraint: models.CheckConstraint, values: dict, problems: dict
) -> None:
    try:
        holds = _holds(constraint.condition, values)
    except _Unevaluable:
        # Rare (expressions such as Upper()): ask the database, once for this record.
        try:
            constraint.validate(record.info.model, record.instance, exclude=set(record.pending))
            holds = True
        except ValidationError:
            holds = False
    if holds is False:  # a NULL (unknown) result satisfies a CHECK constraint, as in SQL
        fields = sorted(constraint.condition.referenced_base_fields)
        if constraint.violation_error_message != constraint.default_violation_error_message:
            message = f"{constraint.violation_error_message} (rule {constraint.name})"
        else:
            condition = _condition_text(constraint.condition)
            message = f"the values break the rule {constraint.name} ({condition}): correct them."
        problems[fields[0] if len(fields) == 1 else "__all__"].append(message)


def _condition_text(condition: Q) -> str:
    parts = []
    for child in condition.children:
        if isinstance(child, Q):
            parts.append(f"({_condition_text(child)})")
        elif isinstance(child, tuple):
            parts.append(f"{child[0]}={child[1]!r}")
        else:
            parts.append(str(child))
    text = f" {condition.connector.lower()} ".join(parts)
    return f"not ({text})" if condition.negated else text


def _holds(condition: Q, values: dict) -> bool | None:
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_holds(child, values))
        elif isinstance(child, tuple):
            results.append(_lookup(*child, values))
        else:
            raise _Unevaluable
    if condition.connector == Q.AND:
        result = False if False in results else (_UNKNOWN if _UNKNOWN in results else True)
    elif condition.connector == Q.OR:
        result = True if True in results else (_UNKNOWN if _UNKNOWN in results else False)
    else:
        raise _Unevaluable
    return (not result if result is not _UNKNOWN else _UNKNOWN) if condition.negated else result


def _lookup(path: str, expected: Any, values: dict) -> bool | None:
    name, _, lookup = path.partition("__")
    lookup = lookup or "exact"
    if name not in values or "__" in lookup:
        raise _Unevaluable
    if isinstance(expected, F) and expected.name in values:  # another field of the record
        expected = values[expected.name]
        if expected is None:
            return _UNKNOWN
    elif hasattr(expected, "resolve_expression"):
        raise _Unevaluable
    value = values[name]
    if lookup == "exact" and expected is None:  # Q(field=None) means IS NULL
        lookup, expected = "isnull", True
    if lookup == "isnull":
        return (value is None) == expected
    if value is None:
        return _UNKNOWN
    if isinstance(value, _Pending) or isinstance(expected, _Pending):
        if lookup == "exact" and isinstance(value, _Pending) and isinstance(expected, _Pending):
            return value == expected
        raise _Unevaluable  # a record yet to be created: only its being there is known
    tests = {
        "exact": lambda: value == expected,
        "in": lambda: value in expected,
        "gt": lambda: value > expected,
        "gte": lambda: value >= expected,
        "lt": lambda: value < expected,
        "lte": lambda: value <= expected,
        "startswith": lambda: str(value).startswith(expected),
        # As SQLite's REGEXP (Python's re.search); the key patterns read alike in PostgreSQL.
        "regex": lambda: re.search(expected, str(value)) is not None,
    }
    if lookup not in tests:
        raise _Unevaluable
    return tests[lookup]()


def _check_unique(records: list[_Record], index: _KeyIndex, plan: ImportPlan) -> None:
    """Unique fields and constraints besides the natural key: in the file and against the DB."""
    by_model: dict[type[models.Model], list[_Record]] = defaultdict(list)
    for record in records:
        by_model[record.info.model].append(record)
    for model, group in by_model.items():
        info = _info(model)
        rules: list[tuple[tuple[str, ...], Q | None]] = [
            ((f.name,), None) for f in model._meta.fields if f.unique and not f.primary_key
        ]
        rules += [
            (tuple(c.fields), c.condition)
            for c in model._meta.constraints
            if isinstance(c, models.UniqueConstraint) and c.fields
        ]
        for names, condition in rules:
            if set(names) == set(info.key_parts):
                continue  # the natural key itself: one record per key already
            attnames = [model._meta.get_field(name).attname for name in names]
            taken: dict[tuple, Any] = {}
            rows = model._default_manager.filter(condition or Q())
            for row in rows.values_list("pk", *attnames).iterator(chunk_size=2000):
                taken[row[1:]] = row[0]
            seen: dict[tuple, _Record] = {}
            for record in group:
                if condition is not None:
                    try:
                        if _holds(condition, _values(record)) is not True:
                            continue
                    except _Unevaluable:
                        continue  # left to the database, which refuses the whole import
                value = tuple(
                    # A record yet to be created is told apart by its key.
                    _New(record.refs[name])
                    if name in record.pending
                    else getattr(record.instance, att)
                    for name, att in zip(names, attnames, strict=True)
                )
                if any(part is None for part in value):
                    continue  # NULLs never collide
                shown = ", ".join(f"{n}={_quoted(v)}" for n, v in zip(names, value, strict=True))
                other = seen.get(value)
                if other is not None:
                    plan.errors.append(
                        record.problem(
                            f"{shown} is also given to {other.info.label} {other.key_text} at "
                            f"record {other.position} of {other.file}: it must be unique.",
                            field=names[0],
                        )
                    )
                    continue
                seen[value] = record
                owner = taken.get(value)
                if owner is not None and owner != record.existing_pk:
                    plan.errors.append(
                        record.problem(
                            f"{shown} already belongs to {info.label} "
                            f"{index.key_text(model, owner)} in the database: it must be "
                            "unique; use that record's key or another value.",
                            field=names[0],
                        )
                    )


@dataclass(frozen=True)
class _New:
    key: tuple

    def __str__(self) -> str:
        return _key_text(self.key)


def _quoted(value: Any) -> str:
    if isinstance(value, _New):
        return str(value)
    return json.dumps(value, default=str, ensure_ascii=False)
