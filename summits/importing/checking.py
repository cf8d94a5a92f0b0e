"""Checking: the records against each other and the database. One record per key,
references that resolve, each record's final state validated as the model validates it
(without a query per record), and what changes. The rules that span records are in
cross_checks."""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from ..fuzzydates import FuzzyDate, Precision
from .constraints import _check, _values
from .plan import FieldUpdate, ImportPlan, RecordChange
from .reading import _example
from .records import (
    PENDING,
    _chunks,
    _current_links,
    _info,
    _key_text,
    _KeyIndex,
    _ModelInfo,
    _pk,
    _Record,
)


def _deduplicate(records: list[_Record], plan: ImportPlan) -> list[_Record]:
    """One record per key; the same key with different content is an error."""
    seen: dict[tuple, _Record] = {}
    unique = []
    for record in records:
        first = seen.get((record.info.model, record.key))
        if first is None:
            seen[(record.info.model, record.key)] = record
            unique.append(record)
        elif first.raw.get("fields") != record.raw.get("fields"):
            differing = sorted(
                name
                for name in set(first.raw["fields"]) | set(record.raw["fields"])
                if first.raw["fields"].get(name) != record.raw["fields"].get(name)
            )
            plan.errors.append(
                record.problem(
                    f"the same key is already given, with different content, at "
                    f"{first.file} record {first.position} (differs in "
                    f"{', '.join(differing)}): keep one record for it.",
                    field=differing[0],
                )
            )
        else:
            plan.warnings.append(
                record.problem(
                    f"repeats {first.file} record {first.position} exactly; loaded once."
                )
            )
    return unique


def _resolve(records: list[_Record], index: _KeyIndex, plan: ImportPlan) -> None:
    """Every reference must name a record in the database or in this import."""
    in_import: dict[type[models.Model], set[tuple]] = defaultdict(set)
    for record in records:
        in_import[record.info.model].add(record.key)
    for record in records:
        index_ids = index.load(record.info.model)
        record.existing_pk = index_ids.get(record.key)
        references = [(name, record.info.fks[name], key) for name, key in record.refs.items()]
        references += [
            (name, record.info.m2ms[name], key)
            for name, keys in record.links.items()
            for key in keys
        ]
        for name, f, key in references:
            if key is None:
                continue
            target = f.related_model
            if key not in index.load(target) and key not in in_import[target]:
                plan.errors.append(
                    record.problem(
                        f"refers to {_info(target).label} {_key_text(key)}, which is neither "
                        "in the database nor in this import: add that record to the file, or "
                        "correct the key.",
                        field=name,
                    )
                )


_Links = dict[tuple[type[models.Model], str], dict[Any, dict[Any, Any]]]


def _existing(records: list[_Record]) -> _Links:
    """Load the records the import would update, and the links the file gives them.

    A few queries per model. Returns, per model and many-to-many field, each record's
    current links.
    """
    by_model: dict[type[models.Model], list[_Record]] = defaultdict(list)
    for record in records:
        if record.existing_pk is not None:
            by_model[record.info.model].append(record)
    linked: _Links = {}
    for model, group in by_model.items():
        pks = [record.existing_pk for record in group]
        loaded: dict[Any, models.Model] = {}
        for chunk in _chunks(pks):
            loaded.update((obj.pk, obj) for obj in model._default_manager.filter(pk__in=chunk))
        for record in group:
            record.instance = loaded[record.existing_pk]
        for name in {name for record in group for name in record.links}:
            linked[(model, name)] = _current_links(_info(model).m2ms[name], pks)
    return linked


