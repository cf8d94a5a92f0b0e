"""Reading: report files into records, each field read into Python values by its model's
rules. Nothing asks the database yet. What a file may hold at all is in contract.py."""

import difflib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ..models import record_models
from . import contract
from .plan import ImportPlan, Problem, ReportFile
from .records import _info, _ModelInfo, _Record

RECORD_KEYS = {"model", "fields", "draft"}


def report_file_read(*, path: str | Path) -> ReportFile:
    """Read a report file, but never more than the size cap allows (plus one byte to tell)."""
    path = Path(path)
    with path.open("rb") as stream:
        data = stream.read(settings.TRACKER_IMPORT_MAX_BYTES + 1)
    return ReportFile(name=str(path), data=data, size=path.stat().st_size)


def _parse_file(
    report: ReportFile, plan: ImportPlan, *, accept_drafts: bool, dry_run: bool
) -> list[_Record]:
    """Structure and plain values of one file; the database is not asked anything yet."""
    try:
        data = contract.read_records(report.data, report.size)
    except contract.Unreadable as error:
        plan.errors.append(Problem(report.name, str(error)))
        return []
    records = []
    known = {model._meta.label_lower: model for model in record_models()}
    for position, raw in enumerate(data, start=1):
        record = _parse_record(report.name, position, raw, known, plan, accept_drafts, dry_run)
        if record is not None:
            records.append(record)
    return records


def _parse_record(
    name: str,
    position: int,
    raw: Any,
    known: dict[str, type[models.Model]],
    plan: ImportPlan,
    accept_drafts: bool,
    dry_run: bool,
) -> "_Record | None":
    def error(message: str, **where) -> None:
        plan.errors.append(Problem(name, message, position, **where))

    if not isinstance(raw, dict):
        error(
            'a record is a JSON object {"model": …, "fields": {…}}, not a '
            f"{contract.json_type(raw)}."
        )
        return None
    problems = contract.record_problems(raw)
    if any(not field_name for field_name, _ in problems):
        for field_name, message in problems:
            error(message, field=field_name)
        return None
    if "pk" in raw:
        error(
            'numeric ids do not carry between databases: remove "pk" and let the natural key '
            "fields identify the record."
        )
        return None
    unknown = sorted(set(raw) - RECORD_KEYS)
    if unknown:
        error(
            f"unknown key(s) {', '.join(map(contract.shown, unknown))}: a record has only "
            '"model", "fields" and, in a draft, "draft".'
        )
        return None
    label = raw.get("model")
    model = known.get(label.lower()) if isinstance(label, str) else None
    if model is None:
        guess = difflib.get_close_matches(str(label).lower(), known, n=1)
        hint = f"did you mean {guess[0]!r}?" if guess else f"use one of {', '.join(known)}."
        error(f"unknown model {label!r}: {hint}")
        return None
    fields = raw.get("fields")
    if not isinstance(fields, dict):
        error('"fields" must be a JSON object of field names and values.', model=label)
        return None
    info = _info(model)
    record = _Record(name, position, info, raw)
    record.bad_fields.update(problems)  # keys given twice, lone surrogates: not read further
    for field_name, value in fields.items():
        if field_name not in record.bad_fields:
            message = _parse_field(record, field_name, value)
            if message:
                record.bad_fields[field_name] = message
    missing = [part for part in info.key_parts if part not in fields]
    if missing:
        record.bad_fields[missing[0]] = (
            f"the natural key needs {' and '.join(missing)}: add "
            f"{'it' if len(missing) == 1 else 'them'} to the record's fields."
        )
    keyed = not any(part in record.bad_fields for part in info.key_parts)
    if keyed:
        record.key = _record_key(record)
    for field_name, message in record.bad_fields.items():
        plan.errors.append(record.problem(message, field=field_name))
    if not keyed:
        return None  # without a key, it cannot be matched or referred to
    if "draft" in raw:
        # A drafter's guess imported unread would pass for a fact: only an explicit
        # acceptance lets a draft in, and then each record is still listed to review.
        if accept_drafts:
            plan.warnings.append(
                record.problem(f'draft: {_draft_note(raw["draft"])}; remove "draft" once checked.')
            )
        elif dry_run:
            # A dry run during review checks everything else and shows what the import
            # would do; the drafts still to review are listed, and the import refuses them.
            plan.drafts_pending += 1
            plan.warnings.append(
                record.problem(
                    f"still marked draft ({_draft_note(raw['draft'])}): the import refuses it "
                    'until its "draft" note is removed, or with --accept-drafts.'
                )
            )
        else:
            plan.errors.append(
                record.problem(
                    f"still marked draft ({_draft_note(raw['draft'])}): review it, then remove "
                    'its "draft" note, or import with --accept-drafts.'
                )
            )
    return record


