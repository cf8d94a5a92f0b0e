"""A record still marked "draft" is not imported until someone reviews it, or accepts
drafts on purpose: in the service, on the command line and in the admin."""

import io
import json
from functools import partial

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from summits.importing import ReportInvalid, report_import, report_validate
from summits.models import Place, ReportImport
from tests.factories import report_file, report_upload

SOCHI = {
    "model": "summits.place",
    "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]},
    "draft": {"sentence": "They met in\n Sochi.", "review": "new place: is it the right city?"},
}
OMSK = {
    "model": "summits.place",
    "fields": {"slug": "omsk", "name": "Omsk", "country": ["RU"]},
    "draft": True,
}
KAZAN = {"model": "summits.place", "fields": {"slug": "kazan", "name": "Kazan", "country": ["RU"]}}
RECORDS = [KAZAN, SOCHI, OMSK]

SOCHI_ERROR = (
    "draft.json, record 2 (summits.place sochi): still marked draft (new place: is it the "
    'right city?, from “They met in Sochi.”): review it, then remove its "draft" note, or '
    "import with --accept-drafts."
)
OMSK_ERROR = (
    "draft.json, record 3 (summits.place omsk): still marked draft (check it against the "
    'report): review it, then remove its "draft" note, or import with --accept-drafts.'
)


_file = partial(report_file, name="draft.json")


def _nothing_imported() -> bool:
    return not Place.objects.filter(slug__in=["sochi", "omsk", "kazan"]).exists() and (
        not ReportImport.objects.exists()
    )


def test_draft_records_are_errors_naming_file_record_model_and_key(db):
    plan = report_validate(files=[_file(RECORDS)])
    assert [str(problem) for problem in plan.errors] == [SOCHI_ERROR, OMSK_ERROR]
    assert [(p.file, p.position, p.model, p.key) for p in plan.errors] == [
        ("draft.json", 2, "summits.place", "sochi"),
        ("draft.json", 3, "summits.place", "omsk"),
    ]
    assert not plan.warnings


def test_an_unreviewed_draft_is_not_imported(db):
    with pytest.raises(ReportInvalid) as invalid:
        report_import(files=[_file(RECORDS)])
    assert [str(problem) for problem in invalid.value.plan.errors] == [SOCHI_ERROR, OMSK_ERROR]
    assert _nothing_imported()  # the clean record waits with the drafts: all or nothing


def test_a_dry_run_checks_a_draft_under_review_and_lists_what_the_import_refuses(db):
    plan = report_import(files=[_file(RECORDS)], dry_run=True)
    assert plan.ok and plan.drafts_pending == 2
    assert plan.summary() == {"summits.place": {"created": 3, "updated": 0, "unchanged": 0}}
    assert [str(problem) for problem in plan.warnings] == [
        "draft.json, record 2 (summits.place sochi): still marked draft (new place: is it "
        "the right city?, from “They met in Sochi.”): the import refuses it until its "
        '"draft" note is removed, or with --accept-drafts.',
        "draft.json, record 3 (summits.place omsk): still marked draft (check it against "
        'the report): the import refuses it until its "draft" note is removed, or with '
        "--accept-drafts.",
    ]
    assert _nothing_imported()


def test_a_dry_run_of_a_draft_still_fails_on_its_other_errors(db):
    bad = {**SOCHI, "fields": {**SOCHI["fields"], "country": ["XX"]}}
    with pytest.raises(ReportInvalid) as invalid:
        report_import(files=[_file([bad])], dry_run=True)
    [error] = invalid.value.plan.errors
    assert "refers to summits.country XX" in error.message


def test_draft_errors_come_with_the_records_other_errors(db):
    bad = {**SOCHI, "fields": {**SOCHI["fields"], "country": ["XX"]}}
    plan = report_validate(files=[_file([bad])])
    messages = [problem.message for problem in plan.errors]
    assert len(messages) == 2
    assert any(message.startswith("still marked draft") for message in messages)
    assert any("refers to summits.country XX" in message for message in messages)


