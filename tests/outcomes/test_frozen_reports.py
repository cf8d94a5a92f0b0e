"""Compliance reports frozen at a cut-off: each commitment's status as of that day, the
scores it gave, unchanged by anything recorded later, and what moved since the last one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from summits import services
from summits.models import ActionItem, ComplianceReport, Source, Status, StatusUpdate, Summit
from summits.queries.compliance import statuses_as_of
from summits.queries.frozen import report_reading

pytestmark = pytest.mark.usefixtures("today", "seed")  # today: 15 June 2026

SUMMIT_URL = "/summits/india-russia-annual-summit/23/"


def summit() -> Summit:
    return Summit.objects.get(number=23)


def _assess(ref: str, status: str, day: dt.date) -> None:
    services.status_update_record(
        action_item=ActionItem.objects.get(ref=ref),
        status=status,
        as_of=day,
        evidence=[Source.objects.get()],
    )


@pytest.fixture
def march() -> None:
    # By the cut-off of 1 March 2026: TRADE fulfilled (+1), FINANCE in progress (0); the
    # five others targeting the summit not yet assessed. Mean +0.50 over the two scored.
    _assess("IRIGC-TEC-26/TRADE-1", Status.FULFILLED, dt.date(2026, 2, 1))
    _assess("IRIGC-TEC-26/FINANCE-1", Status.IN_PROGRESS, dt.date(2026, 3, 1))


def test_a_report_stores_the_statuses_and_scores_as_of_its_cut_off(march, analyst):
    _assess("IRIGC-TEC-26/ENERGY-1", Status.NOT_FULFILLED, dt.date(2026, 3, 2))  # after it
    report = services.compliance_report_freeze(
        summit=summit(), kind="interim", cut_off=dt.date(2026, 3, 1), author=analyst
    )
    statuses = dict(report.entries.values_list("ref", "status"))
    assert statuses["IRIGC-TEC-26/TRADE-1"] == Status.FULFILLED
    assert statuses["IRIGC-TEC-26/FINANCE-1"] == Status.IN_PROGRESS
    assert statuses["IRIGC-TEC-26/ENERGY-1"] == Status.NOT_ASSESSED  # as it was on 1 March
    assert len(statuses) == 7
    reading = report_reading(report)
    assert (reading.score, reading.score_percent) == (0.5, 75)
    assert {p.iso2: p.score for p in reading.compliance.parties} == {"IN": 0.5, "RU": 0.5}


def test_nothing_recorded_later_changes_a_frozen_report(march, analyst):
    report = services.compliance_report_freeze(
        summit=summit(), kind="interim", cut_off=dt.date(2026, 3, 1), author=analyst
    )
    frozen = (report.figures, list(report.entries.values_list("ref", "status", "parties")))
    _assess("IRIGC-TEC-26/TRADE-1", Status.NOT_FULFILLED, dt.date(2026, 2, 15))  # back-dated
    ActionItem.objects.filter(ref="MARITIME-2025-1").update(title="Renamed later")
    StatusUpdate.objects.filter(action_item__ref="IRIGC-TEC-26/FINANCE-1").delete()
    report.refresh_from_db()
    assert (report.figures, list(report.entries.values_list("ref", "status", "parties"))) == frozen


def test_a_later_report_shows_what_moved_since_the_one_before(march, analyst):
    services.compliance_report_freeze(
        summit=summit(), kind="interim", cut_off=dt.date(2026, 3, 1), author=analyst
    )
    _assess("IRIGC-TEC-26/FINANCE-1", Status.FULFILLED, dt.date(2026, 5, 1))
    _assess("IRIGC-TEC-26/ENERGY-1", Status.NOT_FULFILLED, dt.date(2026, 5, 2))
    final = services.compliance_report_freeze(
        summit=summit(), kind="final", cut_off=dt.date(2026, 6, 1), author=analyst
    )
    reading = report_reading(final)
    assert {(m.ref, m.before, m.after) for m in reading.moved} == {
        ("IRIGC-TEC-26/FINANCE-1", Status.IN_PROGRESS, Status.FULFILLED),
        ("IRIGC-TEC-26/ENERGY-1", Status.NOT_ASSESSED, Status.NOT_FULFILLED),
    }
    # +1, +1, −1 over three: +0.33, from +0.50.
    assert reading.score_change == pytest.approx(1 / 3 - 0.5)


def test_items_recorded_after_the_cut_off_are_not_in_it():
    StatusUpdate.objects.filter(action_item__ref="MARITIME-2025-1").update(as_of="2026-04-01")
    statuses = statuses_as_of(summit(), dt.date(2026, 3, 1))
    refs = set(ActionItem.objects.filter(pk__in=statuses).values_list("ref", flat=True))
    assert "MARITIME-2025-1" not in refs
    assert len(refs) == 6


def test_a_cut_off_still_to_come_is_refused():
    with pytest.raises(ValidationError, match="later statuses are not known yet"):
        services.compliance_report_freeze(
            summit=summit(), kind="interim", cut_off=dt.date(2026, 6, 16)
        )
    assert not ComplianceReport.objects.exists()


def test_an_analyst_freezes_a_report_from_the_summits_page(analyst_client, march):
    response = analyst_client.post(
        f"{SUMMIT_URL}reports/", {"kind": "interim", "cut_off": "2026-03-01"}
    )
    report = ComplianceReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    page = analyst_client.get(report.get_absolute_url()).text
    assert "+0.50</strong> (75 %)" in page
    assert "Interim report, statuses as of 1 March 2026" in analyst_client.get(SUMMIT_URL).text


def test_a_refused_report_shows_the_summits_page_with_the_problem_first(analyst_client):
    response = analyst_client.post(
        f"{SUMMIT_URL}reports/", {"kind": "interim", "cut_off": "2027-01-01"}
    )
    assert response.status_code == 400
    assert response.text.index("There is a problem") < response.text.index("<h1>")
    assert not ComplianceReport.objects.exists()


def test_a_viewer_reads_reports_but_cannot_freeze_one(viewer_client, march, analyst):
    report = services.compliance_report_freeze(
        summit=summit(), kind="interim", cut_off=dt.date(2026, 3, 1), author=analyst
    )
    assert viewer_client.get(report.get_absolute_url()).status_code == 200
    assert "Freeze the report" not in viewer_client.get(SUMMIT_URL).text
    response = viewer_client.post(
        f"{SUMMIT_URL}reports/", {"kind": "final", "cut_off": "2026-03-01"}
    )
    assert response.status_code == 403
    assert ComplianceReport.objects.count() == 1
