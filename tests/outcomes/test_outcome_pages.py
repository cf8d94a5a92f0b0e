"""The agreements' and documents' lists and pages: filters that answer the follow-up
questions (expiring, mechanisms idle), counts that link to lists of that many rows."""

import csv
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from summits.caching import records_changed
from summits.models import Agreement, Commission, Meeting, OutcomeDocument, Paragraph

pytestmark = pytest.mark.usefixtures("today", "outcomes")  # today: 15 June 2026

MOU = "2025-12-05-india-russia-mou-maritime"
MINERALS = "2025-12-05-india-russia-critical-minerals"
STATEMENT = "2025-12-05-india-russia-joint-statement"


def listed(client, url: str) -> list[str]:
    response = client.get(unescape(url))
    assert response.status_code == 200, url
    return [str(row.record) for row in response.context["table"].paginated_rows]


def listed_count(client, url: str) -> int:
    response = client.get(unescape(url))
    assert response.status_code == 200, url
    return response.context["table"].paginator.count


def test_agreements_list_filters_by_party_status_and_summit(viewer_client):
    everything = listed(viewer_client, "/agreements/")
    assert sorted(everything) == [
        "Agreement on a working group on critical minerals",
        "Memorandum of Understanding on maritime cooperation",
    ]
    assert listed(viewer_client, "/agreements/?status=in_force") == [
        "Memorandum of Understanding on maritime cooperation"
    ]
    assert (
        len(listed(viewer_client, "/agreements/?party=IN&summit=india-russia-annual-summit-23"))
        == 2
    )
    assert listed(viewer_client, "/agreements/?party=CN") == []


@pytest.mark.parametrize(("days", "found"), [(1000, 0), (2000, 1)])
def test_expiring_within_counts_days_from_today(viewer_client, days, found):
    # The MoU expires on 5 Dec 2030: 1,634 days after 15 June 2026.
    assert len(listed(viewer_client, f"/agreements/?expiring_within={days}")) == found


def test_a_mechanism_not_met_is_flagged_once_its_interval_has_passed_since_signing(viewer_client):
    # The minerals working group, set up on 5 Dec 2025, has never met. On 15 June 2026
    # twelve months have not passed since the signing; six have.
    assert listed(viewer_client, "/agreements/?mechanism_idle=12") == []
    assert listed(viewer_client, "/agreements/?mechanism_idle=6") == [
        "Agreement on a working group on critical minerals"
    ]
    Meeting.objects.create(
        slug="2026-03-01-minerals-wg-1",
        title="First meeting of the critical minerals working group",
        date_start="2026-03-01",
        commission=Commission.objects.get(slug="india-russia-critical-minerals-wg"),
    )
    assert listed(viewer_client, "/agreements/?mechanism_idle=6") == []


def test_a_filter_that_cannot_be_applied_empties_the_list(viewer_client):
    response = viewer_client.get("/agreements/?expiring_within=soon")
    assert response.context["table"].paginator.count == 0
    assert "Enter a number." in response.text


def test_agreement_counts_link_to_lists_of_that_many_commitments(viewer_client):
    page = viewer_client.get("/agreements/?q=minerals").text
    href = re.search(r'href="(/action-items/\?agreement=[^"]+)">1<', page).group(1)
    assert listed(viewer_client, href) == [
        "SUMMIT-23/TRADE-1: Raise bilateral trade to USD 100 billion by 2030"
    ]


def test_the_agreements_export_holds_the_filtered_rows(viewer_client):
    response = viewer_client.get("/agreements/?status=in_force&_export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # a BOM, for Excel
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["Title"] for row in rows] == ["Memorandum of Understanding on maritime cooperation"]
    assert rows[0]["Expires"] == "2030-12-05"


def test_agreement_page_shows_parties_signatories_validity_and_mechanisms(viewer_client):
    page = viewer_client.get(f"/agreements/{MOU}/").text
    assert "Memorandum of understanding, government-to-government" in page
    assert "India, Russia" in page or "India, Russian Federation" in page
    assert ">S. Jaishankar</a>" in page
    assert 'Entered into force: <time datetime="2025-12-05">5 Dec 2025</time>' in page
    assert 'Expires: <time datetime="2030-12-05">5 Dec 2030</time>' in page
    assert "Renews automatically" in page
    minerals = viewer_client.get(f"/agreements/{MINERALS}/").text
    assert "India–Russia Working Group on Critical Minerals</a>: no meeting recorded" in minerals
    assert (
        'href="/action-items/?agreement=2025-12-05-india-russia-critical-minerals">1 commitment<'
        in minerals
    )


def test_document_page_lists_paragraphs_with_the_commitments_drawn_from_each(viewer_client):
    page = viewer_client.get(f"/documents/{STATEMENT}/").text
    second = re.search(r'<h3 id="paragraph-2">.*?</section>', page, re.S).group(0)
    assert "USD 100 billion by 2030" in second
    assert 'href="/action-items/SUMMIT-23/TRADE-1/"' in second
    first = re.search(r'<h3 id="paragraph-1">.*?</section>', page, re.S).group(0)
    assert "/action-items/" not in first
    href = re.search(r'href="(/action-items/\?document=[^"]+)">3 commitments<', page).group(1)
    assert listed_count(viewer_client, href) == 3


def test_documents_list_counts_paragraphs_and_links_its_commitments(viewer_client):
    response = viewer_client.get("/documents/?kind=joint_statement")
    [row] = response.context["table"].paginated_rows
    assert (row.record.paragraph_count, row.record.item_count) == (4, 3)
    assert listed_count(viewer_client, f"/action-items/?document={STATEMENT}") == 3


def test_an_unknown_agreement_in_the_items_filter_empties_the_list(viewer_client):
    response = viewer_client.get("/action-items/?agreement=no-such-agreement")
    assert response.context["table"].paginator.count == 0


def test_pages_keep_their_queries_with_more_records(viewer_client):
    def counted(url: str) -> int:
        # Menus computed afresh each time: the writes below keep those of other kinds.
        records_changed()
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(url).status_code == 200
        return len(queries)

    before = {
        url: counted(url)
        for url in (
            "/agreements/",
            "/documents/",
            f"/documents/{STATEMENT}/",
            f"/agreements/{MOU}/",
        )
    }
    document = OutcomeDocument.objects.get(slug=STATEMENT)
    for number in range(5, 25):
        Paragraph.objects.create(document=document, number=number, text=f"Paragraph {number}.")
    source = document.source
    for n in range(20):
        OutcomeDocument.objects.create(
            slug=f"extra-{n}",
            title=f"Extra {n}",
            summit=document.summit,
            adopted_on="2025-12-05",
            source=source,
        )
        Agreement.objects.create(slug=f"extra-{n}", title=f"Extra {n}", summit=document.summit)
    after = {url: counted(url) for url in before}
    assert after == before


def test_an_agreement_typed_by_its_title_moves_to_its_slug(viewer_client):
    response = viewer_client.get("/action-items/", {"agreement": "working group on critical"})
    assert response.status_code == 200  # part of a title names nothing: the box says so
    assert response.context["table"].paginator.count == 0
    typed = {"agreement": "Agreement on a working group on critical minerals"}
    response = viewer_client.get("/action-items/", typed)
    assert response.status_code == 302
    assert response["Location"] == f"/action-items/?agreement={MINERALS}"
    picks = viewer_client.get("/pick/document/", {"q": "joint stat"}).json()["results"]
    assert picks == [
        {"slug": STATEMENT, "label": "Joint Statement of the 23rd India–Russia Annual Summit"}
    ]
