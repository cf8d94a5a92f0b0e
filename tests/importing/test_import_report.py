"""import_report: upserts by natural key, merges links, all or nothing, traceable."""

import copy
import datetime as dt
import io
import json
from functools import partial

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from summits import importing
from summits.importing import ReportFile, ReportInvalid, report_import, report_validate
from summits.models import (
    ActionItem,
    Meeting,
    Organisation,
    Place,
    ReportImport,
    StatusUpdate,
    record_models,
)
from tests.factories import report_file
from tests.seed import SEED_REPORT

SEED = json.loads(SEED_REPORT.read_text(encoding="utf-8"))


_report = partial(report_file, name="report.json")


def _seed_file() -> ReportFile:
    return ReportFile(name=SEED_REPORT.name, data=SEED_REPORT.read_bytes(), size=0)


def _record(model: str, **match) -> dict:
    """A deep copy of the seed fixture's record of `model` whose fields match."""
    return copy.deepcopy(
        next(
            r
            for r in SEED
            if r["model"] == model and all(r["fields"][k] == v for k, v in match.items())
        )
    )


def _dump(*labels: str) -> str:
    out = io.StringIO()
    call_command(
        "dumpdata", *labels, natural_foreign=True, natural_primary=True, indent=None, stdout=out
    )
    return out.getvalue()


def _record_dump() -> str:
    return _dump(*[model._meta.label for model in record_models()])


def _delete_all_records() -> None:
    for model in record_models():
        if any(f.name == "parent" for f in model._meta.fields):
            model.objects.update(parent=None)
    for model in reversed(record_models()):
        if model._meta.model_name not in {"country", "sector"}:
            model.objects.all().delete()


def test_importing_the_seed_report_gives_what_loaddata_gives(db):
    plan = report_import(files=[_seed_file()])
    assert plan.summary()["summits.meeting"] == {"created": 6, "updated": 0, "unchanged": 0}
    imported = _record_dump()
    _delete_all_records()
    call_command("loaddata", SEED_REPORT, verbosity=0)
    assert _record_dump() == imported


@pytest.mark.usefixtures("seed")
def test_importing_a_loaded_report_again_changes_nothing():
    before = _record_dump()
    history = Meeting.history.count()
    plan = report_import(files=[_seed_file()])
    assert all(row["created"] == row["updated"] == 0 for row in plan.summary().values())
    assert sum(row["unchanged"] for row in plan.summary().values()) == len(SEED)
    assert _record_dump() == before
    assert Meeting.history.count() == history


def test_second_import_of_the_same_file_reports_all_unchanged(db):
    report_import(files=[_seed_file()])
    out = io.StringIO()
    call_command("import_report", str(SEED_REPORT), stdout=out)
    total = next(line for line in out.getvalue().splitlines() if line.startswith("total"))
    assert total.split() == ["total", "0", "0", str(len(SEED))]


