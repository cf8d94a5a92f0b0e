"""Background exports: an XLSX export of more than TRACKER_BACKGROUND_EXPORT_ROWS rows is
recorded as an ExportJob and written by a task (summits/tasks.py: export_write) with the
same page, FilterSet, table and writer (exports.xlsx_write) as a streamed export, to a
file under TRACKER_EXPORT_DIR named by the job's id. The job page shows its progress,
then the download, to its owner only."""

import datetime as dt
import os
from collections.abc import Callable, Iterator

from django.http import QueryDict

from .. import services
from ..access import may_read
from ..models import ExportJob
from .exports import CHUNK_SIZE, table_rows, xlsx_write
from .pages import view_list_query

# A job's file is kept this long after the job was created (expire_exports).
KEPT = dt.timedelta(days=1)


def counted(rows: Iterator[list], report: Callable[[int], None]) -> Iterator[list]:
    """The header and rows as they are, reporting how many rows have passed every
    CHUNK_SIZE rows and once at the end."""
    yield next(rows)
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % CHUNK_SIZE == 0:
            report(done)
    report(done)


def export_job_run(job_id: int) -> int:
    """Write the job's file; the rows written. A job already taken (a task run twice) is
    left alone; a list that can no longer be exported as asked fails the job with why."""
    from ..views import LIST_PAGES  # the list pages import this module's callers

    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    if job.state != ExportJob.State.QUEUED:
        return 0
    if not may_read(job.owner):  # taken out of the groups since: nothing is written
        services.export_job_fail(job=job, error="Your account may no longer read the tracker.")
        return 0
    page = LIST_PAGES[job.list_key]()
    query, columns = view_list_query(job.query)
    params = QueryDict(query)
    filterset = page.filterset_class(params, queryset=page.queryset.all())
    if filterset.problems:
        services.export_job_fail(job=job, error="\n".join(filterset.problems))
        return 0
    shown = columns or page.table_class.default_columns
    table = page.table_of(filterset, params, exclude=page.table_class.hidden_columns(shown))
    queryset = table.data.data
    services.export_job_progress(job=job, rows_done=0, rows_total=queryset.count())

    def report(done: int) -> None:
        # Rows added since the count: the total grows with them, the bar stays honest.
        services.export_job_progress(job=job, rows_done=done, rows_total=max(done, job.rows_total))

    path = job.path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    try:
        rows = counted(table_rows(table, queryset), report)
        with partial.open("wb") as file:
            xlsx_write(rows, page.title, file)
        os.replace(partial, path)  # whole or not there: never half a file to download
    except Exception as error:
        partial.unlink(missing_ok=True)
        services.export_job_fail(job=job, error=f"The export failed: {error}")
        raise
    services.export_job_done(job=job, rows_done=job.rows_done)
    return job.rows_done
