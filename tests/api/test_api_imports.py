"""`POST /api/imports/`: a report fixture through the importer the admin's page uses,
checked whole, then written all or nothing; errors name the file, record and field."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from summits.models import Place, ReportImport
from tests.importing.test_import_bad_input import BAD
from tests.importing.test_import_bad_input import EXPECTED as BAD_FILES
from tests.snapshots import database_digest

pytestmark = pytest.mark.usefixtures("seed")

URL = reverse("api:imports")
SOCHI = {"model": "summits.place", "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]}}
OMSK = {"model": "summits.place", "fields": {"slug": "omsk", "name": "Omsk", "country": ["XX"]}}


def upload(records: list[dict], name: str = "sochi.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(records).encode(), "application/json")


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(analyst_client):
    response = analyst_client.post(URL, {"file": upload([SOCHI]), "dry_run": "true"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["dry_run"] is True and body["import_log"] is None
    assert body["summary"] == {"summits.place": {"created": 1, "updated": 0, "unchanged": 0}}
    assert not Place.objects.filter(slug="sochi").exists()
    assert not ReportImport.objects.exists()
    assert body["drafts_pending"] == 0


def test_a_dry_run_counts_the_drafts_the_import_would_refuse(analyst_client):
    draft = {**SOCHI, "draft": {"review": "new place"}}
    checked = analyst_client.post(URL, {"file": upload([draft]), "dry_run": "true"})
    assert checked.status_code == 200, checked.content
    assert checked.json()["drafts_pending"] == 1
    [warning] = checked.json()["warnings"]
    assert warning["message"].startswith("still marked draft (new place)")
    refused = analyst_client.post(URL, {"file": upload([draft])})
    assert refused.status_code == 400
    assert not Place.objects.filter(slug="sochi").exists()


def test_an_import_writes_its_records_as_the_analyst_and_logs_the_file(analyst_client, analyst):
    response = analyst_client.post(URL, {"file": upload([SOCHI])})
    assert response.status_code == 201, response.content
    log = ReportImport.objects.get()
    assert response.json()["import_log"] == log.pk
    assert (log.file_name, log.imported_by) == ("sochi.json", analyst)
    assert Place.objects.get(slug="sochi").history.get().history_user == analyst


def test_one_bad_record_and_nothing_is_written_each_error_placed(analyst_client):
    before = database_digest()
    response = analyst_client.post(URL, {"file": upload([SOCHI, OMSK], name="two.json")})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "1 error(s); nothing was imported."
    (error,) = body["errors"]
    assert (error["file"], error["record"], error["field"]) == ("two.json", 2, "country")
    assert error["text"].startswith("two.json, record 2 (summits.place omsk), field 'country'")
    assert database_digest() == before


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_bad_file_is_refused_as_the_importer_refuses_it(analyst_client, name, settings):
    if name == "oversized.json":  # a valid fixture, larger than this limit
        settings.TRACKER_IMPORT_MAX_BYTES = 1_000
    before = database_digest()
    data = (BAD / name).read_bytes()
    response = analyst_client.post(URL, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    message, position, field = BAD_FILES[name]
    errors = response.json()["errors"]
    assert any(
        message in error["message"]
        and error["record"] == position
        and (error["field"] or None) == field
        for error in errors
    ), errors
    assert database_digest() == before


def test_a_request_without_a_file_is_a_400(analyst_client):
    response = analyst_client.post(URL, {"dry_run": "true"})
    assert response.status_code == 400 and "file" in response.json()
