"""Report intake: validate report fixtures completely, then upsert them by natural key.

A report fixture is Django's serialized JSON with natural keys only (the shape of
`dumpdata --natural-foreign --natural-primary`), so `loaddata` reads it too. This
importer reads the same files but

- validates every record before writing anything and reports all problems at once,
  each naming the file, the record's position and natural key, the field and what to do;
- upserts by natural key: creates what is new, updates only the fields a record gives
  that differ, leaves the rest alone; many-to-many links are added, never removed or
  duplicated, so reports that mention the same meeting merge;
- writes everything in one transaction with bulk queries (a few per model, none per
  record), records history entries that name the file, and logs a `ReportImport`.

Fields that the tracker derives (not editable: an action item's status, its last-update
day and version) are accepted, so `dumpdata` output imports, but ignored: the status
updates decide them.
"""

import datetime as dt
import difflib
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models import Q
from django.template.defaultfilters import pluralize
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from .. import services
from ..caching import records_changed
from ..fuzzydates import FuzzyDate, FuzzyDateAttribute, Precision
from ..models import ActionItem, ReportImport, StatusUpdate, StatusUpdateEvidence, record_models
from . import contract

RECORD_KEYS = {"model", "fields", "draft"}
# Rows per `pk IN (...)` query: below every backend's limit on query parameters.
CHUNK = 500


# Results ------------------------------------------------------------------------------


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
class FieldChange:
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
    fields: tuple[FieldChange, ...]


@dataclass
class ImportPlan:
    """What an import finds and would do: problems, and per model what it creates or updates."""

    files: list[ReportFile]
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changes: list[RecordChange] = field(default_factory=list)
    imports: list[ReportImport] = field(default_factory=list)
    dry_run: bool = True
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


# Reading ------------------------------------------------------------------------------


def report_file_read(*, path: str | Path) -> ReportFile:
    """Read a report file, but never more than the size cap allows (plus one byte to tell)."""
    path = Path(path)
    with path.open("rb") as stream:
        data = stream.read(settings.TRACKER_IMPORT_MAX_BYTES + 1)
    return ReportFile(name=str(path), data=data, size=path.stat().st_size)


# Models: what a fixture may say about each ---------------------------------------------


