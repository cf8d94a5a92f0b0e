"""Every signal receiver of the app, connected once from `SummitsConfig.ready()`.

A receiver only says *when* a rule runs; *what* it does lives with the rule: the items'
status in `services.action_items_status_refresh`, the cached figures in
`caching.records_changed`, the search's table lookup in `search.trigram_indexes_forget`,
the people told of a change in `notifications.changes_note`.

Signals rather than `save()` overrides: fixture loading saves "raw", bypassing `save()`,
yet must leave every item's status equal to its latest update and the cache current.
Writes that send no signals (bulk inserts: the importer, the synthetic generator) call
the same rules themselves.
"""

from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from simple_history.signals import post_create_historical_record

from . import caching, notifications, search, services, tallies
from .models import ActionItem, StatusUpdate


def status_update_changed(sender, instance: StatusUpdate, **kwargs) -> None:
    """A saved or deleted update may change its item's status and last-update day."""
    services.action_items_status_refresh(item_ids=[instance.action_item_id])


def action_item_loaded(sender, instance: ActionItem, raw: bool, **kwargs) -> None:
    """An item loaded from a fixture may carry a stale status: its updates decide."""
    if raw:
        services.action_items_status_refresh(item_ids=[instance.pk])


def record_written(sender: type[Model], **kwargs) -> None:
    """A saved, deleted or re-linked record of the app changes its kind's version (and,
    for an item or an update, its summit's: `written_summits`)."""
    if sender._meta.app_label != "summits":
        return
    kind = caching.kind_of(sender)
    if kind is None:  # a table nobody mapped yet: every figure may read it
        caching.records_changed()
    else:
        caching.records_changed([kind], summits=written_summits(sender, **kwargs))


def written_summits(sender: type[Model], instance: Model, **kwargs) -> set[int | None] | None:
    """The summits whose own figures (readiness, compliance) a write of an item, an
    update or an item's links may change; None when they are not known.

    Known from the record in hand when it cannot have moved: an item created, or saved
    without its summit; an update created for an item the writer holds (status_update_record
    reads the item's summit as it locks it); links added to or removed from an item. An
    item saved whole may come from another summit, and a deleted record's summit may have
    changed since it was read: every summit then.
    """
    if caching.is_history(sender):
        return set()
    if kwargs.get("raw"):  # loaddata: the record on disk says nothing of the table's
        return None
    if sender is ActionItem and "created" in kwargs:
        fields = kwargs.get("update_fields")
        if kwargs["created"] or (fields is not None and "target_summit" not in fields):
            return {instance.target_summit_id}
    elif sender is StatusUpdate and kwargs.get("created"):  # an update never moves then
        if StatusUpdate.action_item.is_cached(instance):
            return {instance.action_item.target_summit_id}
    elif sender in ITEM_LINKS and not kwargs.get("reverse", True):
        return {instance.target_summit_id}
    return None


ITEM_LINKS = (ActionItem.sectors.through, ActionItem.responsible.through)


def history_written(sender, instance: Model, history_instance: Model, **kwargs) -> None:
    """A history entry of an item, update or summit may tell its owner and watchers."""
    notifications.changes_note(type(instance), history_ids=[history_instance.history_id])


def migrated(app_config, using: str, plan=None, **kwargs) -> None:
    """`migrate` may have created or dropped the trigram tables: look for them again.

    `flush` (no plan) deletes every table's rows in any order: an item deleted after the
    tallies were emptied leaves its count below zero (migration 0025's triggers), so the
    tallies are counted again, from no items.
    """
    search.trigram_indexes_forget()
    if plan is None and app_config.label == "summits":  # sent once per app
        tallies.tallies_rebuild(using=using)


def connect() -> None:
    """Connect every receiver above (apps.py). Idempotent: each has a dispatch_uid."""
    # In this order, as before: a write first changes its kind's version, then the status.
    for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
        signal.connect(record_written, dispatch_uid=f"summits.caching.{name}")
    post_migrate.connect(migrated, dispatch_uid="summits.search.trigram")
    for signal in (post_save, post_delete):
        signal.connect(status_update_changed, sender=StatusUpdate, dispatch_uid="status_update")
    post_save.connect(action_item_loaded, sender=ActionItem, dispatch_uid="action_item_loaded")
    post_create_historical_record.connect(history_written, dispatch_uid="notifications")