def _build(records: list[_Record], index: _KeyIndex, linked: _Links, plan: ImportPlan) -> None:
    """Each record's final state, validated; for existing ones, what changes."""
    for record in records:
        info = record.info
        old: dict[str, Any] = {}
        if record.instance is None:
            record.instance = info.model()
        else:
            old = {f.attname: getattr(record.instance, f.attname) for f in info.model._meta.fields}
        instance = record.instance
        for name, value in record.values.items():
            setattr(instance, name, value)
        for name, key in record.refs.items():
            f = info.fks[name]
            pk = _pk(index, f.related_model, key)
            if pk is PENDING:
                record.pending.append(name)
                pk = None  # set when the target is written
            setattr(instance, f.attname, pk)
        _validate(record, plan)

        if record.existing_pk is None:
            record.outcome = "created"
            record.new_links = dict(record.links)
            continue
        changes = []
        for name in record.values:
            f = info.scalars[name]
            if old[f.attname] != getattr(instance, f.attname):
                changes.append(FieldUpdate(name, old[f.attname], getattr(instance, f.attname)))
        for name, key in record.refs.items():
            f = info.fks[name]
            if name in record.pending or old[f.attname] != getattr(instance, f.attname):
                old_key = index.key_text(f.related_model, old[f.attname])
                changes.append(FieldUpdate(name, old_key, _key_text(key) if key else None))
        record.changed = [info.model._meta.get_field(c.name).attname for c in changes]
        for name, keys in record.links.items():
            f = info.m2ms[name]
            present = linked[(info.model, name)].get(record.existing_pk, {})
            added = [key for key in keys if _pk(index, f.related_model, key) not in present]
            if added:
                record.new_links[name] = added
                shown = ", ".join(_key_text(k) for k in added)
                changes.append(FieldUpdate(name, None, shown, added=True))
        if changes:
            record.outcome = "updated"
            plan.changes.append(
                RecordChange(
                    info.label, record.key_text, record.file, record.position, tuple(changes)
                )
            )
        else:
            record.outcome = "unchanged"


def _validate(record: _Record, plan: ImportPlan) -> None:
    """Full model validation without a query per record."""
    info, instance = record.info, record.instance
    problems: dict[str, list[str]] = defaultdict(list)
    # Foreign keys are checked by _resolve (field validation would query each one).
    try:
        instance.clean_fields(
            exclude=[*info.fks, *info.accounts, *info.derived, *record.bad_fields]
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems[name].extend(messages)
    for name, f in info.fks.items():
        if not f.null and getattr(instance, f.attname) is None and name not in record.pending:
            target = _info(f.related_model)
            problems[name].append(f"required: give a {target.label} key {_example(target)}.")
    for prefix in info.fuzzy_prefixes:
        start, precision = f"{prefix}_start", f"{prefix}_precision"
        if not {start, precision} & (problems.keys() | record.bad_fields.keys()):
            _validate_fuzzy_date(instance, prefix, problems)
    if not problems and not record.bad_fields:
        try:
            with _own_id(record):
                instance.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problems[name].extend(messages)
    if not problems and not record.bad_fields:
        values = _values(record)
        for constraint in info.model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                _check(record, constraint, values, problems)
    for name, messages in problems.items():
        where = "" if name == "__all__" else name
        for message in dict.fromkeys(messages):  # validators can repeat each other
            plan.errors.append(record.problem(_with_hint(info, name, message), field=where))


def _with_hint(info: _ModelInfo, name: str, message: str) -> str:
    f = info.scalars.get(name)
    if f is not None and f.choices and "not a valid choice" in message:
        return f"{message} Use one of: {', '.join(str(value) for value, _ in f.flatchoices)}."
    if f is not None and f.help_text:
        return f"{message} ({f.help_text})"
    return message


@contextmanager
def _own_id(record: _Record) -> Iterator[None]:
    """A new record that refers to itself (a commission as its own parent) has no id yet:
    a stand-in for it, meanwhile, lets the model's own rule against that see it."""
    own = [
        f
        for name, f in record.info.fks.items()
        if f.related_model is record.info.model
        and name in record.pending
        and record.refs[name] == record.key
    ]
    if not own:
        yield
        return
    instance, stand_in = record.instance, object()
    instance.pk = stand_in
    for f in own:
        setattr(instance, f.attname, stand_in)
    try:
        yield
    finally:
        instance.pk = None
        for f in own:
            setattr(instance, f.attname, None)


def _validate_fuzzy_date(instance: models.Model, prefix: str, problems: dict) -> None:
    start, precision = f"{prefix}_start", f"{prefix}_precision"
    day, exactness = getattr(instance, start), getattr(instance, precision)
    if day is None and exactness:
        problems[start].append(
            f"{precision} is {str(exactness)!r} but {start} is empty: give both or neither."
        )
    elif day is not None and not exactness:
        problems[precision].append(
            f"{start} is given without a precision: add {precision} "
            f"({', '.join(Precision.values)})."
        )
    elif day is not None and exactness in Precision.values:
        normal = FuzzyDate(day, exactness)
        if normal.start != day:
            problems[start].append(
                f"{day.isoformat()} is not where a {exactness!r} period starts: write "
                f"{normal.start.isoformat()} for {normal}."
            )
