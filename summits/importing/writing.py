"""Writing a checked plan: each model's rows in bulk (a few statements per model, none per
record), then the links, the statuses the new updates give, and history entries that
name the file."""

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils.text import Truncator
from simple_history.utils import get_history_manager_for_model

from .. import notifications, services
from ..bulk import rows_insert
from ..models import ActionItem, StatusUpdate
from .records import PENDING, _chunks, _current_links, _info, _KeyIndex, _pk, _Record


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
        rows_insert(
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
        rows_insert(through, columns, pairs)


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
    reason_length = history_model._meta.get_field("history_change_reason").max_length
    entries: list[tuple[str, str, models.Model]] = [
        (
            "+" if r.outcome == "created" else "~",
            # Cut to the column's length: PostgreSQL refuses a longer value (a long file name).
            Truncator(f"Imported from {Path(r.file).name}").chars(reason_length),
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

    rows_insert(history_model, fields, (row(*entry) for entry in entries))
    _write_history_links(model, history_model, when)
    notifications.changes_note(model, imported_at=when)


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
        rows_insert(
            link_history,
            columns,
            (
                (entries[record_id], link_id, record_id, target_id)
                for record_id, targets in links.items()
                for target_id, link_id in targets.items()
            ),
        )
