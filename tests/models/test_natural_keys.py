"""Fixtures carry no numeric ids, load twice without change, and round-trip."""

import io
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import models
from simple_history.models import HistoricalChanges

from summits.models import TALLY_MODELS, record_models
from tests.seed import SEED_REPORT


def _dump() -> list[dict]:
    out = io.StringIO()
    call_command(
        "dumpdata",
        *[model._meta.label for model in record_models()],
        natural_foreign=True,
        natural_primary=True,
        indent=None,
        stdout=out,
    )
    return json.loads(out.getvalue())


# The app's models that hold no record of summits, so need no natural key: the import
# log, drafts awaiting review, calendar secrets and API tokens, readers' saved views,
# frozen compliance reports, background exports and imports, the kept figures (counted
# from the items: migration 0025) (and the history tables, which describe records).
KEYLESS = {
    "apitoken",
    "reportimport",
    "reportdraft",
    "calendarfeedtoken",
    "savedview",
    "compliancereport",
    "compliancereportentry",
    "notification",
    "notificationpreference",
    "backgroundtask",
    "exportjob",
    "importjob",
    *(model._meta.model_name for model in TALLY_MODELS),
}


def _unique_together(model: type[models.Model]) -> list[set[str]]:
    return [{f.name} for f in model._meta.fields if f.unique and not f.primary_key] + [
        set(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None
    ]


def test_every_model_has_a_natural_key():
    """Every record model has a key that names one record: fields unique together in the
    database, a parent named by the parent's own natural key."""
    app_models = [
        model
        for model in apps.get_app_config("summits").get_models()
        if not issubclass(model, HistoricalChanges)
    ]
    keyed = record_models()
    assert {model._meta.model_name for model in app_models if model not in keyed} == KEYLESS
    for model in keyed:
        paths = model._default_manager.key_fields
        own = {path.split("__")[0] for path in paths}
        assert own in _unique_together(model), f"{model.__name__}'s key is not unique"
        for name in own:
            field = model._meta.get_field(name)
            if field.is_relation:
                prefix = f"{name}__"
                parent_paths = [p.removeprefix(prefix) for p in paths if p.startswith(prefix)]
                parent_key = field.related_model._default_manager.key_fields
                assert parent_paths == list(parent_key), f"{model.__name__}.{name}"


@pytest.mark.usefixtures("seed")
def test_each_record_is_found_again_by_its_natural_key():
    for model in record_models():
        for record in model.objects.all():
            assert model.objects.get_by_natural_key(*record.natural_key()) == record


def test_report_fixture_uses_natural_keys_only():
    for record in json.loads(SEED_REPORT.read_text()):
        assert "pk" not in record, record


@pytest.mark.usefixtures("seed")
def test_loading_the_report_twice_changes_nothing():
    before = _dump()
    call_command("loaddata", SEED_REPORT, verbosity=0)
    assert _dump() == before


@pytest.mark.usefixtures("seed")
def test_dump_and_load_into_an_empty_database_gives_the_same_data():
    before = _dump()
    summit_models = list(record_models())
    for model in summit_models:
        if any(f.name == "parent" for f in model._meta.fields):  # self-references protect
            model.objects.update(parent=None)
    for model in reversed(summit_models):
        model.objects.all().delete()
    assert not any(model.objects.exists() for model in summit_models)
    for obj in serializers.deserialize("json", json.dumps(before), handle_forward_references=True):
        obj.save()
    assert _dump() == before
