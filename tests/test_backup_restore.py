"""A backup restores every record, link and status update into an empty database."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from summits import services
from summits.models import ActionItem, Source, Status, record_models


def _snapshot(path) -> list[dict]:
    call_command("backup_tracker", str(path), stdout=io.StringIO())
    return json.loads(path.read_text())


def _empty_the_tracker() -> None:
    models = record_models()
    for model in models:
        if any(f.name == "parent" for f in model._meta.fields):  # self-references protect
            model.objects.update(parent=None)
    for model in reversed(models):
        model.objects.all().delete()
    User.objects.all().delete()


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
