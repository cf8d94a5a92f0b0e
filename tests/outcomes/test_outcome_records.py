"""Outcome documents, agreements and relations between commitments: recorded from a
report file like every other record, under the rules every write passes."""

import copy
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from summits.importing import ReportInvalid, report_import, report_validate
from summits.models import (
    ActionItem,
    ActionItemRelation,
    Agreement,
    OutcomeDocument,
    Paragraph,
    Signatory,
)
from tests.factories import report_file
from tests.seed import OUTCOMES_REPORT as STATEMENT

pytestmark = pytest.mark.usefixtures("today", "seed")

MOU = "2025-12-05-india-russia-mou-maritime"


def _records() -> list[dict]:
    return json.loads(STATEMENT.read_text())


def _changed(records: list[dict], model: str, key: str, value: object, **fields) -> list[dict]:
    """The records with the first `model` record whose `key` field is `value` changed."""
    records = copy.deepcopy(records)
    record = next(
        r for r in records if r["model"] == f"summits.{model}" and r["fields"][key] == value
    )
    record["fields"].update(fields)
    return records


def _refused(records: list[dict]):
    with pytest.raises(ReportInvalid) as refused:
        report_import(files=[report_file(records, name="statement.json")])
    return refused.value.plan.errors


def test_a_joint_statement_its_agreements_and_commitments_are_recorded():
    report_import(files=[report_file(_records(), name="statement.json")])
    statement = OutcomeDocument.objects.get(slug="2025-12-05-india-russia-joint-statement")
    assert [p.number for p in statement.paragraphs.all()] == [1, 2, 3, 4]
    trade = ActionItem.objects.get(ref="SUMMIT-23/TRADE-1")
    assert (trade.paragraph.document, trade.paragraph.number) == (statement, 2)
    mou = Agreement.objects.get(slug=MOU)
    assert {s.person.slug for s in mou.signatories.all()} == {"s-jaishankar", "denis-manturov"}
    assert mou.get_status_display() == "in force"
    minerals = Agreement.objects.get(slug="2025-12-05-india-russia-critical-minerals")
    assert [c.slug for c in minerals.mechanisms.all()] == ["india-russia-critical-minerals-wg"]
    assert [i.ref for i in minerals.action_items.all()] == ["SUMMIT-23/TRADE-1"]
    assert {(r.action_item.ref, r.kind, r.other.ref) for r in ActionItemRelation.objects.all()} == {
        ("SUMMIT-23/TRADE-2", "reaffirms", "IRIGC-TEC-26/TRADE-1"),
        ("SUMMIT-23/TRADE-1", "extends", "IRIGC-TEC-26/TRADE-1"),
    }


def test_importing_the_file_twice_changes_nothing_the_second_time():
    report_import(files=[report_file(_records())])
    again = report_validate(files=[report_file(_records())])
    assert again.ok
    assert {
        outcome for counts in again.summary().values() for outcome, n in counts.items() if n
    } == {"unchanged"}


def test_the_file_loads_with_djangos_own_loaddata_too():
    call_command("loaddata", STATEMENT, verbosity=0)
    assert (
        Paragraph.objects.filter(document__slug="2025-12-05-india-russia-list-of-outcomes").count()
        == 3
    )
    assert Signatory.objects.get_by_natural_key(MOU, "s-jaishankar").side.iso2 == "IN"


def test_a_signatory_who_did_not_take_part_in_the_meeting_is_refused_by_name():
    records = _changed(
        _records(), "signatory", "person", ["denis-manturov"], person=["sergey-lavrov"]
    )
    [problem] = _refused(records)
    assert (problem.model, problem.field) == ("summits.signatory", "person")
    assert "sergey-lavrov did not take part in 2025-12-05-india-russia-summit-23" in problem.message
    assert not Agreement.objects.exists()


