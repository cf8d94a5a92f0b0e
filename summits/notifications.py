"""Notifications: what changed, who is told, and the mails that tell them.

Every write records its history: django-simple-history's entry on each save (pages,
admin), the bulk change's and the importer's own bulk entries. The entries a transaction
writes are noted here (`changes_note`, no query) and handed, once it commits, to one
background task (`tasks.notify_changes`: one query, the task's row). The task reads the
entries, compares each with its record's previous one and tells the item's owner and
watchers (a summit's watchers) what changed, except whoever changed it. So every write
path notifies, a write pays one query for it, and a rolled-back change tells nobody.

Mails are sent by the tasks too, never inside a request: at most once each (a notification
is marked as taken before its mail goes), each on its own (a refused recipient never stops
the others).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from .fuzzydates import FuzzyDate
from .mailing import MailServerUnreachable, mail_each
from .models import (
    ActionItem,
    Notification,
    NotificationPreference,
    Status,
    StatusUpdate,
    Summit,
)
from .queries.conditions import due_within_q, overdue_items_q

Delivery = NotificationPreference.Delivery

# The models whose history entries can notify, by the label a task's arguments use.
WATCHED_MODELS = {model._meta.model_name for model in (ActionItem, StatusUpdate, Summit)}


class PendingChanges:
    """The history entries one transaction wrote; called when it commits, it enqueues
    one task for all of them."""

    def __init__(self) -> None:
        self.history: dict[str, set[int]] = defaultdict(set)
        self.imported_at: set[str] = set()

    def __call__(self) -> None:
        from .tasks import notify_changes  # tasks imports this module

        notify_changes.enqueue(
            history={label: sorted(ids) for label, ids in self.history.items()},
            imported_at=sorted(self.imported_at),
        )


def _pending(connection) -> PendingChanges:
    """The PendingChanges of the transaction under way, registered with on_commit on
    first use.

    Found among the connection's commit callbacks rather than kept aside, so it goes
    with them when the transaction (or the savepoint it was made in) rolls back. An entry
    noted in a savepoint that later rolls back may stay noted: the task finds no such
    entry and tells nobody.
    """
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, PendingChanges):
            return callback
    pending = PendingChanges()
    # Robust: a task queue that cannot be reached (Redis down) is logged, and the write,
    # committed by then, still answers its page instead of a server error.
    transaction.on_commit(pending, using=connection.alias, robust=True)
    return pending


def changes_note(
    model: type[models.Model],
    *,
    history_ids: Iterable[int] = (),
    imported_at: dt.datetime | None = None,
) -> None:
    """Note history entries of `model` written now (by id, or all those an import wrote at
    `imported_at`): once the transaction commits, the people they concern are told.
    Outside a transaction, at once."""
    label = model._meta.model_name
    if label not in WATCHED_MODELS:
        return
    connection = transaction.get_connection()
    in_transaction = connection.in_atomic_block
    pending = _pending(connection) if in_transaction else PendingChanges()
    pending.history[label].update(history_ids)
    if imported_at is not None:
        pending.imported_at.add(imported_at.isoformat())
    if not in_transaction:
        pending()


@dataclass
class Change:
    """What one batch of entries changed about one record, for the people it concerns."""

    kind: str
    record: models.Model
    key: str
    phrases: list[str] = field(default_factory=list)
    actors: set[int] = field(default_factory=set)
    former_owners: set[int] = field(default_factory=set)


def _fuzzy(row, name: str) -> str:
    start, precision = getattr(row, f"{name}_start"), getattr(row, f"{name}_precision")
    return str(FuzzyDate(start, precision)) if start and precision else "no date"


def _history_rows(model: type[models.Model], ids: Collection[int], imported_at: list[str]):
    """The entries named, with the previous entry of each record (None for a first)."""
    history = model.history.model
    wanted = Q(history_id__in=ids) if ids else Q(pk__in=[])
    if imported_at:
        wanted |= Q(history_date__in=[dt.datetime.fromisoformat(at) for at in imported_at])
    rows = list(history.objects.filter(wanted).order_by("history_date", "history_id"))
    if not rows:
        return []
    earlier = history.objects.filter(
        id__in={row.id for row in rows}, history_id__lte=max(row.history_id for row in rows)
    ).order_by("history_date", "history_id")
    previous: dict[int, object] = {}
    by_history_id: dict[int, object] = {}
    for row in earlier:
        by_history_id[row.history_id] = previous.get(row.id)
        previous[row.id] = row
    return [(row, by_history_id.get(row.history_id)) for row in rows if row.history_type != "-"]


def _item_phrases(before, row, names: Callable[[int | None], str]) -> list[str]:
    """A reader's words for what changed among the fields people follow an item for; of
    a new item, only who owns it (its other fields are news to nobody yet)."""
    if before is None:
        return [f"owner nobody → {names(row.owner_id)}"] if row.owner_id else []
    phrases = []
    if row.status != before.status:
        phrases.append(f"status {Status(before.status).label} → {Status(row.status).label}")
    if _fuzzy(row, "due") != _fuzzy(before, "due"):
        phrases.append(f"due {_fuzzy(before, 'due')} → {_fuzzy(row, 'due')}")
    if row.owner_id != before.owner_id:
        phrases.append(f"owner {names(before.owner_id)} → {names(row.owner_id)}")
    if (row.title, row.text) != (before.title, before.text):
        phrases.append("wording changed")
    return phrases


def changes_read(history: dict[str, list[int]], imported_at: list[str]) -> list[Change]:
    """Each record's changes in these history entries, merged: one Change per record."""
    changes: dict[tuple[str, int], Change] = {}
    user_names = dict(get_user_model().objects.values_list("pk", "username"))

    def names(pk: int | None) -> str:
        return user_names.get(pk, "nobody") if pk is not None else "nobody"

    def change_of(kind: str, record_pk: int, history_id: int, prefix: str) -> Change:
        change = changes.get((kind, record_pk))
        if change is None:
            change = changes[(kind, record_pk)] = Change(
                kind=kind, record=None, key=f"{kind}:{record_pk}:{prefix}{history_id}"
            )
        return change

    for row, before in _history_rows(ActionItem, history.get("actionitem", ()), imported_at):
        phrases = _item_phrases(before, row, names)
        if phrases:
            change = change_of("item", row.id, row.history_id, "a")
            change.phrases += phrases
            change.actors.add(row.history_user_id)
            if before is not None and before.owner_id != row.owner_id:
                change.former_owners.add(before.owner_id)
    for row, _ in _history_rows(StatusUpdate, history.get("statusupdate", ()), imported_at):
        if row.history_type == "+":
            change = change_of("item", row.action_item_id, row.history_id, "s")
            change.phrases.append(
                f"status update: {Status(row.status).label} as of {row.as_of:%d %b %Y}"
            )
            change.actors.add(row.history_user_id)
    for row, before in _history_rows(Summit, history.get("summit", ()), imported_at):
        if before is None:
            continue
        phrases = []
        if _fuzzy(row, "date") != _fuzzy(before, "date"):
            phrases.append(f"date {_fuzzy(before, 'date')} → {_fuzzy(row, 'date')}")
        if row.status != before.status:
            phrases.append(f"status {before.status} → {row.status}")
        if phrases:
            change = change_of("summit", row.id, row.history_id, "h")
            change.phrases += phrases
            change.actors.add(row.history_user_id)
    items = ActionItem.objects.in_bulk([pk for kind, pk in changes if kind == "item"])
    summits = Summit.objects.select_related("series").in_bulk(
        [pk for kind, pk in changes if kind == "summit"]
    )
    found = []
    for (kind, pk), change in changes.items():
        change.record = (items if kind == "item" else summits).get(pk)
        if change.record is not None:  # deleted since
            found.append(change)
    return found


