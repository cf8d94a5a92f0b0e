"""The pre-summit brief, downloaded and read back: its headings, its figures and its page
numbers, in Word and in PDF."""

import datetime as dt
import io

import docx
import pytest
from django.db.models import Q
from pypdf import PdfReader

from summits import services
from summits.brief.content import AT_RISK_LISTED, LISTED, brief_content, outline
from summits.models import ActionItem, Organisation, Source, Status, Summit

pytestmark = pytest.mark.usefixtures("today", "outcomes")  # today: 15 June 2026

URL = "/summits/india-russia-annual-summit/23/brief"
HEADINGS = [
    "The summit",
    "Readiness and compliance",
    "Compliance by party",
    "Overdue and at-risk commitments, by responsible ministry",
    "Meetings since the previous summit",
    "Agreements of the previous summit",
    "Counterparts met",
    "Sources",
]


@pytest.fixture
def assessed() -> None:
    services.status_update_record(
        action_item=ActionItem.objects.get(ref="IRIGC-TEC-26/TRADE-1"),
        status=Status.FULFILLED,
        as_of=dt.date(2026, 6, 1),
        evidence=[Source.objects.get(slug="2025-11-20-ani-india-russia-summit-preparations")],
    )


def test_the_word_brief_has_a_title_page_its_sections_and_the_figures(viewer_client, assessed):
    response = viewer_client.get(f"{URL}.docx")
    assert response["Content-Disposition"] == (
        'attachment; filename="brief-india-russia-annual-summit-23-2026-06-15.docx"'
    )
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "Pre-summit brief: 23rd India–Russia Annual Summit")
    assert [text for style, text in paragraphs if style == "Heading 1"] == HEADINGS
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    # One of the seven items targeting it is fulfilled, the rest not yet assessed: +1.00.
    assert ["India", "7", "1", "+1.00 (100 %)"] in cells
    assert ["Russia", "7", "1", "+1.00 (100 %)"] in cells
    assert ["not yet assessed", "6"] in cells
    # Overdue (due early December 2025) and grouped under each responsible ministry.
    assert any(
        row[0] == "Ministry of External Affairs (MEA)" and row[1] == "IRIGC-TEC-26/ENERGY-1"
        for row in cells
    )
    assert any(row[0] == "Narendra Modi" for row in cells)  # a counterpart met
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer


def test_the_pdf_brief_reads_back_with_its_sections_and_page_numbers(viewer_client, assessed):
    response = viewer_client.get(f"{URL}.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    pages = [page.extract_text() for page in reader.pages]
    assert "Pre-summit brief: 23rd India–Russia Annual Summit" in pages[0]
    text = "\n".join(pages)
    for heading in HEADINGS:
        assert heading in text
    assert "+1.00 (100 %)" in text
    assert all(f"page {n}" in page for n, page in enumerate(pages, 1))
    assert [item.title for item in reader.outline][:2] == HEADINGS[:2]


def test_without_its_font_the_pdf_still_renders_in_transliterated_core_fonts(
    viewer_client, settings, tmp_path
):
    settings.TRACKER_PDF_FONT = str(tmp_path / "missing.ttf")
    text = PdfReader(io.BytesIO(viewer_client.get(f"{URL}.pdf").content)).pages[0].extract_text()
    assert "Pre-summit brief: 23rd India-Russia Annual Summit" in text


def test_another_format_is_not_found(viewer_client):
    assert viewer_client.get(f"{URL}.odt").status_code == 404


def test_a_ministry_with_many_commitments_at_risk_lists_the_first_and_counts_the_rest(
    viewer_client,
):
    summit = Summit.objects.get(number=23)
    mea = Organisation.objects.get(slug="mea-india")
    for n in range(AT_RISK_LISTED + 5):
        item = ActionItem.objects.create(
            ref=f"LATE-{n:02d}",
            title=f"Late {n}",
            target_summit=summit,
            due_start="2025-01-01",
            due_precision="day",
        )
        item.responsible.set([mea])
    document = docx.Document(io.BytesIO(viewer_client.get(f"{URL}.docx").content))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    listed = [row for row in rows if row[0] == "Ministry of External Affairs (MEA)"]
    # Its six seed items at risk and these twenty: fifteen listed, then the count of the rest.
    assert len(listed) == AT_RISK_LISTED + 1
    assert listed[-1][2] == "and 11 more (see the action-item list)"


def test_a_brief_lists_the_latest_sources_of_its_records_then_counts_the_rest():
    summit = Summit.objects.get(number=23)
    brief = brief_content(summit, dt.date(2026, 6, 15))
    # The seed's sources, cited by the summit, its meetings and its items alike.
    cited = Source.objects.filter(
        Q(summits=summit)
        | Q(meetings__in=[m.pk for m in brief.meetings])
        | Q(action_items__target_summit=summit)
    ).distinct()
    assert {s.pk for s in brief.sources} == {s.pk for s in cited}
    assert len(brief.sources) < LISTED

    item = summit.action_items.order_by("pk").first()
    for n in range(LISTED + 3):
        source = Source.objects.create(
            slug=f"s-{n:02d}",
            title=f"Report {n:02d}",
            published_on=dt.date(2026, 1, 1) + dt.timedelta(n),
        )
        item.citations.create(source=source)
    brief = brief_content(summit, dt.date(2026, 6, 15))
    sources = next(section for section in outline(brief) if section.heading == "Sources")
    more = len(brief.sources) - LISTED
    assert len(sources.paragraphs) == LISTED + 1
    assert sources.paragraphs[0].endswith(f"Report {LISTED + 2:02d}")  # the latest first
    assert sources.paragraphs[-1] == (
        f"The latest {LISTED} listed; {more} more older: see the sources of the summit's records."
    )