def test_a_participation_given_in_the_same_file_lets_its_person_sign():
    records = _changed(
        _records(), "signatory", "person", ["denis-manturov"], person=["sergey-lavrov"]
    )
    records.append(
        {
            "model": "summits.participation",
            "fields": {
                "meeting": ["2025-12-05-india-russia-summit-23"],
                "person": ["sergey-lavrov"],
                "role": "Foreign Minister",
                "side": ["RU"],
            },
        }
    )
    report_import(files=[report_file(records)])
    assert Signatory.objects.filter(person__slug="sergey-lavrov").exists()


def test_moving_an_agreement_to_a_meeting_its_signatories_missed_is_refused():
    report_import(files=[report_file(_records())])
    moved = [
        r
        for r in _changed(
            _records(), "agreement", "slug", MOU, meeting=["2025-11-18-modi-patrushev"]
        )
        if r["model"] == "summits.agreement" and r["fields"]["slug"] == MOU
    ]
    errors = _refused(moved)  # the recorded signatories, Jaishankar and Manturov, were not there
    assert {(e.model, e.field) for e in errors} == {("summits.agreement", "meeting")}
    assert sorted(e.message.split(" did not")[0] for e in errors) == [
        "denis-manturov",
        "s-jaishankar",
    ]
    assert Agreement.objects.get(slug=MOU).meeting.slug == "2025-12-05-india-russia-summit-23"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"entry_into_force": "2025-12-01"}, "__all__", "enter into force before it is signed"),
        ({"expires_on": "2025-12-05"}, "__all__", "expires after it is signed"),
        ({"superseded_by": ["2025-12-05-india-russia-critical-minerals"]}, "", "superseded"),
    ],
)
def test_an_agreement_whose_dates_or_status_contradict_themselves_is_refused(
    fields, field, message
):
    errors = _refused(_changed(_records(), "agreement", "slug", MOU, **fields))
    assert any(message in e.message and e.model == "summits.agreement" for e in errors), errors


def test_a_commitment_cannot_relate_to_itself():
    records = _changed(
        _records(), "actionitemrelation", "kind", "reaffirms", other=["SUMMIT-23/TRADE-2"]
    )
    errors = _refused(records)
    assert any("cannot relate to itself" in e.message for e in errors), errors


def test_commitments_superseding_each_other_in_a_circle_are_refused():
    report_import(files=[report_file(_records())])
    ActionItemRelation.objects.create(
        action_item=ActionItem.objects.get(ref="SUMMIT-23/TRADE-1"),
        kind="supersedes",
        other=ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1"),
    )
    closing = {
        "model": "summits.actionitemrelation",
        "fields": {
            "action_item": ["IRIGC-TEC-26/TRADE-1"],
            "kind": "supersedes",
            "other": ["SUMMIT-23/TRADE-1"],
        },
    }
    [problem] = _refused([closing])
    assert (problem.model, problem.field, problem.position) == (
        "summits.actionitemrelation",
        "other",
        1,
    )
    assert "supersede each other in a circle" in problem.message
    circle = "SUMMIT-23/TRADE-1 supersedes IRIGC-TEC-26/TRADE-1 supersedes SUMMIT-23/TRADE-1"
    assert circle in problem.message


def test_a_document_must_come_from_a_summit_or_a_meeting():
    records = _changed(
        _records(),
        "outcomedocument",
        "kind",
        "list_of_outcomes",
        summit=None,
    )
    errors = _refused(records)
    assert any("Give the summit or the meeting it came from" in e.message for e in errors)


def test_the_database_refuses_a_paragraph_numbered_zero():
    report_import(files=[report_file(_records())])
    paragraph = Paragraph.objects.first()
    paragraph.number = 0
    with pytest.raises(IntegrityError), transaction.atomic():
        paragraph.save()


def test_a_boolean_given_as_text_is_refused_with_its_field():
    records = _changed(_records(), "agreement", "slug", MOU, renews_automatically="true")
    [problem] = _refused(records)
    assert problem.field == "renews_automatically"
    assert "expected true or false" in problem.message