def notifications_from_changes(history: dict[str, list[int]], imported_at: list[str]) -> list[int]:
    """Record the notifications these history entries call for; their ids (those already
    recorded by an earlier try of the same task included)."""
    changes = changes_read(history, imported_at)
    item_ids = [c.record.pk for c in changes if c.kind == "item"]
    summit_ids = [c.record.pk for c in changes if c.kind == "summit"]
    watchers: dict[tuple[str, int], set[int]] = defaultdict(set)
    for item_id, user_id in ActionItem.watchers.through.objects.filter(
        actionitem_id__in=item_ids
    ).values_list("actionitem_id", "user_id"):
        watchers[("item", item_id)].add(user_id)
    for summit_id, user_id in Summit.watchers.through.objects.filter(
        summit_id__in=summit_ids
    ).values_list("summit_id", "user_id"):
        watchers[("summit", summit_id)].add(user_id)
    notifications = []
    for change in changes:
        record = change.record
        people = watchers[(change.kind, record.pk)] | change.former_owners
        if change.kind == "item" and record.owner_id is not None:
            people.add(record.owner_id)
        people -= change.actors | {None}
        what = record.ref if change.kind == "item" else str(record)
        message = f"{what}: {'; '.join(change.phrases)}"
        kind = (
            Notification.Kind.ITEM_CHANGED
            if change.kind == "item"
            else Notification.Kind.SUMMIT_CHANGED
        )
        notifications += [
            Notification(
                user_id=user_id,
                kind=kind,
                key=change.key,
                message=message[:500],
                url=record.get_absolute_url(),
            )
            for user_id in sorted(people)
        ]
    return _recorded(notifications)


def _recorded(notifications: list[Notification]) -> list[int]:
    """Insert the notifications not recorded yet (by user and key); the ids of all."""
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    wanted = Q(pk__in=[])
    for notification in notifications:
        wanted |= Q(user_id=notification.user_id, key=notification.key)
    return list(Notification.objects.filter(wanted).values_list("pk", flat=True))


