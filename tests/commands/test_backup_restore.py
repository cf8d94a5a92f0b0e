"""A backup restores every record, link and status update into an empty database."""

import io
import json
import os
import stat

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from summits import services
from summits.importing import ReportFile, report_import
from summits.models import (
    ActionItem,
    CalendarFeedToken,
    ReportDraft,
    ReportImport,
    SavedView,
    Source,
    Status,
    record_models,
)
from tests.seed import SEED_REPORT


def _snapshot(path) -> list[dict]:
    call_command("backup_tracker", str(path), stdout=io.StringIO())
    return json.loads(path.read_text())


def _empty_the_tracker() -> None:
    models = record_models()
    for model in models:
        if any(f.name == "parent" for f in model._meta.fields):  # self-references protect
            model.objects.update(parent=None)
    for model in [ReportDraft, ReportImport, *reversed(models)]:
        model.objects.all().delete()
    User.objects.all().delete()  # and their calendar feed tokens and saved views


@pytest.mark.usefixtures("seed")
def test_backup_and_restore_round_trip(tmp_path, analyst):
    item = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")
    item.owner = analyst
    item.save()
    item.watchers.add(analyst)
    services.status_update_record(
        action_item=item,
        status=Status.IN_PROGRESS,
        as_of=item.status_as_of,
        evidence=[Source.objects.get()],
        quote="Both sides underscored the importance",
        author=analyst,
    )
    token = CalendarFeedToken.objects.create(user=analyst).token
    services.saved_view_create(
        owner=analyst, list_key="action-items", name="Trade", query="sector=trade", shared=True
    )
    data = SEED_REPORT.read_bytes()
    report = ReportFile(name=SEED_REPORT.name, data=data, size=len(data))
    report_import(files=[report], user=analyst)
    draft = ReportDraft.objects.create(
        title="Next report", publisher="ANI", published_on=item.status_as_of, text="…"
    )
    draft.imports.set(ReportImport.objects.all())
    before = _snapshot(tmp_path / "backup.json")

    _empty_the_tracker()
    assert not ActionItem.objects.exists() and not User.objects.exists()
    call_command("loaddata", str(tmp_path / "backup.json"), verbosity=0)

    after = _snapshot(tmp_path / "restored.json")
    assert after == before
    restored = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")
    assert restored.status == Status.IN_PROGRESS
    assert restored.owner.username == "alice"
    assert restored.status_updates.count() == 2
    assert restored.status_updates.first().evidence.exists()
    # The calendar keeps working at its old address; the import log says who imported what.
    assert CalendarFeedToken.objects.get(token=token).user.username == "alice"
    logged = ReportImport.objects.get()
    assert (logged.file_name, logged.imported_by.username) == (SEED_REPORT.name, "alice")
    assert ReportDraft.objects.get().imports.get() == logged
    view = SavedView.objects.get()
    assert (view.owner.username, view.name, view.query, view.shared) == (
        "alice", "Trade", "sector=trade", True
    )  # fmt: skip


def test_the_backup_is_readable_by_its_owner_alone(tmp_path, analyst):
    old_umask = os.umask(0o022)  # the usual one: new files are readable by everyone
    try:
        path = tmp_path / "backup.json"
        path.write_text("an older backup, readable by anyone")
        path.chmod(0o644)
        _snapshot(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        # Nothing left behind but the backup itself.
        assert [p.name for p in tmp_path.iterdir()] == ["backup.json"]
    finally:
        os.umask(old_umask)
