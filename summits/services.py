"""Writes that span records: atomic, validated, used by admin, pages and imports alike."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .history import changes_since_version
from .models import FINAL_STATUSES, ActionItem, Source, StatusUpdate, StatusUpdateEvidence


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
def status_update_record(
    *,
    action_item: ActionItem,
    status: str,
    as_of: dt.date,
    note: str = "",
    evidence: Iterable[Source] = (),
    quote: str = "",
    author: AbstractBaseUser | None = None,
) -> StatusUpdate:
    """Record one dated assessment of an item; the item's status follows its latest update."""
    evidence = list(evidence)
    if status in FINAL_STATUSES and not evidence:
        raise ValidationError({"evidence": "A final status needs at least one source as evidence."})
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
    StatusUpdateEvidence.objects.bulk_create(
        StatusUpdateEvidence(status_update=update, source=source, quote=quote)
        for source in evidence
    )
    action_item.refresh_from_db(fields=["status", "status_as_of"])
    return update


@transaction.atomic
def status_update_record_many(
    *, action_items: Iterable[ActionItem], **update
) -> list[StatusUpdate]:
    """The same update for many items: all recorded, or none."""
    return [status_update_record(action_item=item, **update) for item in action_items]