@pytest.mark.usefixtures("seed")
def test_dry_run_lists_changed_fields_and_writes_nothing(tmp_path):
    meeting = _record("summits.meeting", slug="2025-11-19-jaishankar-manturov")
    meeting["fields"]["title"] = "Jaishankar and Manturov review trade in Moscow"
    meeting["fields"]["sectors"].append(["defence"])
    path = tmp_path / "correction.json"
    path.write_text(json.dumps([meeting]))
    before = _dump()
    out = io.StringIO()
    call_command("import_report", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert _dump() == before
    assert "summits.meeting" in text and "Would change:" in text
    assert (
        "title: Jaishankar–Manturov talks in Moscow → "
        "Jaishankar and Manturov review trade in Moscow"
    ) in text
    assert "sectors: + defence" in text
    assert "Dry run: nothing was written." in text


@pytest.mark.usefixtures("seed")
def test_update_changes_only_the_fields_given_and_merges_links():
    meeting = Meeting.objects.get(slug="2025-11-19-jaishankar-manturov")
    sectors_before = set(meeting.sectors.values_list("slug", flat=True))
    # Only the key, a new title, one sector it has and one it has not.
    record = {
        "model": "summits.meeting",
        "fields": {
            "slug": meeting.slug,
            "title": "Talks in Moscow",
            "sectors": [["trade"], ["defence"]],
        },
    }
    plan = report_import(files=[_report([record])])
    assert plan.summary()["summits.meeting"] == {"created": 0, "updated": 1, "unchanged": 0}
    [change] = plan.changes
    assert {f.name for f in change.fields} == {"title", "sectors"}
    meeting.refresh_from_db()
    assert meeting.title == "Talks in Moscow"
    assert meeting.place.slug == "moscow"  # not given: kept
    assert str(meeting.date) == "19 November 2025"
    sectors = list(meeting.sectors.values_list("slug", flat=True))
    assert sorted(sectors) == sorted(sectors_before | {"defence"})  # merged, no duplicate


@pytest.mark.usefixtures("seed")
def test_links_already_there_count_as_unchanged():
    record = {
        "model": "summits.meeting",
        "fields": {"slug": "2025-11-19-jaishankar-manturov", "sectors": [["energy"]]},
    }
    plan = report_import(files=[_report([record])])
    assert plan.summary()["summits.meeting"]["unchanged"] == 1
    assert not plan.changes


@pytest.mark.usefixtures("seed")
def test_a_new_status_update_sets_the_item_status_and_an_older_one_does_not():
    evidence = {"source": ["2025-11-20-ani-india-russia-summit-preparations"], "quote": "…"}
    updates = [
        {
            "model": "summits.statusupdate",
            "fields": {
                "action_item": ["IRIGC-TEC-26/TRADE-1"],
                "as_of": "2025-12-05",
                "sequence": 1,
                "status": "in_progress",
                "note": "Trade talks under way.",
            },
        },
        {
            "model": "summits.statusupdateevidence",
            "fields": {"status_update": ["IRIGC-TEC-26/TRADE-1", "2025-12-05", 1], **evidence},
        },
        {
            "model": "summits.statusupdate",
            "fields": {
                "action_item": ["IRIGC-TEC-26/ENERGY-1"],
                "as_of": "2025-11-01",
                "sequence": 1,
                "status": "stalled",
            },
        },
    ]
    report_import(files=[_report(updates, name="update.json")])
    trade = ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1")
    assert (trade.status, trade.status_as_of) == ("in_progress", dt.date(2025, 12, 5))
    assert trade.history.first().history_change_reason == "Status from an imported update"
    energy = ActionItem.objects.get(ref="IRIGC-TEC-26/ENERGY-1")
    assert (energy.status, energy.status_as_of) == ("not_assessed", dt.date(2025, 11, 20))
    assert StatusUpdate.objects.filter(action_item=trade).count() == 2
    # Importing the same updates again adds none.
    report_import(files=[_report(updates, name="update.json")])
    assert StatusUpdate.objects.filter(action_item=trade).count() == 2


@pytest.mark.usefixtures("seed")
def test_history_names_the_file_and_the_user(analyst):
    meeting = _record("summits.meeting", slug="2025-11-18-modi-patrushev")
    meeting["fields"]["summary"] = "Corrected summary."
    place = {
        "model": "summits.place",
        "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]},
    }
    report_import(files=[_report([place, meeting], name="fix-2025-11.json")], user=analyst)
    created = Place.objects.get(slug="sochi").history.get()
    assert created.history_type == "+"
    assert created.history_change_reason == "Imported from fix-2025-11.json"
    assert created.history_user == analyst
    changed = Meeting.objects.get(slug="2025-11-18-modi-patrushev").history.first()
    assert changed.history_type == "~"
    assert changed.history_change_reason == "Imported from fix-2025-11.json"
    assert changed.summary == "Corrected summary."
    # The entry shows the record's links too.
    assert list(changed.sectors.values_list("sector__slug", flat=True)) == ["maritime"]


def test_a_long_file_name_is_cut_to_fit_the_history_and_the_log(db):
    name = "2026-01-01-" + "a-very-long-report-name-" * 20 + ".json"
    place = {
        "model": "summits.place",
        "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]},
    }
    report_import(files=[_report([place], name=name)])
    reason = Place.objects.get(slug="sochi").history.get().history_change_reason
    assert len(reason) == 100 and reason.startswith("Imported from 2026-01-01-a-very-long")
    assert len(ReportImport.objects.get().file_name) == 300


def test_each_import_is_logged_with_its_hash_user_and_summary(db, analyst):
    report = _seed_file()
    plan = report_import(files=[report], user=analyst)
    log = ReportImport.objects.get()
    assert plan.imports == [log]
    assert log.file_name == SEED_REPORT.name
    assert log.sha256 == report.sha256 and len(log.sha256) == 64
    assert log.imported_by == analyst
    assert log.summary["summits.person"] == {"created": 6, "updated": 0, "unchanged": 0}


@pytest.mark.usefixtures("seed")
def test_all_errors_are_reported_at_once_with_file_record_and_field():
    good = _record("summits.place", slug="kazan")
    records = [
        good,
        {"model": "summits.place", "fields": {"slug": "sochi", "nmae": "Sochi", "country": ["RU"]}},
        {"model": "summits.place", "fields": {"slug": "omsk", "name": "Omsk", "country": ["XX"]}},
        {
            "model": "summits.meeting",
            "fields": {
                "slug": "2026-talks",
                "title": "Talks",
                "date_start": "2026-02-30",
                "date_precision": "day",
            },
        },
        {"model": "summits.source", "fields": {"slug": "s", "title": "S", "publisher": "P"}},
    ]
    plan = report_validate(files=[_report(records, name="many.json")])
    where = {(p.file, p.position, p.field) for p in plan.errors}
    assert where == {
        ("many.json", 2, "nmae"),
        ("many.json", 2, "name"),  # misspelt, so missing too
        ("many.json", 3, "country"),
        ("many.json", 4, "date_start"),
        ("many.json", 5, "published_on"),
    }
    with pytest.raises(ReportInvalid):
        report_import(files=[_report(records, name="many.json")])
    assert not Place.objects.filter(slug="kazan").exclude(name="Kazan").exists()
    assert not ReportImport.objects.exists()


@pytest.mark.usefixtures("seed")
def test_an_exception_midway_leaves_the_database_as_it_was(monkeypatch):
    meeting = _record("summits.meeting", slug="2025-11-18-modi-patrushev")
    meeting["fields"]["title"] = "Changed"
    meeting["fields"]["sectors"].append(["defence"])
    place = {
        "model": "summits.place",
        "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]},
    }
    before = _dump()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # After the records are written, before their links are.
    monkeypatch.setattr(importing, "_write_links", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        report_import(files=[_report([place, meeting])])
    assert _dump() == before


@pytest.mark.usefixtures("seed")
def test_command_exits_non_zero_and_writes_nothing_when_one_of_several_files_is_bad(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            [
                {
                    "model": "summits.place",
                    "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]},
                }
            ]
        )
    )
    bad = tmp_path / "bad.json"
    bad.write_text("[")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_report", str(good), str(bad), stderr=err)
    assert "bad.json: not valid JSON" in err.getvalue()
    assert not Place.objects.filter(slug="sochi").exists()


@pytest.mark.usefixtures("seed")
def test_references_resolve_across_the_files_of_one_import():
    place = {
        "model": "summits.place",
        "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]},
    }
    meeting = {
        "model": "summits.meeting",
        "fields": {
            "slug": "2026-01-15-sochi-talks",
            "title": "Talks in Sochi",
            "date_start": "2026-01-11",
            "date_precision": "mid",
            "place": ["sochi"],
        },
    }
    plan = report_import(files=[_report([meeting], name="b.json"), _report([place], name="a.json")])
    assert Meeting.objects.get(slug="2026-01-15-sochi-talks").place.name == "Sochi"
    assert [log.summary for log in plan.imports] == [
        {"summits.meeting": {"created": 1, "updated": 0, "unchanged": 0}},
        {"summits.place": {"created": 1, "updated": 0, "unchanged": 0}},
    ]


def test_a_parent_given_after_its_child_in_the_same_file(db):
    child = {
        "model": "summits.organisation",
        "fields": {"slug": "embassy-a", "name": "Embassy", "kind": "mission", "parent": ["mfa-a"]},
    }
    parent = {"model": "summits.organisation", "fields": {"slug": "mfa-a", "name": "Ministry"}}
    report_import(files=[_report([child, parent])])
    assert Organisation.objects.get(slug="embassy-a").parent.slug == "mfa-a"


def test_an_accepted_draft_record_is_imported_with_a_review_warning(db):
    place = {
        "model": "summits.place",
        "fields": {"slug": "sochi", "name": "Sochi", "country": ["RU"]},
        "draft": {"sentence": "They met in Sochi.", "review": "new place"},
    }
    plan = report_validate(files=[_report([place])], accept_drafts=True)
    assert plan.ok
    [warning] = plan.warnings
    assert "They met in Sochi." in warning.message and warning.position == 1


def test_queries_do_not_grow_with_the_number_of_records(db, django_assert_max_num_queries):
    def places(count: int) -> list[dict]:
        return [
            {
                "model": "summits.place",
                "fields": {"slug": f"p{i}", "name": f"P{i}", "country": ["RU"]},
            }
            for i in range(count)
        ]

    with django_assert_max_num_queries(20):
        report_import(files=[_report(places(300))])
    with django_assert_max_num_queries(20):
        plan = report_import(files=[_report(places(300))])  # all found, none changed
    assert plan.summary()["summits.place"]["unchanged"] == 300


@pytest.mark.parametrize(("threshold", "analyzed"), [(1, True), (10_000, False)])
def test_a_large_import_refreshes_the_planner_statistics(db, monkeypatch, threshold, analyzed):
    """Past ANALYZE_AFTER_RECORDS records, the tables written (and their link tables)
    are analysed, in the import's transaction; a report typed by hand is not."""
    monkeypatch.setattr(importing, "ANALYZE_AFTER_RECORDS", threshold)
    with CaptureQueriesContext(connection) as captured:
        report_import(files=[_seed_file()])
    tables = {
        query["sql"].split()[1].strip('"')
        for query in captured
        if query["sql"].startswith("ANALYZE ")
    }
    if analyzed:
        assert {"summits_actionitem", "summits_actionitem_sectors", "summits_meeting"} <= tables
    else:
        assert tables == set()
