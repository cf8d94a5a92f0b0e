"""Writes that span records: atomic, validated, used by admin, pages and imports alike."""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import TypedDict

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from .history import changes_since_version
from .models import (
    FINAL_STATUSES,
    ActionItem,
    Source,
    Status,
    StatusUpdate,
    StatusUpdateEvidence,
)

# Ids per `pk IN (...)` statement: below every backend's limit on query parameters.
CHUNK = 500


class EditConflict(ValidationError):
    """Someone saved the record after this editor opened it: their save must not be lost."""


def edit_conflict_message(item: ActionItem, base_version: int) -> str:
    lines = [
        f"{entry.who} changed {change.field} from “{change.old}” to “{change.new}” "
        f"({entry.when:%d %b %Y %H:%M})"
        for entry in changes_since_version(item, base_version)
        for change in entry.changes
    ]
    told = "; ".join(lines) or "it was saved again"
    return (
        f"Someone else saved {item.ref} while you were editing it: {told}. "
        "Your changes were not saved. Review them against the current values and save again."
    )


@transaction.atomic
def action_item_claim_version(*, item: ActionItem, base_version: int) -> None:
    """Take the next version of an item, or refuse if it moved on since `base_version`.

    One conditional UPDATE, so two concurrent saves can never both succeed: the second
    matches no row (PostgreSQL re-checks the condition after the first commits).
    """
    claimed = ActionItem.objects.filter(pk=item.pk, version=base_version).update(
        version=base_version + 1
    )
    if not claimed:
        raise EditConflict(edit_conflict_message(item, base_version), code="conflict")
    item.version = base_version + 1


@transaction.atomic
def action_item_create(*, item: ActionItem, author: AbstractBaseUser | None = None) -> ActionItem:
    """Save a new item with the first update an imported report gives its items:
    "not started", as of today. Without one it would count as stale ("last update
    never") from the moment it exists."""
    item.full_clean()
    item.save()
    status_update_record(
        action_item=item,
        status=Status.NOT_STARTED,
        as_of=timezone.localdate(),
        note="Recorded; no action seen yet.",
        author=author,
    )
    return item


@transaction.atomic
def action_item_set_owner(
    *, item: ActionItem, owner: AbstractBaseUser | None, base_version: int
) -> None:
    """Make `owner` follow the item up, unless someone saved it since `base_version`."""
    action_item_claim_version(item=item, base_version=base_version)
    item.owner = owner
    # Only the owner: the status fields follow the updates and may have moved meanwhile.
    item.save(update_fields=["owner"])


class NewSource(TypedDict):
    """A source typed in beside a status update, recorded with it."""

    title: str
    publisher: str
    published_on: dt.date
    url: str


@transaction.atomic
def source_create(*, title: str, publisher: str, published_on: dt.date, url: str = "") -> Source:
    """A new source with a readable unique slug, or the one already recorded at that URL.

    Reusing the recorded source keeps one record per document, so everything it
    supports shows on one source page.
    """
    if url and (recorded := Source.objects.filter(url=url).first()):
        return recorded
    # The fixtures' convention: "2025-11-20-ani-india-russia-summit-preparations".
    stem = slugify(f"{published_on:%Y-%m-%d} {publisher} {title}")[:110].strip("-")
    taken = set(Source.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    slug, number = stem, 1
    while slug in taken:
        number += 1
        slug = f"{stem}-{number}"
    source = Source(slug=slug, title=title, publisher=publisher, published_on=published_on, url=url)
    source.full_clean()
    source.save()
    return source


def status_update_evidence_check(*, status: str, evidence: Collection[Source]) -> None:
    """A final status must cite at least one source: a claim that a commitment was
    kept or broken is only as good as its evidence. The pages, the admin and the importer
    all ask here."""
    if status in FINAL_STATUSES and not evidence:
        raise ValidationError(
            {"evidence": "A final status needs at least one source as evidence."},
            code="evidence_required",
        )


@transaction.atomic
def status_update_record(
    *,
    action_item: ActionItem,
    status: str,
    as_of: dt.date,
    note: str = "",
    evidence: Iterable[Source] = (),
    new_source: NewSource | None = None,
    quote: str = "",
    quotes: Mapping[Source, str] | None = None,
    author: AbstractBaseUser | None = None,
) -> StatusUpdate:
    """Record one dated assessment of an item; the item's status follows its latest update.

    `new_source`, if given, is recorded (see source_create) and cited with `evidence`.
    Each source is cited with `quote`, or with its own in `quotes` (the admin's rows).
    """
    evidence = list(evidence)
    if new_source is not None:
        evidence.append(source_create(**new_source))
    status_update_evidence_check(status=status, evidence=evidence)
    # Lock the item: two updates recorded at once for the same day must not both take
    # the same sequence number (PostgreSQL; SQLite writes one at a time anyway).
    ActionItem.objects.select_for_update().filter(pk=action_item.pk).values_list("pk").get()
    last = action_item.status_updates.filter(as_of=as_of).aggregate(last=Max("sequence"))["last"]
    update = StatusUpdate(
        action_item=action_item,
        as_of=as_of,
        sequence=(last or 0) + 1,
        status=status,
        note=note,
        author=author if author is not None and author.is_authenticated else None,
    )
    update.full_clean()
    update.save()
    # One by one, not bulk_create: each row's save writes its entry in the audit trail.
    for source in evidence:
        StatusUpdateEvidence.objects.create(
            status_update=update, source=source, quote=(quotes or {}).get(source, quote)
        )
    action_item.refresh_from_db(fields=["status", "status_as_of"])
    return update


@transaction.atomic
def status_update_record_many(
    *,
    action_items: Iterable[ActionItem],
    evidence: Iterable[Source] = (),
    new_source: NewSource | None = None,
    **update,
) -> list[StatusUpdate]:
    """The same update for many items: all recorded, or none; a new source recorded once."""
    evidence = list(evidence)
    if new_source is not None:
        evidence.append(source_create(**new_source))
    return [
        status_update_record(action_item=item, evidence=evidence, **update) for item in action_items
    ]


def action_items_status_refresh(*, item_ids: Collection[int] | None = None) -> None:
    """Set each item's status and last-update day to its latest update's (by as-of, then
    sequence); an item without updates is "not started", never updated.

    The one home of that rule: signals.py (on every save, delete and fixture load),
    the importer and the synthetic data use it. One UPDATE per chunk of ids, or one for
    every item when `item_ids` is None (after bulk inserts, which send no signals).
    """
    latest = StatusUpdate.objects.filter(action_item=OuterRef("pk")).order_by("-as_of", "-sequence")
    values = {
        "status": Coalesce(Subquery(latest.values("status")[:1]), Value(Status.NOT_STARTED)),
        "status_as_of": Subquery(latest.values("as_of")[:1]),
    }
    if item_ids is None:
        ActionItem.objects.update(**values)
        return
    ids = list(item_ids)
    for start in range(0, len(ids), CHUNK):
        ActionItem.objects.filter(pk__in=ids[start : start + CHUNK]).update(**values)
