"""The import's input contract beyond single bad values (those are in tests/data/bad/):
caps on records and on problems listed, user accounts, and a contract for every field."""

import io
import json
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from summits.importing import _info, contract
from summits.models import ReportImport, record_models
from tests.snapshots import database_digest

IMPORT_URL = reverse("admin:summits_reportimport_import")
EMPTY_RECORDS = b"[" + b",".join([b"{}"] * 1_000_000) + b"]"  # 3 MB


def _command(path) -> str:
    """import_report's error output; it must refuse the file."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="not imported"):
        call_command("import_report", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def _check(client, name: str, data: bytes):
    """The admin's Check of an upload; it must refuse the file and keep nothing waiting."""
    page = client.post(IMPORT_URL, {"check": "1", "file": SimpleUploadedFile(name, data)})
    assert page.status_code == 200
    assert not page.context["plan"].ok
    assert "summits_report_import_pending" not in client.session
    return page


@pytest.mark.usefixtures("seed")
def test_a_million_records_are_refused_after_the_first_ten_thousand(tmp_path):
    path = tmp_path / "empty-records.json"
    path.write_bytes(EMPTY_RECORDS)
    before = database_digest()
    tracemalloc.start()
    try:
        output = _command(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "empty-records.json: the file holds more than 10,000 records" in output
    assert "TRACKER_IMPORT_MAX_RECORDS" in output
    assert len(output.splitlines()) == 2  # the count, and the one error
    # Reading all of them built a million dicts (1.6 GB with the importer's records).
    assert peak < 50_000_000
    assert database_digest() == before
    assert not ReportImport.objects.exists()


@pytest.mark.usefixtures("seed")
def test_a_million_records_uploaded_in_the_admin_are_refused(analyst_client):
    before = database_digest()
    page = _check(analyst_client, "empty-records.json", EMPTY_RECORDS)
    assert "the file holds more than 10,000 records" in page.text
    assert database_digest() == before


def _bad_places(count: int) -> bytes:
    records = [
        {"model": "summits.place", "fields": {"slug": f"p{n}", "name": n, "country": ["RU"]}}
        for n in range(count)
    ]
    return json.dumps(records).encode()


@pytest.mark.usefixtures("db")
def test_the_command_lists_the_first_problems_and_counts_the_rest(tmp_path, settings):
    settings.TRACKER_IMPORT_MAX_PROBLEMS = 5
    path = tmp_path / "places.json"
    path.write_bytes(_bad_places(12))
    lines = _command(path).splitlines()
    assert lines[0] == "12 error(s); nothing was imported:"
    assert len(lines) == 1 + 5 + 1
    assert "record 5 (summits.place p4), field 'name': expected text, not the number 4." in lines[5]
    assert lines[6] == "  … and 7 more errors, not shown."


@pytest.mark.usefixtures("db")
def test_the_command_lists_the_first_warnings_and_counts_the_rest(tmp_path, settings):
    settings.TRACKER_IMPORT_MAX_PROBLEMS = 5
    records = [
        {"model": "summits.place", "fields": {"slug": f"p{n}", "name": "P", "country": ["RU"]}}
        for n in range(7)
    ]
    path = tmp_path / "drafted.json"
    path.write_text(json.dumps([{**record, "draft": True} for record in records]))
    out = io.StringIO()
    call_command("import_report", str(path), "--dry-run", "--accept-drafts", stdout=out)
    lines = out.getvalue().splitlines()
    start = lines.index("7 warning(s) to review:")
    assert sum("draft: check it against the report" in line for line in lines) == 5
    assert lines[start + 6] == "  … and 2 more warnings, not shown."


def test_the_admin_lists_the_first_problems_and_counts_the_rest(analyst_client):
    page = _check(analyst_client, "places.json", _bad_places(60))
    assert "60 errors in places.json: nothing was imported" in page.text
    rows = page.text.split('<table id="import-errors">')[1].split("</table>")[0]
    assert rows.count("expected text, not the number") == 50
    assert "… and 10 more errors, not shown" in rows


AUTHORED = {
    "model": "summits.statusupdate",
    "fields": {
        "action_item": ["IRIGC-TEC-26/TRADE-1"],
        "as_of": "2025-11-21",
        "sequence": 1,
        "status": "in_progress",
        "author": ["bob"],
    },
}
OWNED = {
    "model": "summits.actionitem",
    "fields": {"ref": "IRIGC-TEC-26/TRADE-1", "owner": ["bob"], "watchers": [["bob"]]},
}


@pytest.mark.usefixtures("seed", "viewer")
@pytest.mark.parametrize(("record", "field"), [(AUTHORED, "author"), (OWNED, "owner")])
def test_a_report_names_no_user_account(tmp_path, record, field):
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps([record]))
    before = database_digest()
    output = _command(path)
    line = next(line for line in output.splitlines() if f"field {field!r}" in line)
    assert "accounts.json, record 1" in line
    assert "a report cannot name user accounts" in line
    if record is OWNED:
        assert "field 'watchers'" in output
    assert database_digest() == before


@pytest.mark.usefixtures("seed", "viewer")
def test_an_uploaded_report_names_no_user_account(analyst_client):
    before = database_digest()
    page = _check(analyst_client, "accounts.json", json.dumps([AUTHORED]).encode())
    assert "a report cannot name user accounts" in page.text
    assert database_digest() == before


@pytest.mark.usefixtures("seed")
def test_null_names_no_account_and_is_accepted(tmp_path):
    record = {**AUTHORED, "fields": {**AUTHORED["fields"], "author": None}}
    path = tmp_path / "unauthored.json"
    path.write_text(json.dumps([record]))
    call_command("import_report", str(path), stdout=io.StringIO())
    assert ReportImport.objects.get().summary["summits.statusupdate"]["created"] == 1


@pytest.mark.parametrize("model", record_models(), ids=lambda model: model._meta.label_lower)
def test_every_field_a_report_gives_has_a_contract(model):
    info = _info(model)
    targets = [_info(f.related_model) for f in [*info.fks.values(), *info.m2ms.values()]]
    for f in [*info.scalars.values(), *(leaf for t in targets for leaf in t.key_leaves)]:
        assert contract.expected(f) is not None, f
