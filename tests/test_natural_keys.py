"""Fixtures carry no numeric ids, load twice without change, and round-trip."""

import io
import json

import pytest
from django.core import serializers
from django.core.management import call_command

from summits.models import record_models
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


def test_every_model_has_a_natural_key():
    for model in record_models():
        assert hasattr(model, "natural_key"), model
        assert hasattr(model._default_manager, "get_by_natural_key"), model


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
