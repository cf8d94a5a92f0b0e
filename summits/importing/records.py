"""What an import knows: each model's rules as a report fixture writes them, each record
read from a file, and the natural keys already in the database.

The names the importing modules share keep their leading underscore: they are the
package's own, not for callers outside it.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from ..fuzzydates import FuzzyDateAttribute
from .plan import Problem

# Rows per `pk IN (...)` query: below every backend's limit on query parameters.
CHUNK = 500


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


def _pk(index: _KeyIndex, model: type[models.Model], key: tuple | None) -> Any:
    if key is None:
        return None
    return index.load(model).get(key, PENDING)


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
