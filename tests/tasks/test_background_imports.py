"""A report upload above TRACKER_BACKGROUND_IMPORT_RECORDS is checked, then imported, by
the worker with the same report_import as the admin's page: the same records written,
the same errors refused, progress the job page shows, to its owner alone."""

import json

import pytest
from django.db import transaction
from django.urls import reverse

from benchmarks.import_vs_loaddata import build_fixture
from summits.importing import ReportFile, report_import
from summits.models import ImportJob, ReportImport, record_models
from tests.factories import client_signed_in, report_upload, user_create
from tests.tasks.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
IMPORT_URL = reverse("admin:summits_reportimport_import")
RECORDS = 300


@pytest.fixture
def import_settings(settings, tmp_path):
    settings.TRACKER_BACKGROUND_IMPORT_RECORDS = 100
    settings.TRACKER_IMPORT_DIR = tmp_path / "imports"
    return settings


@pytest.fixture
def records() -> list[dict]:
    return build_fixture(RECORDS)


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model.objects.count() for model in record_models()}


def _synchronous_counts(records: list[dict]) -> dict[str, int]:
    """The rows per model after importing `records` in the request's way, rolled back."""
    data = json.dumps(records).encode()
    with transaction.atomic():
        report_import(files=[ReportFile(name="big.json", data=data, size=len(data))])
        counts = _counts()
        transaction.set_rollback(True)
    return counts


def _upload(client, records: list[dict], **fields):
    return client.post(
        IMPORT_URL, {"check": "1", "file": report_upload(records, name="big.json"), **fields}
    )


def test_a_large_upload_is_checked_then_imported_by_the_worker(
    import_settings, records, start_worker
):
    expected = _synchronous_counts(records)
    before = _counts()
    assert expected != before
    alice = user_create("alice", "Analysts")
    client = client_signed_in(alice)
    response = _upload(client, records)
    check = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == check.get_absolute_url()
    assert (check.owner, check.dry_run, check.state) == (alice, True, "queued")
    assert (check.records_done, check.records_total) == (0, RECORDS)
    assert check.path.read_bytes() == json.dumps(records).encode()
    page = client.get(response["Location"])
    assert b'<progress id="import-progress" max="300" value="0">' in page.content
    assert b'hx-trigger="every 2s"' in page.content

    worker = start_worker()
    wait_for(lambda: ImportJob.objects.filter(state="done").exists())
    worker.stop()  # SQLite's shared test database: no queries beside the worker's
    check.refresh_from_db()
    assert _counts() == before  # a check writes nothing
    assert (check.records_done, check.records_total) == (RECORDS, RECORDS)
    status = client.get(check.get_absolute_url(), headers={"HX-Request": "true"})
    assert b"hx-trigger" not in status.content and b"<h1>" not in status.content
    assert "Checked <strong>big.json</strong>: no errors" in status.text
    assert 'id="import-summary"' in status.text and 'name="confirm"' in status.text

    confirmed = client.post(check.get_absolute_url(), {"confirm": "1"})
    job = ImportJob.objects.get(dry_run=False)
    assert confirmed["Location"] == job.get_absolute_url()
    assert list(check.path.parent.iterdir()) == [job.path]  # the file moved to the import
    worker = start_worker()
    wait_for(lambda: ImportJob.objects.filter(dry_run=False, state="done").exists())
    worker.stop()

    job.refresh_from_db()
    assert _counts() == expected
    assert (job.records_done, job.records_total) == (RECORDS, RECORDS)
    assert not job.path.exists()
    log = ReportImport.objects.get()
    assert (log.file_name, log.imported_by) == ("big.json", alice)
    page = client.get(job.get_absolute_url())
    assert "Imported <strong>big.json</strong>" in page.text
    assert 'name="confirm"' not in page.text
    # The check is spent: confirming it again imports nothing more.
    again = client.post(check.get_absolute_url(), {"confirm": "1"})
    assert again["Location"] == IMPORT_URL
    assert ImportJob.objects.count() == 2


def test_a_refused_file_writes_nothing_and_the_job_lists_its_errors(
    import_settings, records, start_worker
):
    records[0]["fields"]["country"] = ["XX"]
    before = _counts()
    client = client_signed_in(user_create("alice", "Analysts"))
    _upload(client, records)
    worker = start_worker()
    job = wait_for(lambda: ImportJob.objects.filter(state="failed").first())
    worker.stop()
    assert _counts() == before
    assert not ReportImport.objects.exists()
    assert job.records_done == 0 and not job.error
    errors = {(e["file"], e["position"], e["field"]) for e in job.result["errors"]}
    assert ("big.json", 1, "country") in errors
    page = client.get(job.get_absolute_url()).text
    assert "in big.json: nothing was imported" in page
    assert '<table id="import-errors">' in page
    assert "<tr><td>1</td><td>summits.place place-0</td><td>country</td>" in page
    assert 'name="confirm"' not in page
    assert client.post(job.get_absolute_url(), {"confirm": "1"})["Location"] == IMPORT_URL
    assert ImportJob.objects.count() == 1


def test_only_the_jobs_owner_sees_it_or_confirms_it(import_settings, records):
    alice = user_create("alice", "Analysts")
    _upload(client_signed_in(alice), records)
    job = ImportJob.objects.get()
    for other in (user_create("carol", "Analysts"), user_create("bob", "Viewers")):
        client = client_signed_in(other)
        assert client.get(job.get_absolute_url()).status_code == 403
        assert client.post(job.get_absolute_url(), {"confirm": "1"}).status_code == 403
    assert ImportJob.objects.count() == 1
    assert client_signed_in(alice).get(job.get_absolute_url()).status_code == 200


def test_a_job_whose_owner_may_no_longer_import_fails_with_why(
    import_settings, records, start_worker
):
    alice = user_create("alice", "Analysts")
    _upload(client_signed_in(alice), records)
    alice.groups.clear()
    worker = start_worker()
    job = wait_for(lambda: ImportJob.objects.filter(state="failed").first())
    worker.stop()
    assert job.error == "Your account may no longer import reports."
    assert not job.path.exists()


def test_below_the_threshold_the_check_runs_in_the_request(import_settings, records):
    import_settings.TRACKER_BACKGROUND_IMPORT_RECORDS = RECORDS
    page = _upload(client_signed_in(user_create("alice", "Analysts")), records)
    assert page.status_code == 200
    assert "Checked <strong>big.json</strong>: no errors" in page.text
    assert not ImportJob.objects.exists()


def test_progress_is_reported_as_each_model_is_written(records):
    data = json.dumps(records).encode()
    report = ReportFile(name="big.json", data=data, size=len(data))
    checked: list[tuple[int, int]] = []
    report_import(files=[report], dry_run=True, progress=lambda *seen: checked.append(seen))
    assert checked == [(RECORDS, RECORDS)]
    assert not ReportImport.objects.exists()
    written: list[tuple[int, int]] = []
    report_import(files=[report], progress=lambda *seen: written.append(seen))
    assert written[0] == (0, RECORDS) and written[-1] == (RECORDS, RECORDS)
    done = [count for count, _total in written]
    assert len(written) > 3 and done == sorted(done)
    assert {total for _done, total in written} == {RECORDS}