def reminders_create(today: dt.date, *, days: int | None = None) -> list[int]:
    """Remind each open item's owner once when it may fall due within `days` days
    (TRACKER_REMINDER_DAYS) and once when it is overdue; the reminders' ids.

    Keyed by the due date: running again the same day (or a retried task) adds nothing;
    a new due date earns a new reminder.
    """
    days = settings.TRACKER_REMINDER_DAYS if days is None else days
    owned = ActionItem.objects.filter(owner__isnull=False).only(
        "ref", "due_start", "due_precision", "owner"
    )
    reminders = []
    for label, condition in (
        ("due", due_within_q(days, today)),
        ("overdue", overdue_items_q(today)),
    ):
        for item in owned.filter(condition):
            due = item.due
            text = (
                f"{item.ref} may fall due within {days} days: due {due}."
                if label == "due"
                else f"{item.ref} is overdue: it was due {due}."
            )
            reminders.append(
                Notification(
                    user_id=item.owner_id,
                    kind=Notification.Kind.REMINDER,
                    key=f"{label}:{item.pk}:{item.due_start}:{item.due_precision}",
                    message=text,
                    url=item.get_absolute_url(),
                )
            )
    return _recorded(reminders)


def _deliveries(notifications: Iterable[Notification]) -> dict[tuple[int, str], str]:
    users = {n.user_id for n in notifications}
    return {
        (user_id, kind): delivery
        for user_id, kind, delivery in NotificationPreference.objects.filter(
            user_id__in=users
        ).values_list("user_id", "kind", "delivery")
    }


def _claimed(ids: Collection[int]) -> list[Notification]:
    """Take the notifications nobody has mailed or taken yet: one conditional UPDATE, so
    two workers (or a retry after a crash) never both mail one."""
    stamp = timezone.now()
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=stamp)
    return list(
        Notification.objects.filter(pk__in=ids, emailed_at=stamp)
        .select_related("user")
        .order_by("user_id", "created_at", "pk")
    )


def _send(claimed: list[Notification], messages: list[tuple[list[Notification], EmailMessage]]):
    """Send each message on its own; a refusal is kept on its notifications. A server
    that cannot be reached gives them back untaken (a retry sends them) and raises."""
    refusals: list[str] = []
    try:
        sent = mail_each([message for _, message in messages], refusals.append)
    except MailServerUnreachable:
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(emailed_at=None)
        raise
    refused = [pair for pair in messages if pair[1] not in sent]
    for (notifications, _), reason in zip(refused, refusals, strict=True):
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            mail_error=reason[:500]
        )
    return len(sent)


def _mail_context(user, notifications: list[Notification]) -> dict:
    return {"user": user, "notifications": notifications, "site_url": settings.TRACKER_SITE_URL}


def notifications_mail(ids: Collection[int]) -> int:
    """Mail each notification among `ids` whose user wants it immediately, each in its
    own message; the number sent. Those mailed already are left alone."""
    # A user without an address is left out: their notification stays unmailed.
    candidates = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).exclude(
        user__email=""
    )
    candidates = list(candidates.only("pk", "user_id", "kind"))
    deliveries = _deliveries(candidates)
    wanted = [
        n.pk
        for n in candidates
        if deliveries.get((n.user_id, n.kind), Delivery.IMMEDIATELY) == Delivery.IMMEDIATELY
    ]
    claimed = _claimed(wanted)
    messages = [
        (
            [n],
            EmailMessage(
                f"Summit tracker: {n.message}"[:200],
                render_to_string("summits/email/notifications.txt", _mail_context(n.user, [n])),
                to=[n.user.email],
            ),
        )
        for n in claimed
    ]
    return _send(claimed, messages) if messages else 0


def notifications_digest_mail() -> int:
    """Mail each user who chose the daily digest for a kind their unmailed notifications
    of that kind, in one message; the number of messages sent."""
    digest_kinds = NotificationPreference.objects.filter(delivery=Delivery.DIGEST)
    wanted = Q(pk__in=[])
    for user_id, kind in digest_kinds.values_list("user_id", "kind"):
        wanted |= Q(user_id=user_id, kind=kind)
    ids = Notification.objects.filter(wanted, emailed_at__isnull=True).exclude(user__email="")
    claimed = _claimed(list(ids.values_list("pk", flat=True)))
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in claimed:
        by_user[notification.user_id].append(notification)
    messages = [
        (
            notifications,
            EmailMessage(
                f"Summit tracker: {len(notifications)} notification(s) today",
                render_to_string(
                    "summits/email/notifications.txt",
                    _mail_context(notifications[0].user, notifications),
                ),
                to=[notifications[0].user.email],
            ),
        )
        for notifications in by_user.values()
    ]
    return _send(claimed, messages) if messages else 0
