"""Background imports: a report upload of more than TRACKER_BACKGROUND_IMPORT_RECORDS
records is kept as a file under TRACKER_IMPORT_DIR and recorded as an ImportJob, which a
task (summits/tasks.py: import_run) checks or imports with the same report_import as the
admin's import page: one transaction, all or nothing. The job page shows its progress,
then the plan as that page shows it, to its owner only."""

import dataclasses
import datetime as dt

from django.core.cache import cache

from .. import services
from ..models import ImportJob
from . import (
    FieldUpdate,
    ImportPlan,
    Problem,
    RecordChange,
    ReportFile,
    ReportInvalid,
    report_import,
    report_import_allowed,
)

# How long the progress of a running job is kept in the cache (longer than any import).
PROGRESS_KEPT = dt.timedelta(days=1)


def progress_key(job: ImportJob) -> str:
    return f"summits:import-job:{job.pk}:progress"


def job_progress(job: ImportJob) -> tuple[int, int]:
    """Records done and in all: as the running task last reported them, else as saved."""
    if job.state == ImportJob.State.RUNNING:
        return cache.get(progress_key(job), (job.records_done, job.records_total))
    return job.records_done, job.records_total


def plan_result(plan: ImportPlan) -> dict:
    """What the import page shows of a plan, to keep on the job (JSON)."""
    return {
        "dry_run": plan.dry_run,
        "summary": plan.summary(),
        "changes": [dataclasses.asdict(change) for change in plan.changes],
        "warnings": [dataclasses.asdict(problem) for problem in plan.warnings],
        "errors": [dataclasses.asdict(problem) for problem in plan.errors],
    }


def result_plan(result: dict) -> ImportPlan:
    """The plan kept by plan_result, for the import page's template."""
    changes = [
        RecordChange(**{**change, "fields": tuple(FieldUpdate(**f) for f in change["fields"])})
        for change in result.get("changes", [])
    ]
    return ImportPlan(
        files=[],
        errors=[Problem(**problem) for problem in result.get("errors", [])],
        warnings=[Problem(**problem) for problem in result.get("warnings", [])],
        changes=changes,
        dry_run=result.get("dry_run", True),
    )


def import_job_run(job_id: int) -> int:
    """Check or import the job's file; the records checked or written. A job already
    taken (a task run twice) is left alone; an owner who may no longer import fails it."""
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    if job.state != ImportJob.State.QUEUED:
        return 0
    if not report_import_allowed(job.owner):
        services.import_job_fail(job=job, error="Your account may no longer import reports.")
        job.path.unlink(missing_ok=True)
        return 0
    services.import_job_start(job=job)
    key = progress_key(job)

    def progress(done: int, total: int) -> None:
        # Into the cache, not the job: the import's transaction would hide (and, refused,
        # roll back) the job's row until it ends.
        cache.set(key, (done, total), PROGRESS_KEPT.total_seconds())

    try:
        data = job.path.read_bytes()
        report = ReportFile(name=job.file_name, data=data, size=len(data))
        try:
            plan = report_import(
                files=[report],
                user=job.owner,
                dry_run=job.dry_run,
                accept_drafts=job.accept_drafts,
                progress=progress,
            )
        except ReportInvalid as invalid:
            plan = invalid.plan
        records = len(plan._records)
        services.import_job_finish(job=job, result=plan_result(plan), records=records)
    except Exception as error:
        services.import_job_fail(job=job, error=f"The import failed: {error}")
        raise
    finally:
        cache.delete(key)
        if not (job.dry_run and job.state == ImportJob.State.DONE):
            # Kept only for a check to be confirmed; an import's file is done with.
            job.path.unlink(missing_ok=True)
    return records