def _draft_note(draft: Any) -> str:
    """What the drafter asks to check, and the sentence the record comes from."""
    details = draft if isinstance(draft, dict) else {"review": draft}
    review = details.get("review")
    if not isinstance(review, str) or not review.strip():  # `"draft": true` says no more
        review = "check it against the report"
    sentence = " ".join(str(details.get("sentence") or "").split())
    if len(sentence) > 90:
        sentence = sentence[:89] + "…"
    source = f", from “{sentence}”" if sentence else ""
    return f"{review}{source}"


def _record_key(record: _Record) -> tuple:
    key: list = []
    for part in record.info.key_parts:
        if part in record.info.fks:
            key.extend(record.refs[part] or ())
        else:
            key.append(record.values.get(part))
    return tuple(key)


def _parse_field(record: _Record, name: str, value: Any) -> str | None:
    """Read one field's value into the record; a message if it cannot be read."""
    info = record.info
    if name in info.derived:
        return None
    if name in info.scalars:
        f = info.scalars[name]
        message = contract.value_problem(f, value)
        if message:
            return message
        try:
            record.values[name] = f.to_python(value)
        except ValidationError as exc:
            return " ".join(exc.messages)
        return None
    if name in info.accounts:
        if value is None or value == []:
            return None  # names nobody: the field is left as it is
        return (
            "a report cannot name user accounts: who records an update, owns or watches an "
            "item is set in the tracker, by and for its users. Remove the field (or give null)."
        )
    if name in info.fks:
        if value is None:
            record.refs[name] = None
            return None
        key = _reference(_info(info.fks[name].related_model), value)
        if isinstance(key, str):
            return key
        record.refs[name] = key
        return None
    if name in info.m2ms:
        target = _info(info.m2ms[name].related_model)
        if not isinstance(value, list):
            return f"expected a list of {target.label} keys, e.g. [{_example(target)}]."
        keys = []
        for item in value:
            key = _reference(target, item)
            if isinstance(key, str):
                return key
            if key not in keys:
                keys.append(key)
        record.links[name] = keys
        return None
    guess = difflib.get_close_matches(name, info.known_fields, n=1)
    hint = (
        f"did you mean {guess[0]!r}?" if guess else f"known fields: {', '.join(info.known_fields)}."
    )
    return f"{info.label} has no field {name!r}: {hint}"


def _example(target: _ModelInfo) -> str:
    return json.dumps([leaf.name for leaf in target.key_leaves])


def _reference(target: _ModelInfo, value: Any) -> "tuple | str":
    """A reference's natural key as Python values, or a message saying what is wrong."""
    expected = f"a {target.label} natural key {_example(target)}"
    if not isinstance(value, list):
        return f"expected {expected}, not {contract.shown(value)}: refer to records by key."
    if len(value) != len(target.key_leaves):
        return f"expected {expected}, got {len(value)} value(s)."
    key = []
    for leaf, part in zip(target.key_leaves, value, strict=True):
        message = contract.value_problem(leaf, part)
        if message is None:
            try:
                key.append(leaf.to_python(part))
            except ValidationError as exc:
                message = " ".join(exc.messages)
        if message:
            return f"{leaf.name} in {contract.shown(value)}: {message}"
    return tuple(key)
