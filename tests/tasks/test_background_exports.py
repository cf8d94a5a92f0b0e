"""An XLSX export above TRACKER_BACKGROUND_EXPORT_ROWS is written by the worker, not the
request: the same rows as the streamed export, progress the job page shows, a file only
its owner downloads, deleted after a day."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from summits.lists.background import counted
from summits.models import ActionItem, ExportJob, Summit
from tests.factories import client_signed_in, user_create
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
LIST = reverse("summits:actionitem-list")
# More items than a chunk of rows, so the worker reports progress more than once.
ITEMS = 2100
FILTER = {"q": "MANY-", "sort": "-ref"}


@pytest.fixture
def export_settings(settings, tmp_path):
    settings.TRACKER_BACKGROUND_EXPORT_ROWS = 100
    settings.TRACKER_EXPORT_DIR = tmp_path / "exports"
    return settings


@pytest.fixture
def many_items(seed):
    summit = Summit.objects.first()
    ActionItem.objects.bulk_create(
        ActionItem(ref=f"MANY-{number:05}", title=f"Commitment {number}", target_summit=summit)
        for number in range(ITEMS)
    )


@pytest.fixture
def progress():
    """Each (state, rows done, rows total) a job is saved with, in order (the worker's)."""
    seen: list[tuple[str, int, int]] = []

    def record(instance, **kwargs):
        seen.append((instance.state, instance.rows_done, instance.rows_total))

    post_save.connect(record, sender=ExportJob, weak=False)
    yield seen
    post_save.disconnect(record, sender=ExportJob)


def _sheet_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.usefixtures("many_items")
def test_a_large_xlsx_export_is_written_by_the_worker_with_the_streamed_exports_rows(
    export_settings, start_worker, progress
):
    alice = user_create("alice", "Viewers")
    client = client_signed_in(alice)
    response = client.get(LIST, {**FILTER, "_export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("summits:export-job", args=[job.pk])
    assert (job.owner, job.list_key, job.state) == (alice, "action-items", "queued")
    assert (job.rows_done, job.rows_total) == (0, ITEMS)
    assert job.filename.startswith("action-items-q-many-")
    page = client.get(response["Location"])
    assert b'<progress id="export-progress" max="2100" value="0">' in page.content
    assert b'hx-trigger="every 2s"' in page.content

    worker = start_worker()
    wait_for(lambda: ExportJob.objects.filter(state="done").exists())
    worker.stop()

    job.refresh_from_db()
    assert (job.rows_done, job.rows_total) == (ITEMS, ITEMS)
    assert job.finished_at is not None
    states = [state for state, _done, _total in progress]
    assert states == ["queued", "running", "running", "running", "running", "done"]
    done = [rows for _state, rows, _total in progress]
    assert done == [0, 0, 1000, 2000, ITEMS, ITEMS]
    # The status part, as htmx asks for it: no more polling, a download link.
    status = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"hx-trigger" not in status.content and b"<h1>" not in status.content
    assert reverse("summits:export-job-download", args=[job.pk]).encode() in status.content

    download = client.get(reverse("summits:export-job-download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    written = _sheet_rows(b"".join(download.streaming_content))
    # Below the threshold, the same filter streams its file from the request itself.
    export_settings.TRACKER_BACKGROUND_EXPORT_ROWS = ITEMS
    streamed = client.get(LIST, {**FILTER, "_export": "xlsx"})
    assert streamed.status_code == 200 and ExportJob.objects.count() == 1
    assert written == _sheet_rows(b"".join(streamed.streaming_content))
    assert len(written) == ITEMS + 1 and written[1][0] == "MANY-02099"


@pytest.mark.usefixtures("many_items")
def test_a_background_export_keeps_the_users_columns(export_settings, start_worker):
    alice = user_create("alice", "Viewers")
    client = client_signed_in(alice)
    client.post(LIST, {"columns": ["ref", "title"]})
    client.get(LIST, {**FILTER, "_export": "xlsx"})
    worker = start_worker()
    job = wait_for(lambda: ExportJob.objects.filter(state="done").first())
    worker.stop()
    rows = _sheet_rows(b"".join(client.get(f"{job.get_absolute_url()}download/").streaming_content))
    assert rows[0] == ["Reference", "Title"]


@pytest.mark.usefixtures("many_items")
def test_only_the_jobs_owner_sees_it_or_downloads_it(export_settings, start_worker):
    alice, bob = user_create("alice", "Viewers"), user_create("bob", "Analysts")
    client_signed_in(alice).get(LIST, {**FILTER, "_export": "xlsx"})
    worker = start_worker()
    job = wait_for(lambda: ExportJob.objects.filter(state="done").first())
    worker.stop()
    other = client_signed_in(bob)
    assert other.get(job.get_absolute_url()).status_code == 403
    assert other.get(reverse("summits:export-job-download", args=[job.pk])).status_code == 403
    assert client_signed_in(alice).get(f"{job.get_absolute_url()}download/").status_code == 200


@pytest.mark.usefixtures("many_items")
def test_a_user_who_may_not_read_starts_no_export(export_settings):
    nobody = user_create("nobody")
    response = client_signed_in(nobody).get(LIST, {**FILTER, "_export": "xlsx"})
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


@pytest.mark.usefixtures("many_items")
def test_a_job_whose_owner_lost_access_fails_with_why_and_writes_nothing(
    export_settings, start_worker
):
    alice = user_create("alice", "Viewers")
    client = client_signed_in(alice)
    client.get(LIST, {**FILTER, "_export": "xlsx"})
    alice.groups.clear()
    worker = start_worker()
    job = wait_for(lambda: ExportJob.objects.filter(state="failed").first())
    worker.stop()
    assert job.error == "Your account may no longer read the tracker."
    assert not job.path.exists()
    alice.groups.add(*user_create("x", "Viewers").groups.all())
    page = client.get(job.get_absolute_url())
    assert b"Your account may no longer read the tracker." in page.content
    assert b'role="alert"' in page.content
    assert client.get(f"{job.get_absolute_url()}download/").status_code == 404


def test_progress_is_reported_every_chunk_of_rows_and_at_the_end():
    reported: list[int] = []
    rows = counted(iter([["header"], *([n] for n in range(2500))]), reported.append)
    assert next(rows) == ["header"]
    assert sum(1 for _ in rows) == 2500
    assert reported == [1000, 2000, 2500]


def test_expire_exports_deletes_files_older_than_a_day(export_settings, seed):
    alice = user_create("alice", "Viewers")
    now = dt.datetime(2026, 6, 2, 12, tzinfo=dt.UTC)
    export_settings.TRACKER_EXPORT_DIR.mkdir()
    jobs = {}
    for name, hours in (("old", 25), ("new", 23)):
        jobs[name] = ExportJob.objects.create(
            owner=alice,
            list_key="action-items",
            filename=f"{name}.xlsx",
            state="done",
            created_at=now - dt.timedelta(hours=hours),
        )
        jobs[name].path.write_bytes(b"xlsx")
    with time_machine.travel(now, tick=False):
        call_command("expire_exports", stdout=io.StringIO())
        assert timezone.now() == now
    for job in jobs.values():
        job.refresh_from_db()
    assert (jobs["old"].state, jobs["old"].path.exists()) == ("expired", False)
    assert (jobs["new"].state, jobs["new"].path.exists()) == ("done", True)
    client = client_signed_in(alice)
    assert client.get(f"{jobs['old'].get_absolute_url()}download/").status_code == 404
    assert b"Expired" in client.get(jobs["old"].get_absolute_url()).content


@pytest.mark.usefixtures("many_items")
def test_the_lists_xlsx_link_leads_to_the_job_page_above_the_threshold(export_settings):
    client = client_signed_in(user_create("alice", "Viewers"))
    page = client.get(LIST, FILTER).content.decode()
    # A `download` link would save the job page as the spreadsheet's file.
    assert "_export=xlsx" in page and "download>XLSX" not in page
    assert ", prepared in the background</span>" in page
    assert "download>CSV</a>" in page
    export_settings.TRACKER_BACKGROUND_EXPORT_ROWS = ITEMS
    assert "download>XLSX</a>" in client.get(LIST, FILTER).content.decode()


@pytest.mark.usefixtures("many_items")
def test_filters_too_long_to_keep_are_refused_with_why(export_settings):
    client = client_signed_in(user_create("alice", "Viewers"))
    response = client.get(
        LIST, {**FILTER, "sort": [f"no-column-{n}" for n in range(200)], "_export": "xlsx"}
    )
    assert response.status_code == 400
    assert response.content.startswith(b"Nothing exported: ")
    assert not ExportJob.objects.exists()
