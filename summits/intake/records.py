"""Draft records read generically off the models: keys, references, labels, review state.

A draft record is `{"model": "summits.meeting", "fields": {…}, "draft": {…}, "review":
{…}}`, with natural keys as in fixtures/reports/. Nothing here knows one drafter's habits:
what refers to what comes from the models' natural keys and fields, so records of models
added later, or shaped better by a later drafter, are reviewed the same way.
"""

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ..fuzzydates import FuzzyDateAttribute
from ..importing import ReportFile, report_validate
from ..models import record_models

UNREVIEWED, ACCEPTED, DROPPED = "unreviewed", "accepted", "dropped"
# How an analyst reads a report: what happened, what it prepares, what was promised,
# then who and what is new. Models not named here follow in dependency order.
GROUP_ORDER = [
    "summits.meeting",
    "summits.summit",
    "summits.actionitem",
    "summits.outcomedocument",
    "summits.agreement",
    "summits.person",
    "summits.place",
    "summits.organisation",
    "summits.commission",
    "summits.summitseries",
    "summits.source",
]
GROUP_TITLES = {
    "summits.meeting": "Meetings, with their participants",
    "summits.actionitem": "Commitments, with their status and sources",
    "summits.outcomedocument": "Outcome documents, with their paragraphs",
    "summits.agreement": "Agreements, with their signatories",
}
# Chunk of keys per query: below every backend's limit on query parameters.
CHUNK = 200
_SURROGATES_AND_NUL = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text any database stores: no NUL (PostgreSQL refuses it), no lone surrogates."""
    return _SURROGATES_AND_NUL.sub("", text)


def clean_value(value: Any) -> Any:
    """`clean_text` through a JSON value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_value(v) for k, v in value.items()}
    return value


# Models ---------------------------------------------------------------------------------


@cache
def models_by_label() -> dict[str, type[models.Model]]:
    return {model._meta.label_lower: model for model in record_models()}


def model_of(record: dict) -> type[models.Model] | None:
    label = record.get("model")
    return models_by_label().get(label.lower()) if isinstance(label, str) else None


@cache
def key_parts(model: type[models.Model]) -> tuple[str, ...]:
    """The fields (top-level names) whose values make the record's natural key."""
    parts: list[str] = []
    for path in model._default_manager.key_fields:
        top = path.split("__")[0]
        if top not in parts:
            parts.append(top)
    return tuple(parts)


