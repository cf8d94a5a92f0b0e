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

The entry points are here; the steps they run, in order, are in
`contract.py` (what a file may hold at all), `reading.py` (files into records),
`checking.py` (keys, references, each record validated, what changes), `constraints.py`
(the database's CHECK and unique rules judged in Python), `plan.py` (the plan and its
text) and `writing.py` (rows, links, statuses and history); `records.py` holds what they
share.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import Truncator

from ..bulk import statistics_refresh
from ..caching import kinds_of, records_changed
from ..models import ActionItem, ReportImport, StatusUpdate, record_models
from .checking import _build, _deduplicate, _existing, _resolve
from .constraints import _check_unique
from .cross_checks import _check_evidence, _check_relations, _check_signatories
from .plan import (
    FieldUpdate,
    ImportPlan,
    Problem,
    RecordChange,
    Reported,
    ReportFile,
    ReportInvalid,
    format_plan,
)
from .reading import _parse_file, report_file_read
from .records import _info as _info  # tests read a model's import rules through it
from .records import _KeyIndex, _Record
from .writing import _refresh_statuses, _write_history, _write_links, _write_model

__all__ = [
    "FieldUpdate",
    "ImportPlan",
    "Problem",
    "RecordChange",
    "ReportFile",
    "ReportInvalid",
    "Reported",
    "format_plan",
    "report_file_read",
    "report_import",
    "report_import_allowed",
    "report_validate",
]

# An import of this many records refreshes the planner's statistics of what it wrote
# (bulk.statistics_refresh): a report typed by hand is a few hundred records.
ANALYZE_AFTER_RECORDS = 1000


def report_validate(
    *, files: Sequence[ReportFile], accept_drafts: bool = False, dry_run: bool = False
) -> ImportPlan:
    """Read and check report files, and work out what importing them would change.

    Writes nothing. The plan lists every error and warning, and per model how many
    records would be created, updated or left unchanged, with the fields that change.
    A record still holding the drafter's "draft" note is an error, unless accept_drafts
    makes it a warning; for a dry run it is a warning counted in plan.drafts_pending,
    so a draft under review can be checked for everything else.
    """
    plan = ImportPlan(files=list(files))
    records: list[_Record] = []
    for report in files:
        records.extend(_parse_file(report, plan, accept_drafts=accept_drafts, dry_run=dry_run))
    records = _deduplicate(records, plan)
    index = _KeyIndex()
    _resolve(records, index, plan)
    linked = _existing(records)
    _build(records, index, linked, plan)
    _check_unique(records, index, plan)
    _check_evidence(records, plan)
    _check_signatories(records, plan)
    _check_relations(records, plan)
    plan._records, plan._index = records, index
    return plan


def report_import(
    *,
    files: Sequence[ReportFile],
    user: AbstractBaseUser | None = None,
    dry_run: bool = False,
    accept_drafts: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Validate report files, then upsert all their records in one transaction, or none.

    Raises ReportInvalid (holding the plan with every error) when any file has an error;
    then nothing is written. With dry_run, returns the plan without writing. Records still
    marked draft are errors unless accept_drafts, or warnings in a dry run (see
    report_validate).

    `progress(done, total)`, if given, is told how many of the checked records are written
    so far: 0 once they are checked, then after each model's records (written in bulk);
    a dry run's records count as done once checked. It is called inside the transaction,
    so it must not write to the database (which would be rolled back with the import).
    """
    report = progress or (lambda done, total: None)
    if dry_run:
        plan = report_validate(files=files, accept_drafts=accept_drafts, dry_run=True)
        if not plan.ok:
            raise ReportInvalid(plan)
        report(len(plan._records), len(plan._records))
        return plan
    try:
        with transaction.atomic():
            # Validated inside the transaction, so the plan matches what is written.
            plan = report_validate(files=files, accept_drafts=accept_drafts)
            if not plan.ok:
                raise ReportInvalid(plan)
            plan.dry_run = False
            report(0, len(plan._records))
            _write(plan, user if user is not None and user.is_authenticated else None, report)
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


def _write(
    plan: ImportPlan, user: AbstractBaseUser | None, progress: Callable[[int, int], None]
) -> None:
    index = plan._index
    assert index is not None
    by_model: dict[type[models.Model], list[_Record]] = defaultdict(list)
    for record in plan._records:
        by_model[record.info.model].append(record)
    order = [model for model in record_models() if model in by_model]
    written = 0
    for model in order:
        _write_model(model, by_model[model], index)
        written += len(by_model[model])
        progress(written, len(plan._records))
    _write_links(plan._records, index)
    # Rows written in bulk send no signals to the cache: its records, their links and
    # history (an update's item takes its status); their summits are not looked up
    # (every summit's figures go).
    records_changed(kinds_of([*order, ActionItem] if StatusUpdate in by_model else order))
    if len(plan._records) >= ANALYZE_AFTER_RECORDS:
        statistics_refresh(order)
    refreshed = _refresh_statuses(plan._records)
    now = timezone.now()
    for model in order:
        also = refreshed if model is ActionItem else []
        _write_history(model, by_model[model], also, user, now)
    if refreshed and ActionItem not in by_model:
        _write_history(ActionItem, [], refreshed, user, now)
    plan.imports = [
        ReportImport.objects.create(
            file_name=Truncator(Path(report.name).name).chars(
                ReportImport._meta.get_field("file_name").max_length
            ),
            sha256=report.sha256,
            imported_by=user,
            imported_at=now,
            summary=plan.summary(report.name),
        )
        for report in plan.files
    ]


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
