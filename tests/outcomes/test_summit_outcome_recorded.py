"""The whole way, through the pages: an analyst pastes the 23rd summit's joint statement,
reviews the draft (its paragraphs, the agreements signed and their signatories, the
commitments drawn from them), imports it, records progress, sees compliance per party,
freezes an interim report and downloads the brief for the next summit."""

import io
import re
from pathlib import Path

import docx
import pytest
from django.urls import reverse

from summits.intake.forms import RecordForm
from summits.models import (
    ActionItem,
    Agreement,
    ComplianceReport,
    OutcomeDocument,
    ReportDraft,
    Source,
    Status,
)
from summits.queries.frozen import report_reading

pytestmark = pytest.mark.usefixtures("today", "seed")  # today: 15 June 2026

STATEMENT = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "outcomes"
    / "2025-12-05-made-up-india-russia-joint-statement.txt"
)
NEXT_SUMMIT = "/summits/india-russia-annual-summit/24/"


def _review_and_import(client) -> None:
    text = STATEMENT.read_text(encoding="utf-8")
    details = {"step": "details", "text": text, "publisher": "MEA", "published_on": "2025-12-05"}
    assert client.post(reverse("summits:report-new"), details).status_code == 302
    draft = ReportDraft.objects.get()
    for index in range(len(draft.records)):
        form = RecordForm(record=draft.records[index], index=index)
        data = {form.add_prefix(name): form[name].value() or "" for name in form.fields}
        url = reverse("summits:report-record", args=[draft.pk, index])
        assert client.post(url, {"action": "accept", **data}).status_code == 302, index
        draft.refresh_from_db()
    response = client.post(reverse("summits:report-import", args=[draft.pk]))
    assert response.status_code == 302, re.findall(r"<li[^>]*>([^<]{0,300})", response.text)[:20]


def test_an_analyst_records_a_summits_outcome_and_follows_it_up(analyst_client):
    _review_and_import(analyst_client)

    document = OutcomeDocument.objects.get()
    assert document.summit.number == 23 and document.paragraphs.count() == 7
    maritime = Agreement.objects.get(title="Memorandum of Understanding on Maritime Cooperation")
    assert sorted(maritime.signatories.values_list("person__name", flat=True)) == [
        "S. Jaishankar",
        "Sergey Lavrov",
    ]
    roadmap = ActionItem.objects.get(responsible__country__iso2="IN", paragraph__number=2)
    assert roadmap.target_summit.number == 24
    page = analyst_client.get(document.get_absolute_url()).text
    assert roadmap.title in page  # the paragraph shows the commitment drawn from it

    # Progress on the roadmap, recorded with evidence, scores for India and for Russia.
    source = Source.objects.get(kind="joint_statement")
    response = analyst_client.post(
        reverse("summits:actionitem-status-update", args=[roadmap.ref]),
        {
            "status": Status.FULFILLED,
            "as_of": "2026-06-01",
            "note": "",
            "quote": "",
            "evidence": [source.slug],
        },
    )
    assert response.status_code == 302
    summit_page = analyst_client.get(NEXT_SUMMIT).text
    assert "Compliance by party" in summit_page
    assert "India" in summit_page and "Russia" in summit_page

    response = analyst_client.post(
        f"{NEXT_SUMMIT}reports/", {"kind": "interim", "cut_off": "2026-06-01"}
    )
    report = ComplianceReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    reading = report_reading(report)
    assert {p.iso2: p.score for p in reading.compliance.parties} == {"IN": 1.0, "RU": 1.0}
    assert dict(report.entries.values_list("ref", "status"))[roadmap.ref] == Status.FULFILLED

    brief = docx.Document(io.BytesIO(analyst_client.get(f"{NEXT_SUMMIT}brief.docx").content))
    rows = [[c.text for c in row.cells] for table in brief.tables for row in table.rows]
    assert any(maritime.title in row for row in rows)  # the previous summit's agreements
    assert ["India", "1", "1", "+1.00 (100 %)"] in rows
