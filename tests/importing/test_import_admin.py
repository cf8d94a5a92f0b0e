"""The admin's "Import report" page: analysts check, then confirm; nobody else may."""

from functools import partial

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from summits.models import Place, ReportImport
from tests.factories import report_upload
from tests.importing.test_import_bad_input import BAD
from tests.importing.test_import_bad_input import EXPECTED as BAD_FILES
from tests.seed import SEED_REPORT

IMPORT_URL = reverse("admin:summits_reportimport_import")
SOCHI = [
    {"model": "summits.place", "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]}}
]


_upload = partial(report_upload, name="sochi.json")


def test_analyst_checks_then_confirms_an_import(analyst_client, analyst):
    page = analyst_client.post(IMPORT_URL, {"check": "1", "file": _upload(SOCHI)})
    assert page.status_code == 200
    assert "Checked <strong>sochi.json</strong>: no errors" in page.text
    assert page.context["summary"] == {
        "summits.place": {"created": 1, "updated": 0, "unchanged": 0}
    }
    assert not Place.objects.filter(slug="sochi").exists()  # only checked so far

    sha256 = page.context["sha256"]
    done = analyst_client.post(IMPORT_URL, {"confirm": "1", "sha256": sha256}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("admin:summits_reportimport_changelist")
    assert "Imported sochi.json: 1 / 0 / 0 records" in done.text
    assert Place.objects.get(slug="sochi").history.get().history_user == analyst
    log = ReportImport.objects.get()
    assert (log.file_name, log.sha256, log.imported_by) == ("sochi.json", sha256, analyst)
    # The file is no longer waiting: confirming again imports nothing twice.
    again = analyst_client.post(IMPORT_URL, {"confirm": "1", "sha256": sha256}, follow=True)
    assert "no longer waiting" in again.text
    assert ReportImport.objects.count() == 1


@pytest.mark.usefixtures("seed")
def test_updates_are_shown_with_their_fields_before_confirming(analyst_client):
    record = {
        "model": "summits.place",
        "fields": {"slug": "kazan", "name": "Kazan (Tatarstan)", "country": ["RU"]},
    }
    page = analyst_client.post(IMPORT_URL, {"check": "1", "file": _upload([record])})
    assert "name: Kazan → Kazan (Tatarstan)" in page.text
    assert Place.objects.get(slug="kazan").name == "Kazan"


def test_errors_are_listed_and_nothing_waits_for_confirmation(analyst_client):
    bad = [
        {"model": "summits.place", "fields": {"slug": "sochi", "name": "Sochi", "country": ["XX"]}},
        {"model": "summits.plase", "fields": {"slug": "omsk"}},
    ]
    page = analyst_client.post(IMPORT_URL, {"check": "1", "file": _upload(bad, name="bad.json")})
    assert page.status_code == 200
    assert "2 errors in bad.json: nothing was imported" in page.text
    assert "refers to summits.country XX" in page.text
    assert "did you mean &#x27;summits.place&#x27;" in page.text
    assert 'name="confirm"' not in page.text
    assert "summits_report_import_pending" not in analyst_client.session


def test_the_seed_report_uploads_cleanly(analyst_client):
    upload = SimpleUploadedFile(SEED_REPORT.name, SEED_REPORT.read_bytes())
    page = analyst_client.post(IMPORT_URL, {"check": "1", "file": upload})
    assert page.context["plan"].ok
    assert page.context["summary"]["summits.actionitem"]["created"] == 8


def test_viewer_gets_403(viewer_client):
    assert viewer_client.get(IMPORT_URL).status_code == 403
    response = viewer_client.post(IMPORT_URL, {"check": "1", "file": _upload(SOCHI)})
    assert response.status_code == 403
    assert not Place.objects.filter(slug="sochi").exists()


def test_staff_viewer_reads_the_import_log_but_cannot_import(client, viewer):
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    changelist = client.get(reverse("admin:summits_reportimport_changelist"))
    assert changelist.status_code == 200
    assert IMPORT_URL not in changelist.text  # no "Import report" button for a viewer


def test_anonymous_user_is_sent_to_log_in(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_past_imports_are_listed_read_only_with_a_link_to_import(analyst_client):
    analyst_client.post(IMPORT_URL, {"check": "1", "file": _upload(SOCHI)})
    sha256 = analyst_client.session["summits_report_import_pending"]["sha256"]
    analyst_client.post(IMPORT_URL, {"confirm": "1", "sha256": sha256})
    changelist = analyst_client.get(reverse("admin:summits_reportimport_changelist"))
    assert changelist.status_code == 200
    assert "sochi.json" in changelist.text
    assert IMPORT_URL in changelist.text
    log = ReportImport.objects.get()
    change = analyst_client.get(reverse("admin:summits_reportimport_change", args=[log.pk]))
    assert change.status_code == 200
    assert 'name="file_name"' not in change.text  # read-only
    assert analyst_client.get(reverse("admin:summits_reportimport_add")).status_code == 403
    index = analyst_client.get(reverse("admin:index"))
    assert reverse("admin:summits_reportimport_changelist") in index.text


@pytest.mark.usefixtures("seed")
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_every_bad_file_uploaded_is_refused_on_the_page(analyst_client, name, settings):
    """The corpus of tests/importing/test_import_bad_input.py, uploaded: a page naming what is wrong
    (never a 500), and nothing written or waiting to be."""
    if name == "oversized.json":
        settings.TRACKER_IMPORT_MAX_BYTES = 1_000
    message, position, field = BAD_FILES[name]
    before = _row_counts()
    upload = SimpleUploadedFile(name, (BAD / name).read_bytes(), "application/json")
    page = analyst_client.post(IMPORT_URL, {"check": "1", "file": upload})
    assert page.status_code == 200
    assert f"in {name}: nothing was imported" in page.text
    problem = next(p for p in page.context["plan"].errors if message in p.message)
    assert (problem.position, problem.field or None) == (position, field)
    assert escape(problem.message) in page.text
    assert "summits_report_import_pending" not in analyst_client.session
    assert _row_counts() == before


def _row_counts() -> dict[str, int]:
    """Rows per table: what a check that wrote anything would change (cheaper than a dump)."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}