class _ModelInfo:
    """A model's natural key and fields, as a report fixture writes them."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.label = model._meta.label_lower
        self.key_paths: tuple[str, ...] = model._default_manager.key_fields
        # Fields a reference to this model lists, in order: ["india-russia-annual-summit", 23]
        self.key_leaves = [_leaf_field(model, path) for path in self.key_paths]
        self.scalars: dict[str, models.Field] = {}
        self.fks: dict[str, models.ForeignKey] = {}
        self.m2ms: dict[str, models.ManyToManyField] = {}
        self.derived: set[str] = set()
        # Links to user accounts (an update's author, an item's owner and watchers): a
        # report names none, see _parse_field.
        self.accounts: set[str] = set()
        user_model = get_user_model()
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if f.is_relation and f.related_model is user_model:
                self.accounts.add(f.name)
        for f in model._meta.concrete_fields:
            if f.primary_key or f.name in self.accounts:
                continue
            if not f.editable:
                self.derived.add(f.name)
            elif f.is_relation:
                self.fks[f.name] = f
            else:
                self.scalars[f.name] = f
        for f in model._meta.many_to_many:
            # Links with a through model of their own (citations, participations) are
            # records with natural keys, imported as such.
            if f.remote_field.through._meta.auto_created and f.name not in self.accounts:
                self.m2ms[f.name] = f
        # The record's own key: its parts in order, each a plain field or a reference.
        self.key_parts: list[str] = []
        for path in self.key_paths:
            top = path.split("__")[0]
            if top not in self.key_parts:
                self.key_parts.append(top)
        self.fuzzy_prefixes = [
            attr.prefix for attr in vars(model).values() if isinstance(attr, FuzzyDateAttribute)
        ]

    @property
    def known_fields(self) -> list[str]:
        return [*self.scalars, *self.fks, *self.m2ms, *self.derived, *self.accounts]


def _leaf_field(model: type[models.Model], path: str) -> models.Field:
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    return model._meta.get_field(last)


_INFO: dict[type[models.Model], _ModelInfo] = {}


def _info(model: type[models.Model]) -> _ModelInfo:
    if model not in _INFO:
        _INFO[model] = _ModelInfo(model)
    return _INFO[model]


# Records -----------------------------------------------------------------------------

PENDING = object()  # a reference to a record this import creates: no id yet


@dataclass(eq=False)
class _Record:
    file: str
    position: int
    info: _ModelInfo
    raw: dict
    key: tuple = ()
    values: dict[str, Any] = field(default_factory=dict)  # plain fields, as Python values
    refs: dict[str, tuple | None] = field(default_factory=dict)  # foreign keys, by key
    links: dict[str, list[tuple]] = field(default_factory=dict)  # many-to-many, by key
    instance: models.Model | None = None
    existing_pk: Any = None
    outcome: str = "created"  # or "updated", "unchanged"
    changed: list[str] = field(default_factory=list)  # attnames to write on update
    new_links: dict[str, list[tuple]] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)  # foreign keys to records yet to be created
    bad_fields: dict[str, str] = field(default_factory=dict)  # unreadable: not judged further

    @property
    def key_text(self) -> str:
        return _key_text(self.key) if self.key else ""  # a key not read: none to show

    def problem(self, message: str, field: str = "") -> Problem:
        return Problem(
            self.file, message, self.position, self.info.label, self.key_text, field=field
        )


def _key_text(key: Iterable) -> str:
    parts = list(key)
    if len(parts) == 1:
        return str(parts[0])
    return json.dumps(parts, ensure_ascii=False, default=str)


def _parse_file(report: ReportFile, plan: ImportPlan, *, accept_drafts: bool) -> list[_Record]:
    """Structure and plain values of one file; the database is not asked anything yet."""
    try:
        data = contract.read_records(report.data, report.size)
    except contract.Unreadable as error:
        plan.errors.append(Problem(report.name, str(error)))
        return []
    records = []
    known = {model._meta.label_lower: model for model in record_models()}
    for position, raw in enumerate(data, start=1):
        record = _parse_record(report.name, position, raw, known, plan, accept_drafts)
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


# Keys in the database ------------------------------------------------------------------


class _KeyIndex:
    """Natural key → id for each model involved: one query per model."""

    def __init__(self) -> None:
        self.ids: dict[type[models.Model], dict[tuple, Any]] = {}

    def load(self, model: type[models.Model]) -> dict[tuple, Any]:
        if model not in self.ids:
            paths = _info(model).key_paths
            rows = model._default_manager.values_list(*paths, "pk")
            self.ids[model] = {tuple(row[:-1]): row[-1] for row in rows.iterator(chunk_size=2000)}
        return self.ids[model]

    def reload(self, model: type[models.Model]) -> dict[tuple, Any]:
        """After inserting rows: their ids, read back in one query."""
        self.ids.pop(model, None)
        return self.load(model)

    def key_text(self, model: type[models.Model], pk: Any) -> str | None:
        """The key of a record in the database, for messages (rarely needed: a scan)."""
        if pk is None:
            return None
        found = next((key for key, known in self.load(model).items() if known == pk), None)
        return _key_text(found) if found is not None else str(pk)


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


def _pk(index: _KeyIndex, model: type[models.Model], key: tuple | None) -> Any:
    if key is None:
        return None
    return index.load(model).get(key, PENDING)


# Values, constraints and changes ---------------------------------------------------------


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


def _current_links(f: models.ManyToManyField, pks: Sequence[Any]) -> dict[Any, dict[Any, Any]]:
    """For each record: target id → link row id, for one many-to-many field."""
    through = f.remote_field.through
    source, target = f.m2m_field_name() + "_id", f.m2m_reverse_field_name() + "_id"
    links: dict[Any, dict[Any, Any]] = defaultdict(dict)
    for chunk in _chunks(pks):
        rows = through._default_manager.filter(**{f"{source}__in": chunk})
        for link_id, source_id, target_id in rows.values_list("pk", source, target):
            links[source_id][target_id] = link_id
    return links


def _chunks(items: Sequence) -> Iterable[Sequence]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


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
                changes.append(FieldChange(name, old[f.attname], getattr(instance, f.attname)))
        for name, key in record.refs.items():
            f = info.fks[name]
            if name in record.pending or old[f.attname] != getattr(instance, f.attname):
                old_key = index.key_text(f.related_model, old[f.attname])
                changes.append(FieldChange(name, old_key, _key_text(key) if key else None))
        record.changed = [info.model._meta.get_field(c.name).attname for c in changes]
        for name, keys in record.links.items():
            f = info.m2ms[name]
            present = linked[(info.model, name)].get(record.existing_pk, {})
            added = [key for key in keys if _pk(index, f.related_model, key) not in present]
            if added:
                record.new_links[name] = added
                shown = ", ".join(_key_text(k) for k in added)
                changes.append(FieldChange(name, None, shown, added=True))
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


class _Unevaluable(Exception):
    """A condition this module cannot judge in Python; the database judges it."""


_UNKNOWN = None  # SQL's third truth value: a comparison with NULL


def _values(record: _Record) -> dict[str, Any]:
    """Field name → value, for judging conditions; a reference yet to be written is PENDING."""
    values = {f.name: getattr(record.instance, f.attname) for f in record.info.model._meta.fields}
    values.update(dict.fromkeys(record.pending, PENDING))
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
        problems[fields[0] if len(fields) == 1 else "__all__"].append(
            f"the values break the rule {constraint.name} ({_condition_text(constraint.condition)})"
            ": correct them."
        )


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
    if name not in values or "__" in lookup or hasattr(expected, "resolve_expression"):
        raise _Unevaluable
    value = values[name]
    if lookup == "exact" and expected is None:  # Q(field=None) means IS NULL
        lookup, expected = "isnull", True
    if lookup == "isnull":
        return (value is None) == expected
    if value is None:
        return _UNKNOWN
    if value is PENDING:  # a record yet to be created: only its being there is known
        raise _Unevaluable
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
                shown = ", ".join(f"{n}={_shown(v)}" for n, v in zip(names, value, strict=True))
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


def _shown(value: Any) -> str:
    if isinstance(value, _New):
        return str(value)
    return json.dumps(value, default=str, ensure_ascii=False)


def _check_evidence(records: list[_Record], plan: ImportPlan) -> None:
    """Each status update the import writes passes the rule every write passes
    (services.status_update_evidence_check), with the evidence the file gives it or the
    database already holds."""
    updates = [r for r in records if r.info.model is StatusUpdate and r.outcome != "unchanged"]
    cited: dict[tuple, list] = defaultdict(list)
    for record in records:
        if record.info.model is StatusUpdateEvidence:
            cited[record.refs.get("status_update")].append(record.refs.get("source"))
    existing = [r.existing_pk for r in updates if r.existing_pk is not None]
    recorded: dict[Any, list] = defaultdict(list)
    for chunk in _chunks(existing):
        rows = StatusUpdateEvidence.objects.filter(status_update_id__in=chunk)
        for update_id, source_id in rows.values_list("status_update_id", "source_id"):
            recorded[update_id].append(source_id)
    evidence_label = _info(StatusUpdateEvidence).label
    for record in updates:
        evidence = cited[record.key] + recorded.get(record.existing_pk, [])
        try:
            services.status_update_evidence_check(status=record.instance.status, evidence=evidence)
        except ValidationError as error:
            plan.errors.extend(
                record.problem(
                    f"{message} Add a {evidence_label} record citing a source for this "
                    "update, or give a status that is not final.",
                    field="status",
                )
                for message in error.messages
            )


# The service ---------------------------------------------------------------------------


def report_validate(*, files: Sequence[ReportFile], accept_drafts: bool = False) -> ImportPlan:
    """Read and check report files, and work out what importing them would change.

    Writes nothing. The plan lists every error and warning, and per model how many
    records would be created, updated or left unchanged, with the fields that change.
    A record still holding the drafter's "draft" note is an error, unless accept_drafts
    makes it a warning.
    """
    plan = ImportPlan(files=list(files))
    records: list[_Record] = []
    for report in files:
        records.extend(_parse_file(report, plan, accept_drafts=accept_drafts))
    records = _deduplicate(records, plan)
    index = _KeyIndex()
    _resolve(records, index, plan)
    linked = _existing(records)
    _build(records, index, linked, plan)
    _check_unique(records, index, plan)
    _check_evidence(records, plan)
    plan._records, plan._index = records, index
    return plan


def report_import(
    *,
    files: Sequence[ReportFile],
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    accept_drafts: bool = False,
) -> ImportPlan:
    """Validate report files, then upsert all their records in one transaction, or none.

    Raises ReportInvalid (holding the plan with every error) when any file has an error;
    then nothing is written. With dry_run, returns the plan without writing. Records still
    marked draft are errors unless accept_drafts (see report_validate).
    """
    if dry_run:
        plan = report_validate(files=files, accept_drafts=accept_drafts)
        if not plan.ok:
            raise ReportInvalid(plan)
        return plan
    try:
        with transaction.atomic():
            # Validated inside the transaction, so the plan matches what is written.
            plan = report_validate(files=files, accept_drafts=accept_drafts)
            if not plan.ok:
                raise ReportInvalid(plan)
            plan.dry_run = False
            _write(plan, user if user is not None and user.is_authenticated else None)
    except IntegrityError as error:
        # Only a rule the checks above could not judge, or a concurrent change, gets here.
        plan = ImportPlan(files=list(files))
        plan.errors.append(
            Problem(
                ", ".join(f.name for f in files),
                f"the database refused the import ({error}); nothing was written. "
                "Correct the record it names and import again.",
            )
        )
        raise ReportInvalid(plan) from error
    return plan


# Writing -------------------------------------------------------------------------------


def _write(plan: ImportPlan, user: AbstractBaseUser | None) -> None:
    index = plan._index
    assert index is not None
    by_model: dict[type[models.Model], list[_Record]] = defaultdict(list)
    for record in plan._records:
        by_model[record.info.model].append(record)
    order = [model for model in record_models() if model in by_model]
    for model in order:
        _write_model(model, by_model[model], index)
    _write_links(plan._records, index)
    records_changed()  # rows written in bulk send no signals to the cache
    refreshed = _refresh_statuses(plan._records)
    now = timezone.now()
    for model in order:
        also = refreshed if model is ActionItem else []
        _write_history(model, by_model[model], also, user, now)
    if refreshed and ActionItem not in by_model:
        _write_history(ActionItem, [], refreshed, user, now)
    plan.imports = [
        ReportImport.objects.create(
            file_name=_fit(Path(report.name).name, ReportImport, "file_name"),
            sha256=report.sha256,
            imported_by=user,
            imported_at=now,
            summary=plan.summary(report.name),
        )
        for report in plan.files
    ]


def _insert(
    model: type[models.Model], fields: list[models.Field], rows: Iterable[Sequence]
) -> None:
    """INSERT rows with one prepared statement.

    The ORM's bulk_create compiles SQL for every batch of a few hundred rows (SQLite caps
    a statement's parameters) and needs a model instance per row: for a large report that
    was most of the import's time. Values still go through each field's own conversion.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepare = [f.get_db_prep_save for f in fields]
    params = [
        [convert(value, connection) for convert, value in zip(prepare, row, strict=True)]
        for row in rows
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _write_model(model: type[models.Model], records: list[_Record], index: _KeyIndex) -> None:
    info = _info(model)
    created = [record for record in records if record.outcome == "created"]
    deferred: list[tuple[_Record, str]] = []
    for record in created:
        for name, key in record.refs.items():
            pk = _pk(index, info.fks[name].related_model, key)
            if pk is PENDING:
                # Only a record of the same model (a parent) can still be unwritten:
                # record_models() lists models after those they refer to.
                if info.fks[name].related_model is not model:
                    raise RuntimeError(f"{info.label}.{name} refers to a model written later.")
                deferred.append((record, name))
                pk = None
            setattr(record.instance, info.fks[name].attname, pk)
    if created:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        _insert(
            model,
            fields,
            ([f.pre_save(r.instance, True) for f in fields] for r in created),
        )
        ids = index.reload(model)
        for record in created:
            record.instance.pk = ids[record.key]
    updated = [record for record in records if record.outcome == "updated"]
    names: set[str] = set()
    for record in updated:
        for name, key in record.refs.items():
            target = info.fks[name].related_model
            setattr(record.instance, info.fks[name].attname, _pk(index, target, key))
        names.update(record.changed)
    to_update = [record for record in updated if record.changed]
    if to_update and "version" in {f.name for f in model._meta.fields}:
        # Optimistic locking: an editor who opened the record before the import must
        # not silently overwrite what the import changed.
        for record in to_update:
            record.instance.version += 1
        names.add("version")
    for record, name in deferred:
        f = info.fks[name]
        setattr(record.instance, f.attname, index.load(model)[record.refs[name]])
        names.add(f.attname)
        if record not in to_update:
            to_update.append(record)
    if to_update:
        model._default_manager.bulk_update([r.instance for r in to_update], sorted(names))


def _write_links(records: list[_Record], index: _KeyIndex) -> None:
    rows: dict[models.ManyToManyField, list[tuple]] = defaultdict(list)
    for record in records:
        for name, keys in record.new_links.items():
            f = record.info.m2ms[name]
            rows[f].extend((record.instance.pk, _pk(index, f.related_model, key)) for key in keys)
    for f, pairs in rows.items():
        through = f.remote_field.through
        columns = [
            through._meta.get_field(f.m2m_field_name()),
            through._meta.get_field(f.m2m_reverse_field_name()),
        ]
        _insert(through, columns, pairs)


def _refresh_statuses(records: list[_Record]) -> list[models.Model]:
    """Bring each new item, and each item the import adds updates to, to the status of
    its latest update (services.action_items_status_refresh).

    The file's items take their new status, which their history entries show. Returns
    the other items whose status changed: they get a history entry too.
    """
    ids = sorted(
        {
            record.instance.pk
            for record in records
            if record.info.model is ActionItem and record.outcome == "created"
        }
        | {
            record.instance.action_item_id
            for record in records
            if record.info.model is StatusUpdate and record.outcome != "unchanged"
        }
    )

    def statuses() -> dict[Any, tuple[str, dt.date | None]]:
        found = {}
        for chunk in _chunks(ids):
            rows = ActionItem.objects.filter(pk__in=chunk)
            for pk, status, as_of in rows.values_list("pk", "status", "status_as_of"):
                found[pk] = (status, as_of)
        return found

    before = statuses()
    services.action_items_status_refresh(item_ids=ids)
    changed = {pk: now for pk, now in statuses().items() if now != before[pk]}
    in_file = {
        record.instance.pk: record.instance
        for record in records
        if record.info.model is ActionItem and record.outcome != "unchanged"
    }
    for pk, item in in_file.items():
        if pk in changed:
            item.status, item.status_as_of = changed[pk]
    others = sorted(changed.keys() - in_file.keys())
    return [item for chunk in _chunks(others) for item in ActionItem.objects.filter(pk__in=chunk)]


def _write_history(
    model: type[models.Model],
    records: list[_Record],
    also_changed: list[models.Model],
    user: AbstractBaseUser | None,
    when: dt.datetime,
) -> None:
    """History entries naming the file, as the records stand after the import.

    django-simple-history's bulk helpers (bulk_create_with_history and its manager's
    bulk_history_create) build a model instance per entry and write it right after the
    row; these entries are written at the end instead, once links and statuses are in
    place, so each shows the imported record whole, and with one prepared statement.
    Unchanged records get none.
    """
    history_model = get_history_manager_for_model(model).model
    entries: list[tuple[str, str, models.Model]] = [
        (
            "+" if r.outcome == "created" else "~",
            _fit(f"Imported from {Path(r.file).name}", history_model, "history_change_reason"),
            r.instance,
        )
        for r in records
        if r.outcome != "unchanged"
    ]
    entries += [("~", "Status from an imported update", item) for item in also_changed]
    if not entries:
        return
    fields = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    user_id = user.pk if user is not None else None
    special = {"history_date": when, "history_user_id": user_id}

    def row(history_type: str, reason: str, obj: models.Model) -> list:
        special.update(history_type=history_type, history_change_reason=reason)
        return [
            special[f.attname] if f.attname in special else getattr(obj, f.attname) for f in fields
        ]

    _insert(history_model, fields, (row(*entry) for entry in entries))
    _write_history_links(model, history_model, when)


def _fit(text: str, model: type[models.Model], name: str) -> str:
    """Cut to the column's length: PostgreSQL refuses a longer value (a long file name)."""
    limit = model._meta.get_field(name).max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write_history_links(
    model: type[models.Model], history_model: type[models.Model], when: dt.datetime
) -> None:
    """The many-to-many part of each history entry: the record's links at that moment."""
    m2m_fields = getattr(history_model, "_history_m2m_fields", [])
    if not m2m_fields:
        return
    # This import's entries are the ones dated at its moment.
    entries = dict(
        history_model._default_manager.filter(history_date=when).values_list("id", "history_id")
    )
    for f in m2m_fields:
        link_history = getattr(history_model, f.name).model
        links = _current_links(f, list(entries))
        columns = [
            link_history._meta.get_field(name)
            for name in ("history", "id", f.m2m_field_name(), f.m2m_reverse_field_name())
        ]
        _insert(
            link_history,
            columns,
            (
                (entries[record_id], link_id, record_id, target_id)
                for record_id, targets in links.items()
                for target_id, link_id in targets.items()
            ),
        )


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


def report_import_allowed(user: AbstractBaseUser) -> bool:
    """An import creates and changes every kind of record: only who may do both may import."""
    if not (user.is_active and user.is_staff):
        return False
    actions = ("add", "change")
    return user.has_perms(
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in record_models()
        for action in actions
    )
