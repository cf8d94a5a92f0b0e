"""Bad input to report intake: each gets a clear message, writes nothing, and never a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from summits.intake.forms import RecordForm
from summits.intake.services import report_draft_create
from summits.models import ReportDraft, Source, record_models

pytestmark = pytest.mark.usefixtures("seed")
NEW = "summits:report-new"
HOSTILE = (
    "NEW DELHI, Dec 1 (ANI) - <script>alert(1)</script> External Affairs Minister "
    "S Jaishankar\x00 met \u202eRussian\u202c Foreign Minister Sergey Lavrov "
    '<img src=x onerror="alert(2)"> in New Delhi on December 1, 2025.'
)


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in [*record_models(), ReportDraft]}


@pytest.fixture
def before(db, seed) -> dict[str, int]:
    return _counts()


def _upload(client, tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    with path.open("rb") as upload:
        return client.post(reverse(NEW), {"step": "text", "file": upload})


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x00\x00"])
def test_empty_text_is_refused_at_the_text_box(analyst_client, before, text):
    response = analyst_client.post(reverse(NEW), {"step": "text", "text": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The report has no text: paste it here, or upload a file that holds it." in page
    assert "data-focus-first" in page
    assert _counts() == before


def test_empty_text_in_the_details_step_is_refused_too(analyst_client, before):
    data = {"step": "details", "text": "\x00 ", "publisher": "ANI", "published_on": "2025-12-01"}
    response = analyst_client.post(reverse(NEW), data)
    assert response.status_code == 400
    assert "The report has no text: paste it again." in response.content.decode()
    assert _counts() == before


def test_details_that_are_missing_or_wrong_are_refused_at_their_fields(analyst_client, before):
    data = {"step": "details", "text": HOSTILE, "published_on": "yesterday", "url": "ftp://x"}
    response = analyst_client.post(reverse(NEW), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_publisher"' in page
    assert 'href="#id_published_on"' in page
    assert 'href="#id_url"' in page
    assert _counts() == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "The submitted file is empty."),
        ("blob.txt", bytes(range(256)) * 40, "blob.txt is not a text file (it holds binary data)"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image.png is not a .txt"),
        ("broken.pdf", b"%PDF-1.4 not really", "broken.pdf"),
        ("broken.docx", b"PK\x03\x04 not a zip", "broken.docx"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_message(
    analyst_client, before, tmp_path, name, data, message
):
    response = _upload(analyst_client, tmp_path, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _counts() == before


def test_a_pdf_without_a_text_layer_is_refused(analyst_client, before, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 50, style="F")  # a scan is a picture: no text to read
    response = _upload(analyst_client, tmp_path, "scan.pdf", bytes(pdf.output()))
    assert response.status_code == 400
    assert "scan.pdf" in response.content.decode()
    assert _counts() == before


def test_a_file_over_the_size_limit_is_refused(analyst_client, before, tmp_path, settings):
    settings.TRACKER_REPORT_MAX_BYTES = 1000
    response = _upload(analyst_client, tmp_path, "long.txt", b"The ministers met. " * 100)
    assert response.status_code == 400
    assert "over the limit of" in response.content.decode()
    assert _counts() == before


def test_hostile_text_is_stored_without_nul_and_shown_inert(analyst_client, before):
    data = {"step": "details", "text": HOSTILE, "publisher": "ANI", "published_on": "2025-12-01"}
    response = analyst_client.post(reverse(NEW), data)
    assert response.status_code == 302
    draft = ReportDraft.objects.get()
    assert "\x00" not in draft.text
    assert "\x00" not in str(draft.records)
    assert "\u202e" in draft.text  # a right-to-left mark is text: kept, and shown escaped
    page = analyst_client.get(draft.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x onerror" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Nothing of the tracker's records is written before the import.
    assert {k: v for k, v in _counts().items() if k != "ReportDraft"} == {
        k: v for k, v in before.items() if k != "ReportDraft"
    }


def test_lone_surrogates_are_stripped_before_storing(db, analyst):
    draft = report_draft_create(
        text="NEW DELHI, Dec 1 (ANI) - The \ud800ministers met\udfff.",
        publisher="ANI\ud83d",
        published=dt.date(2025, 12, 1),
        user=analyst,
    )
    draft.refresh_from_db()
    assert "\ud800" not in draft.text and "\udfff" not in draft.text
    assert draft.publisher == "ANI"
    draft.records[0]["fields"]["text"].encode("utf-8")  # storable anywhere


def test_a_file_with_an_encoded_lone_surrogate_is_read_or_refused_never_a_500(
    analyst_client, before, tmp_path
):
    response = _upload(
        analyst_client, tmp_path, "odd.txt", b"NEW DELHI (ANI) - The ministers \xed\xa0\x80 met."
    )
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        response.context["details"]["text"].value().encode("utf-8")
    assert _counts() == before


def test_a_hostile_edit_is_stored_without_nul_and_shown_inert(analyst_client, analyst):
    draft = report_draft_create(
        text="NEW DELHI, Dec 1 (ANI) - The ministers met in New Delhi on December 1, 2025.",
        publisher="ANI",
        published=dt.date(2025, 12, 1),
        user=analyst,
    )
    url = reverse("summits:report-record", args=[draft.pk, 0])
    form = RecordForm(record=draft.records[0], index=0)
    data = {form.add_prefix(name): form[name].value() or "" for name in form.fields}
    data["r0-title"] = "<script>alert(3)</script>\x00 \u202eevil"
    response = analyst_client.post(url, {"action": "accept", **data})
    assert response.status_code == 302, response.content.decode()
    draft.refresh_from_db()
    assert draft.records[0]["fields"]["title"] == "<script>alert(3)</script> \u202eevil"
    page = analyst_client.get(draft.get_absolute_url()).content.decode()
    assert "<script>alert(3)" not in page
    assert Source.objects.filter(title__contains="alert(3)").count() == 0


@pytest.mark.parametrize("index", [-1, 999])
def test_a_record_that_is_not_there_is_a_404(analyst_client, analyst, index):
    draft = report_draft_create(
        text="NEW DELHI, Dec 1 (ANI) - The ministers met.",
        publisher="ANI",
        published=dt.date(2025, 12, 1),
        user=analyst,
    )
    url = f"/reports/{draft.pk}/records/{index}/"
    assert analyst_client.post(url, {"action": "drop"}).status_code == 404
