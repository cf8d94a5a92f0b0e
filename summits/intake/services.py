"""Writes of report intake: a draft created, its records reviewed, the reviewed draft imported.

Each is atomic and locks the draft's row, so two analysts reviewing one draft at once
never lose each other's decisions.
"""

import datetime as dt
import json
from typing import Literal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import Truncator

from ..drafting import report_draft
from ..importing import ImportPlan, ReportFile, report_import
from ..models import ReportDraft
from .records import (
    ACCEPTED,
    DROPPED,
    UNREVIEWED,
    clean_text,
    clean_value,
    drop,
    fixture_json,
    fixture_records,
    key_value,
    model_of,
    record_key,
    record_label,
    recorded_labels,
    replace_references,
    review_state,
    set_review,
)

Action = Literal["accept", "drop", "restore"]


class DraftUnreviewed(ValidationError):
    """Records nobody has accepted or dropped yet: a draft is not imported unread."""


def _user(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def report_draft_create(
    *,
    text: str,
    publisher: str,
    published: dt.date,
    title: str = "",
    url: str = "",
    file_name: str = "",
    user: AbstractBaseUser | None = None,
) -> ReportDraft:
    """Draft the records a report gives, and keep them with the report for review."""
    text = clean_text(text)
    if not text.strip():
        raise ValidationError({"text": "The report has no text: paste it, or upload its file."})
    publisher, title, url = clean_text(publisher).strip(), clean_text(title).strip(), url.strip()
    records = clean_value(
        report_draft(
            text=text, publisher=publisher, published=published, source_url=url, title=title
        )
    )
    for record in records:
        set_review(record, UNREVIEWED)
    source = next((r for r in records if r.get("model") == "summits.source"), {})
    title = title or str(source.get("fields", {}).get("title") or "Untitled report")
    draft = ReportDraft(
        title=Truncator(title).chars(300),
        publisher=Truncator(publisher).chars(200),
        published_on=published,
        url=url,
        file_name=Truncator(clean_text(file_name)).chars(300),
        text=text,
        records=records,
        created_by=_user(user),
    )
    draft.full_clean()
    draft.save()
    return draft


def _locked(draft: ReportDraft) -> ReportDraft:
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.state == ReportDraft.State.IMPORTED:
        raise ValidationError("This draft is imported already: nothing in it changes now.")
    return draft


def _reviewed(draft: ReportDraft, user: AbstractBaseUser | None) -> None:
    """Note who reviewed last; the draft is reviewed once no record waits for a decision."""
    waiting = any(review_state(record) == UNREVIEWED for record in draft.records)
    draft.state = ReportDraft.State.DRAFT if waiting else ReportDraft.State.REVIEWED
    draft.reviewed_by, draft.reviewed_at = _user(user), timezone.now()
    draft.save(update_fields=["records", "state", "reviewed_by", "reviewed_at"])


def _record(draft: ReportDraft, index: int) -> dict:
    if not 0 <= index < len(draft.records):
        raise ValidationError("No such record in this draft.")
    return draft.records[index]


@transaction.atomic
def report_draft_record_update(
    *,
    draft: ReportDraft,
    index: int,
    action: Action,
    fields: dict | None = None,
    user: AbstractBaseUser | None = None,
) -> ReportDraft:
    """Accept a record (with the fields as edited, if given), drop it, or restore it.

    An edited key (a slug, a reference) is followed by every record that refers to it;
    a drop takes the records that depend on it along (see records.drop).
    """
    draft = _locked(draft)
    records = draft.records
    record = _record(draft, index)
    if action == "accept":
        if fields is not None:
            old_key, model = record_key(record), model_of(record)
            record["fields"] = clean_value(fields)
            new_key = key_value(record)
            if model is not None and old_key is not None and new_key is not None:
                replace_references(records, model, old_key, new_key)
        set_review(record, ACCEPTED)
    elif action == "drop":
        recorded = _recorded(records)
        who = f" by {user.get_username()}" if _user(user) else ""
        drop(records, index, f"dropped{who}", recorded)
    elif action == "restore":
        set_review(record, UNREVIEWED)
    else:
        raise ValidationError(f"Unknown action {action!r}: accept, drop or restore.")
    _reviewed(draft, user)
    return draft


def _recorded(records: list[dict]) -> set:
    keys = [(r["model"], key) for r in records if (key := record_key(r)) is not None]
    return set(recorded_labels(keys))


@transaction.atomic
def report_draft_record_replace(
    *,
    draft: ReportDraft,
    index: int,
    existing: models.Model,
    user: AbstractBaseUser | None = None,
) -> ReportDraft:
    """Use a recorded record instead of a drafted one: every reference follows, the
    drafted one is dropped."""
    draft = _locked(draft)
    record = _record(draft, index)
    model, old_key = model_of(record), record_key(record)
    if model is None or old_key is None or not isinstance(existing, model):
        raise ValidationError("Only a recorded record of the same kind can stand in for it.")
    new_key = json.loads(json.dumps(existing.natural_key(), cls=DjangoJSONEncoder))
    replace_references(draft.records, model, old_key, new_key)
    set_review(record, DROPPED, f"the recorded {model._meta.verbose_name} “{existing}” is used")
    _reviewed(draft, user)
    return draft


@transaction.atomic
def report_draft_import(*, draft: ReportDraft, user: AbstractBaseUser | None = None) -> ImportPlan:
    """Import the reviewed records through the importer: all of them, or none.

    Refused while a record is unreviewed (DraftUnreviewed names them); an invalid record
    raises the importer's ReportInvalid, with every error. The fixture imported is kept
    with the draft, with what each record's import did.
    """
    draft = _locked(draft)
    waiting = [
        record_label(record, {}) for record in draft.records if review_state(record) == UNREVIEWED
    ]
    if waiting:
        raise DraftUnreviewed(
            f"{len(waiting)} record(s) are not reviewed yet: accept or drop {'; '.join(waiting)}.",
            code="unreviewed",
        )
    records = fixture_records(draft.records)
    if not records:
        raise ValidationError("Every record is dropped: there is nothing to import.")
    text = fixture_json(records)
    data = text.encode()
    recorded = _recorded(records)
    plan = report_import(
        files=[ReportFile(name=draft.fixture_name, data=data, size=len(data))], user=_user(user)
    )
    changed = {change.position for change in plan.changes}
    draft.outcomes = [
        {
            "model": record["model"],
            "key": key_value(record),
            "outcome": "updated"
            if position in changed
            else "unchanged"
            if (record["model"], record_key(record)) in recorded
            else "created",
        }
        for position, record in enumerate(records, start=1)
    ]
    draft.fixture = text
    draft.state = ReportDraft.State.IMPORTED
    draft.save(update_fields=["fixture", "outcomes", "state"])
    draft.imports.set(plan.imports)
    return plan