def test_accepted_drafts_are_imported_and_listed_to_review(db):
    plan = report_import(files=[_file(RECORDS)], accept_drafts=True)
    assert Place.objects.filter(slug__in=["sochi", "omsk", "kazan"]).count() == 3
    assert [(p.position, p.key) for p in plan.warnings] == [(2, "sochi"), (3, "omsk")]
    assert plan.warnings[0].message == (
        "draft: new place: is it the right city?, from “They met in Sochi.”; "
        'remove "draft" once checked.'
    )


def test_a_reviewed_record_without_its_note_imports_without_the_flag(db):
    reviewed = [{key: value for key, value in SOCHI.items() if key != "draft"}]
    plan = report_import(files=[_file(reviewed)])
    assert not plan.warnings
    assert Place.objects.filter(slug="sochi").exists()


# Command line -------------------------------------------------------------------------


def _written(tmp_path, records: list[dict]) -> str:
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


def test_command_refuses_drafts_and_lists_them(db, tmp_path):
    path = _written(tmp_path, RECORDS)
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="the report was not imported"):
        call_command("import_report", path, stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "2 error(s); nothing was imported:",
        "  " + SOCHI_ERROR.replace("draft.json", path),
        "  " + OMSK_ERROR.replace("draft.json", path),
    ]
    assert _nothing_imported()


def test_command_dry_run_lists_drafts_and_says_the_import_refuses_them(db, tmp_path):
    stdout = io.StringIO()
    call_command("import_report", _written(tmp_path, RECORDS), "--dry-run", stdout=stdout)
    lines = stdout.getvalue().splitlines()
    assert "2 warning(s) to review:" in lines
    assert lines[-2:] == [
        "Dry run: nothing was written.",
        "2 record(s) still marked draft: the import refuses them until each is reviewed and "
        'its "draft" note removed, or with --accept-drafts.',
    ]
    assert _nothing_imported()


def test_command_imports_drafts_when_accepted(db, tmp_path):
    stdout = io.StringIO()
    call_command("import_report", _written(tmp_path, RECORDS), "--accept-drafts", stdout=stdout)
    assert "2 warning(s) to review:" in stdout.getvalue()
    assert "Imported draft.json." in stdout.getvalue()
    assert Place.objects.filter(slug__in=["sochi", "omsk", "kazan"]).count() == 3


def test_what_draft_report_writes_needs_review_before_import(db, tmp_path):
    text = tmp_path / "report.txt"
    text.write_text("Ministers met in Paris on 3 March 2026 to discuss trade.\n", encoding="utf-8")
    draft = tmp_path / "draft.json"
    call_command("draft_report", str(text), "-o", str(draft), stderr=io.StringIO())
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_report", str(draft), stdout=io.StringIO(), stderr=stderr)
    assert "still marked draft" in stderr.getvalue()
    assert not ReportImport.objects.exists()


# Admin --------------------------------------------------------------------------------

IMPORT_URL = reverse("admin:summits_reportimport_import")


_upload = partial(report_upload, name="draft.json")


def test_admin_refuses_an_unreviewed_draft(analyst_client):
    page = analyst_client.post(IMPORT_URL, {"check": "1", "file": _upload(RECORDS)})
    assert page.status_code == 200
    assert "2 errors in draft.json: nothing was imported" in page.text
    assert "still marked draft" in page.text
    assert "no errors" not in page.text
    assert 'name="confirm"' not in page.text
    assert "summits_report_import_pending" not in analyst_client.session
    assert _nothing_imported()


def test_admin_imports_drafts_when_accepted(analyst_client):
    page = analyst_client.post(
        IMPORT_URL, {"check": "1", "file": _upload(RECORDS), "accept_drafts": "on"}
    )
    assert "Checked <strong>draft.json</strong>: no errors" in page.text
    assert "To review (2)" in page.text
    sha256 = page.context["sha256"]
    done = analyst_client.post(IMPORT_URL, {"confirm": "1", "sha256": sha256}, follow=True)
    assert "Imported draft.json: 3 / 0 / 0 records" in done.text
    assert Place.objects.filter(slug__in=["sochi", "omsk", "kazan"]).count() == 3