@cache
def fuzzy_prefixes(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(
        attr.prefix for attr in vars(model).values() if isinstance(attr, FuzzyDateAttribute)
    )


@cache
def label_field(model: type[models.Model]) -> str | None:
    """The field a person reads a record by: its name, else its title."""
    names = {f.name for f in model._meta.concrete_fields}
    return next((name for name in ("name", "title") if name in names), None)


def model_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except models.FieldDoesNotExist:
        return None


def is_entity(model: type[models.Model]) -> bool:
    """A record named on its own (a person, a place): a drafted one may be a recorded one."""
    parts = key_parts(model)
    return len(parts) == 1 and model_field(model, parts[0]).is_relation is False


# Keys and references ----------------------------------------------------------------------

Key = tuple[str, ...]  # a natural key with every part as text: "23" and 23 are one summit


def _key(values: Iterable[Any]) -> Key:
    return tuple(str(value) for value in values)


def key_value(record: dict) -> list | None:
    """The record's natural key as a reference to it is written: ["india-…-summit", 23]."""
    model, fields = model_of(record), record.get("fields")
    if model is None or not isinstance(fields, dict):
        return None
    value: list = []
    for part in key_parts(model):
        f = model_field(model, part)
        given = fields.get(part)
        if f is not None and f.many_to_one:
            if not isinstance(given, list):
                return None
            value.extend(given)
        else:
            if given is None:
                return None
            value.append(given)
    return value


def record_key(record: dict) -> Key | None:
    value = key_value(record)
    return None if value is None else _key(value)


@dataclass(frozen=True)
class Reference:
    field: str
    target: type[models.Model]
    key: Key
    many: bool  # a many-to-many link, one of a list
    required: bool  # the record cannot be without it


def references(record: dict) -> Iterator[Reference]:
    model, fields = model_of(record), record.get("fields")
    if model is None or not isinstance(fields, dict):
        return
    parts = key_parts(model)
    for name, value in fields.items():
        f = model_field(model, name)
        if f is None or not f.is_relation or f.related_model not in models_by_label().values():
            continue
        if f.many_to_one and isinstance(value, list):
            yield Reference(name, f.related_model, _key(value), False, name in parts or not f.null)
        elif f.many_to_many and isinstance(value, list):
            for item in value:
                if isinstance(item, list):
                    yield Reference(name, f.related_model, _key(item), True, False)


def reference_text(value: Any) -> str:
    """A key as a form shows it: "new-delhi", "india-russia-annual-summit / 23"."""
    if isinstance(value, list):
        return " / ".join(str(part) for part in value)
    return "" if value is None else str(value)


def replace_references(
    records: list[dict], target: type[models.Model], old: Key, new: list
) -> None:
    """Make every reference to `old` name `new`; records keyed by it are re-keyed in turn."""
    for record in records:
        fields = record.get("fields")
        own_before = key_value(record)
        changed = False
        for ref in list(references(record)):
            if ref.target is not target or ref.key != old:
                continue
            if ref.many:
                items = [new if _key(item) == old else item for item in fields[ref.field]]
                fields[ref.field] = list({json.dumps(i): i for i in items}.values())
            else:
                fields[ref.field] = list(new)
            changed = True
        own_after = key_value(record)
        if changed and own_before is not None and own_after != own_before:
            replace_references(records, model_of(record), _key(own_before), own_after)


def review_state(record: dict) -> str:
    review = record.get("review")
    state = review.get("state") if isinstance(review, dict) else None
    return state if state in (ACCEPTED, DROPPED) else UNREVIEWED


def set_review(record: dict, state: str, why: str = "") -> None:
    record["review"] = {"state": state, **({"why": why} if why else {})}


def drop(records: list[dict], index: int, why: str, recorded: set[tuple[str, Key]]) -> None:
    """Drop a record and what cannot stand without it; clear optional references to it.

    A record that is also in the database (a proposed change to it) stays referable:
    dropping the change leaves the records that refer to it alone.
    """
    record = records[index]
    set_review(record, DROPPED, why)
    model, key = model_of(record), record_key(record)
    if model is None or key is None or (model._meta.label_lower, key) in recorded:
        return
    label = record_label(record, {})
    for other_index, other in enumerate(records):
        if other_index == index or review_state(other) == DROPPED:
            continue
        for ref in list(references(other)):
            if ref.target is not model or ref.key != key:
                continue
            if ref.required:
                drop(records, other_index, f"it depends on {label}, dropped", recorded)
                break
            fields = other["fields"]
            if ref.many:
                fields[ref.field] = [i for i in fields[ref.field] if _key(i) != key]
            else:
                fields[ref.field] = None


def fixture_records(records: Iterable[dict]) -> list[dict]:
    """The records to import: dropped ones left out, the review's and drafter's notes too."""
    return [
        {"model": record.get("model"), "fields": record.get("fields")}
        for record in records
        if review_state(record) != DROPPED
    ]


def fixture_json(records: list[dict]) -> str:
    """A fixture as fixtures/reports/ keeps them."""
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


# What the database holds ---------------------------------------------------------------------


def recorded_labels(wanted: Iterable[tuple[str, Key]]) -> dict[tuple[str, Key], str]:
    """Which of these (model, key) pairs are recorded, and what each is called there.

    One query per model (per 200 keys), whatever the number of records.
    """
    by_model: dict[str, set[Key]] = defaultdict(set)
    for label, key in wanted:
        by_model[label].add(key)
    found: dict[tuple[str, Key], str] = {}
    for label, keys in by_model.items():
        model = models_by_label().get(label)
        if model is None:
            continue
        paths = model._default_manager.key_fields
        leaves = [_leaf(model, path) for path in paths]
        keys = sorted(key for key in keys if _readable(leaves, key))
        name = label_field(model)
        for start in range(0, len(keys), CHUNK):
            condition = Q()
            for key in keys[start : start + CHUNK]:
                condition |= Q(**dict(zip(paths, key, strict=True)))
            rows = model._default_manager.filter(condition).values_list(
                *paths, *([name] if name else [])
            )
            for row in rows:
                key = _key(row[: len(paths)])
                found[(label, key)] = str(row[-1]) if name else " / ".join(key)
    return found


def _leaf(model: type[models.Model], path: str) -> models.Field:
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last)


