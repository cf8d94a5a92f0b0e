"""The admin's index in sections without the link models, fuzzy dates in words in its
history, and an import's summary as a table."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from summits.fuzzydates import FuzzyDate, Precision
from summits.models import (
    ActionItem,
    ActionItemCitation,
    ActionItemRelation,
    AgreementCitation,
    MeetingCitation,
    Paragraph,
    Participation,
    ReportImport,
    Signatory,
    StatusUpdateEvidence,
    SummitCitation,
)

pytestmark = pytest.mark.usefixtures("seed")
LINK_MODELS = [
    Participation,
    SummitCitation,
    MeetingCitation,
    ActionItemCitation,
    StatusUpdateEvidence,
    Paragraph,
    Signatory,
    AgreementCitation,
    ActionItemRelation,
]


def _sections(response) -> dict[str, list[str]]:
    return {
        section["name"]: [model["object_name"] for model in section["models"]]
        for section in response.context["app_list"]
    }


def test_the_index_lists_records_intake_and_reference_data_in_sections(admin_client):
    sections = _sections(admin_client.get(reverse("admin:index")))
    assert list(sections)[:5] == [
        "Records",
        "Follow-up / intake",
        "Background work",
        "Reference data",
        "Accounts",
    ]
    assert sections["Records"] == [
        "Summit",
        "SummitSeries",
        "Meeting",
        "Commission",
        "ActionItem",
        "StatusUpdate",
        "OutcomeDocument",
        "Agreement",
        "Person",
        "Organisation",
        "Place",
        "Source",
    ]
    assert sections["Follow-up / intake"] == [
        "ComplianceReport",
        "ReportDraft",
        "ReportImport",
        "SavedView",
    ]
    assert sections["Background work"] == ["BackgroundTask"]
    assert sections["Reference data"] == ["Country", "Sector"]
    assert sections["Accounts"] == ["User", "Group"]


@pytest.mark.parametrize("model", LINK_MODELS, ids=lambda m: m.__name__)
def test_link_models_are_off_the_index_but_their_pages_still_open(analyst_client, outcomes, model):
    listed = {
        name
        for names in _sections(analyst_client.get(reverse("admin:index"))).values()
        for name in names
    }
    assert model.__name__ not in listed
    opts = model._meta
    record = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    assert analyst_client.get(change).status_code == 200
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert analyst_client.get(changelist).status_code == 200
    assert model in admin.site._registry


def test_the_history_shows_a_fuzzy_date_in_words(analyst_client):
    item = ActionItem.objects.first()
    item.due = FuzzyDate(dt.date(2025, 12, 1), Precision.EARLY_MONTH)
    item.save()
    item.due = FuzzyDate(dt.date(2026, 1, 1), Precision.QUARTER)
    item.save()
    page = analyst_client.get(reverse("admin:summits_actionitem_history", args=[item.pk])).text
    assert "<strong>Due:</strong>\n                    early December 2025" in page
    assert "Q1 2026" in page
    assert "earliest day" not in page and "precision" not in page.lower()


def test_an_imports_summary_is_a_table_not_json(analyst_client):
    log = ReportImport.objects.create(
        file_name="report.json",
        sha256="0" * 64,
        summary={"summits.meeting": {"created": 2, "updated": 1, "unchanged": 3}},
    )
    page = analyst_client.get(reverse("admin:summits_reportimport_change", args=[log.pk])).text
    assert '<th scope="row">meetings</th><td>2</td><td>1</td><td>3</td>' in page
    assert "{" not in page[page.index("field-summary_display") :][:2000]
