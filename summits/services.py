"""Writes that span records: atomic, validated, used by admin, pages and imports alike."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .models import FINAL_STATUSES, ActionItem, Source, StatusUpdate, StatusUpdateEvidence


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