def _readable(leaves: list[models.Field], key: Key) -> bool:
    """Whether each part can be a value of its field: "abc" is no summit's number."""
    if len(key) != len(leaves):
        return False
    try:
        for leaf, part in zip(leaves, key, strict=True):
            leaf.to_python(part)
    except ValidationError:
        return False
    return True


def record_label(record: dict, names: dict[tuple[str, Key], str]) -> str:
    """What a person calls the record: its name, title or reference, else its parts'."""
    model, fields = model_of(record), record.get("fields")
    if model is None or not isinstance(fields, dict):
        return f"record of unknown kind {str(record.get('model'))[:60]!r}"
    name = label_field(model)
    if name and fields.get(name):
        return str(fields[name])
    if "ref" in fields:
        return str(fields["ref"])
    parts = []
    for part in key_parts(model):
        f = model_field(model, part)
        value = fields.get(part)
        if f is not None and f.many_to_one and isinstance(value, list):
            label = f.related_model._meta.label_lower
            parts.append(names.get((label, _key(value)), reference_text(value)))
        else:
            parts.append(reference_text(value))
    return ", ".join(parts)


# Problems: the importer's own checks, at their records and fields -------------------------


@dataclass
class Review:
    """What the importer says about the kept records, placed at the records' indexes."""

    errors: list[str] = field(default_factory=list)  # about the draft as a whole
    at_field: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    at_record: dict[int, list[str]] = field(default_factory=dict)
    notes: dict[int, list[str]] = field(default_factory=dict)  # warnings
    changes: dict[int, list[tuple[str, Any, Any]]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        fields = sum(len(m) for f in self.at_field.values() for m in f.values())
        return len(self.errors) + fields + sum(len(m) for m in self.at_record.values())


def form_field_name(model: type[models.Model] | None, name: str) -> str:
    """The form field a record field is edited in: a fuzzy date's two columns are one."""
    if model is not None:
        for prefix in fuzzy_prefixes(model):
            if name in (f"{prefix}_start", f"{prefix}_precision"):
                return prefix
    return name


def review(records: list[dict]) -> Review:
    """Run `report_validate` on the records kept, and place each problem where it belongs."""
    kept = [index for index, record in enumerate(records) if review_state(record) != DROPPED]
    data = fixture_json(fixture_records(records)).encode()
    plan = report_validate(files=[ReportFile(name="draft", data=data, size=len(data))])
    result = Review()
    for problem in plan.errors:
        if problem.position is None or problem.position > len(kept):
            result.errors.append(problem.message)
            continue
        index = kept[problem.position - 1]
        model = model_of(records[index])
        name = form_field_name(model, problem.field) if problem.field else ""
        fields = records[index].get("fields")
        if name and isinstance(fields, dict) and problem.field in fields:
            result.at_field.setdefault(index, {}).setdefault(name, []).append(problem.message)
        else:
            shown = f"{name.replace('_', ' ').capitalize()}: " if name else ""
            result.at_record.setdefault(index, []).append(shown + problem.message)
    for problem in plan.warnings:
        if problem.position is not None and problem.position <= len(kept):
            result.notes.setdefault(kept[problem.position - 1], []).append(problem.message)
    for change in plan.changes:
        result.changes[kept[change.position - 1]] = [
            (fc.name, fc.old, fc.new) for fc in change.fields
        ]
    return result
