"""import_report holds the rule every write holds: a final status cites a source, given
in the file or already recorded; without one the file is refused, the record named."""

import datetime as dt
import io
import json
from functools import partial

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from summits.importing import ReportInvalid, report_import
from summits.models import ActionItem, Status, StatusUpdate
from tests.factories import report_file

pytestmark = pytest.mark.usefixtures("today", "seed")  # "today": a pinned clock (conftest)

SOURCE = ["2025-11-20-ani-india-russia-summit-preparations"]
NEEDS_EVIDENCE = "A final status needs at least one source as evidence."


_report = partial(report_file, name="update.json")


def _update(ref: str, as_of: str, status: str, sequence: int = 1) -> dict:
    return {
        "model": "summits.statusupdate",
        "fields": {"action_item": [ref], "as_of": as_of, "sequence": sequence, "status": status},
    }


def _evidence(ref: str, as_of: str, sequence: int = 1) -> dict:
    return {
        "model": "summits.statusupdateevidence",
        "fields": {"status_update": [ref, as_of, sequence], "source": SOURCE, "quote": "…"},
    }


def test_a_final_status_without_evidence_is_refused_with_file_record_and_field():
    records = [
        _update("IRIGC-TEC-26/TRADE-1", "2025-12-05", Status.IN_PROGRESS),
        _update("IRIGC-TEC-26/ENERGY-1", "2025-12-05", Status.FULFILLED),
    ]
    with pytest.raises(ReportInvalid) as refused:
        report_import(files=[_report(records)])
    [problem] = refused.value.plan.errors
    assert (problem.file, problem.position, problem.field) == ("update.json", 2, "status")
    assert problem.model == "summits.statusupdate"
    assert NEEDS_EVIDENCE in problem.message
    assert not StatusUpdate.objects.filter(as_of=dt.date(2025, 12, 5)).exists()


def test_the_command_names_the_record_and_writes_nothing(tmp_path):
    path = tmp_path / "update.json"
    path.write_text(json.dumps([_update("IRIGC-TEC-26/ENERGY-1", "2025-12-05", "withdrawn")]))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="not imported"):
        call_command("import_report", str(path), verbosity=0, stderr=errors)
    assert (
        "update.json, record 1 (summits.statusupdate "
        '["IRIGC-TEC-26/ENERGY-1", "2025-12-05", 1]), field \'status\': ' + NEEDS_EVIDENCE
    ) in errors.getvalue()
    assert not StatusUpdate.objects.filter(as_of=dt.date(2025, 12, 5)).exists()


def test_evidence_given_in_the_file_lets_a_final_status_in():
    records = [
        _update("IRIGC-TEC-26/ENERGY-1", "2025-12-05", Status.FULFILLED),
        _evidence("IRIGC-TEC-26/ENERGY-1", "2025-12-05"),
    ]
    report_import(files=[_report(records)])
    assert ActionItem.objects.get(ref="IRIGC-TEC-26/ENERGY-1").status == Status.FULFILLED


def test_evidence_already_recorded_lets_an_update_become_final():
    # The seed's update of 20 Nov 2025 cites the ANI report already.
    report_import(files=[_report([_update("IRIGC-TEC-26/ENERGY-1", "2025-11-20", "withdrawn")])])
    assert ActionItem.objects.get(ref="IRIGC-TEC-26/ENERGY-1").status == Status.WITHDRAWN
