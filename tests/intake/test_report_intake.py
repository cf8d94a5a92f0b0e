"""Report intake in the browser: a draft made, reviewed record by record, and imported.

The review tests start from a hand-written draft (the drafter's output format, with its
notes), so they prove the review's rules whatever the drafter makes of a text; the
tests of the new-report form run the real drafter.
"""

import copy
import datetime as dt
import json

import pytest
from django.urls import reverse

from summits.drafting import report_details
from summits.importing import ReportFile, report_validate
from summits.intake.forms import RecordForm
from summits.models import (
    ActionItem,
    Meeting,
    Participation,
    Person,
    ReportDraft,
    ReportImport,
    Source,
    Summit,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("seed")
SEED_TEXT = (
    ROOT / "tests" / "data" / "reports" / "2025-11-20-ani-india-russia-summit-preparations.txt"
)

SOURCE = "2025-12-03-tass-lavrov-misri-talks"
MEETING = "2025-12-02-lavrov-misri"
TEXT = (
    "MOSCOW, December 3 (TASS) - Russian Foreign Minister Sergei Lavrov met Indian Foreign "
    "Secretary Vikram Misri in Moscow on December 2, 2025.\n\n"
    "The two sides agreed to launch a joint study on a free trade agreement by March 2026. "
    "They also agreed to hold consular consultations in the first quarter of 2026.\n\n"
    "The 23rd India–Russia Annual Summit is now scheduled for 4 December 2025 in New Delhi."
)
MET = TEXT.split("\n\n")[0]
STUDY = "The two sides agreed to launch a joint study on a free trade agreement by March 2026."
CONSULAR = "They also agreed to hold consular consultations in the first quarter of 2026."
SUMMIT = TEXT.split("\n\n")[2]


def _r(model: str, sentence: str, **fields) -> dict:
    return {"model": f"summits.{model}", "fields": fields, "draft": {"sentence": sentence}}


def _commitment(ref: str, title: str, sentence: str, due: str, precision: str) -> list[dict]:
    return [
        _r(
            "actionitem",
            sentence,
            ref=ref,
            title=title,
            text=sentence,
            sectors=[["trade"]],
            origin_meeting=[MEETING],
            target_summit=None,
            due_start=due,
            due_precision=precision,
            priority=2,
        ),
        _r("actionitemcitation", sentence, action_item=[ref], source=[SOURCE], quote=sentence),
        _r(
            "statusupdate",
            sentence,
            action_item=[ref],
            as_of="2025-12-03",
            sequence=1,
            status="not_started",
            note="",
        ),
        _r(
            "statusupdateevidence",
            sentence,
            status_update=[ref, "2025-12-03", 1],
            source=[SOURCE],
            quote=sentence,
        ),
    ]


RECORDS = [
    _r(
        "source",
        MET,
        slug=SOURCE,
        title="Lavrov and Misri talks in Moscow",
        publisher="TASS",
        published_on="2025-12-03",
        url="",
        kind="news_report",
        text=TEXT,
    ),
    _r(
        "person",
        MET,
        slug="sergei-lavrov",
        name="Sergei Lavrov",
        aliases="",
        title="Foreign Minister",
        country=["RU"],
    ),
    _r(
        "person",
        MET,
        slug="vikram-misry",
        name="Vikram Misry",
        aliases="",
        title="Foreign Secretary",
        country=["IN"],
    ),
    _r(
        "meeting",
        MET,
        slug=MEETING,
        title="Lavrov–Misri talks in Moscow",
        kind="bilateral",
        date_start="2025-12-02",
        date_precision="day",
        place=["moscow"],
        summit=["india-russia-annual-summit", 23],
        commission=None,
        session_number=None,
        summary="",
    ),
    _r(
        "participation",
        MET,
        meeting=[MEETING],
        person=["sergei-lavrov"],
        role="Foreign Minister",
        side=["RU"],
    ),
    _r(
        "participation",
        MET,
        meeting=[MEETING],
        person=["vikram-misry"],
        role="Foreign Secretary",
        side=["IN"],
    ),
    _r("meetingcitation", MET, meeting=[MEETING], source=[SOURCE], quote=MET),
    _r(
        "summit",
        SUMMIT,
        series=["india-russia-annual-summit"],
        number=23,
        date_start="2025-12-04",
        date_precision="day",
        status="scheduled",
    ),
    _r(
        "summitcitation",
        SUMMIT,
        summit=["india-russia-annual-summit", 23],
        source=[SOURCE],
        quote=SUMMIT,
    ),
    *_commitment("TASS-20251203-1", "Launch a joint FTA study", STUDY, "2026-03-01", "month"),
    *_commitment(
        "TASS-20251203-2", "Hold consular consultations", CONSULAR, "2026-01-01", "quarter"
    ),
]
RECORDS[1]["draft"]["candidates"] = [{"slug": "sergey-lavrov", "name": "Sergey Lavrov"}]
# Positions in RECORDS.
LAVROV, MISRY, THE_MEETING, SUMMIT_23, STUDY_ITEM, CONSULAR_ITEM = 1, 2, 3, 7, 9, 13
RECORD_MODELS = (Source, Person, Meeting, Participation, ActionItem, ReportImport)


@pytest.fixture
def draft(analyst) -> ReportDraft:
    records = copy.deepcopy(RECORDS)
    for record in records:
        record["review"] = {"state": "unreviewed"}
    return ReportDraft.objects.create(
        title="Lavrov and Misri talks",
        publisher="TASS",
        published_on=dt.date(2025, 12, 3),
        text=TEXT,
        records=records,
        created_by=analyst,
    )


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in RECORD_MODELS}


def _fields(draft: ReportDraft, index: int, **changes) -> dict:
    """The record's form as the page shows it, with some fields typed over."""
    form = RecordForm(record=draft.records[index], index=index)
    data = {form.add_prefix(name): form[name].value() or "" for name in form.fields}
    data.update({form.add_prefix(name): value for name, value in changes.items()})
    return data


def _post(client, draft: ReportDraft, index: int, action: str = "accept", **data):
    url = reverse("summits:report-record", args=[draft.pk, index])
    return client.post(url, {"action": action, **data})


def _accept(client, draft: ReportDraft, index: int, **changes):
    return _post(client, draft, index, **_fields(draft, index, **changes))


def _accept_the_rest(client, draft: ReportDraft) -> None:
    draft.refresh_from_db()
    for index, record in enumerate(draft.records):
        if record["review"]["state"] == "unreviewed":
            assert _accept(client, draft, index).status_code == 302
            draft.refresh_from_db()


def _state(draft: ReportDraft, index: int) -> str:
    draft.refresh_from_db()
    return draft.records[index]["review"]["state"]


# Who may ---------------------------------------------------------------------------------


def _intake_urls(draft: ReportDraft) -> list[tuple[str, str]]:
    return [
        ("get", reverse("summits:report-list")),
        ("get", reverse("summits:report-new")),
        ("post", reverse("summits:report-new")),
        ("get", draft.get_absolute_url()),
        ("post", reverse("summits:report-record", args=[draft.pk, 0])),
        ("post", reverse("summits:report-import", args=[draft.pk])),
        ("get", reverse("summits:report-fixture", args=[draft.pk])),
    ]


def test_viewers_are_refused_every_intake_page(viewer_client, draft):
    before = _counts()
    for method, url in _intake_urls(draft):
        response = getattr(viewer_client, method)(url, {"action": "drop", "text": TEXT})
        assert response.status_code == 403, url
    assert _counts() == before
    assert _state(draft, 0) == "unreviewed"


def test_anonymous_users_are_sent_to_log_in(client, draft):
    for method, url in _intake_urls(draft):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(f"{reverse('login')}?next="), url


def test_analysts_see_reports_in_the_navigation_and_viewers_do_not(analyst_client, client, viewer):
    assert b'href="/reports/new/"' in analyst_client.get("/").content
    client.force_login(viewer)
    assert b'href="/reports/' not in client.get("/").content


# A new report ------------------------------------------------------------------------------


def test_pasted_text_prefills_the_details_then_drafts_records(analyst_client, analyst):
    text = SEED_TEXT.read_text(encoding="utf-8")
    response = analyst_client.post(reverse("summits:report-new"), {"step": "text", "text": text})
    assert response.status_code == 200
    details, found = response.context["details"], report_details(text=text)
    assert details["published_on"].value() == found.published == dt.date(2025, 11, 20)
    assert details["publisher"].value() == found.publisher == "ANI"
    assert details["title"].value() == found.title
    assert details["text"].value() == text

    response = analyst_client.post(
        reverse("summits:report-new"),
        {"step": "details", "text": TEXT, "publisher": "TASS", "published_on": "2025-12-03"},
    )
    draft = ReportDraft.objects.get()
    assert response.status_code == 302
    assert response.url == draft.get_absolute_url()
    assert (draft.created_by, draft.state, draft.publisher) == (analyst, "draft", "TASS")
    assert draft.records[0]["model"] == "summits.source"
    assert all(record["review"] == {"state": "unreviewed"} for record in draft.records)
    page = analyst_client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert b"<mark>" in page.content
    assert b"Not reviewed yet" in page.content


def test_a_draft_lists_with_its_state_and_who_made_it(analyst_client, draft):
    page = analyst_client.get(reverse("summits:report-list")).content.decode()
    assert "Lavrov and Misri talks" in page
    assert "being reviewed" in page
    assert "by alice" in page


def _docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for paragraph in text.replace("–", "-").split("\n\n"):
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(6)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("report.txt", lambda text: text.encode()),
        ("report.html", lambda text: f"<html><body><p>{text}</p></body></html>".encode()),
        ("report.docx", _docx),
        ("report.pdf", _pdf),
    ],
)
def test_an_uploaded_file_is_read_into_the_details_step(analyst_client, tmp_path, name, build):
    path = tmp_path / name
    path.write_bytes(build(TEXT))
    with path.open("rb") as upload:
        response = analyst_client.post(
            reverse("summits:report-new"), {"step": "text", "file": upload}
        )
    assert response.status_code == 200
    details = response.context["details"]
    assert "Vikram Misri" in details["text"].value()
    assert details["file_name"].value() == name
    response = analyst_client.post(
        reverse("summits:report-new"),
        {
            "step": "details",
            "text": details["text"].value(),
            "publisher": "TASS",
            "published_on": "2025-12-03",
            "file_name": name,
        },
    )
    assert response.status_code == 302
    assert ReportDraft.objects.get().file_name == name


# The review: accept, edit, drop, use a recorded one -------------------------------------------


def test_accepting_an_edited_record_keeps_the_correction(analyst_client, draft, analyst):
    response = _accept(analyst_client, draft, MISRY, name="Vikram Misri")
    assert response.status_code == 302
    assert response.url == f"{draft.get_absolute_url()}#record-{MISRY}"
    draft.refresh_from_db()
    assert draft.records[MISRY]["fields"]["name"] == "Vikram Misri"
    assert draft.records[MISRY]["review"] == {"state": "accepted"}
    assert draft.reviewed_by == analyst
    assert draft.state == "draft"  # others wait


def test_a_fuzzy_date_is_typed_as_words(analyst_client, draft):
    form = RecordForm(record=draft.records[STUDY_ITEM], index=STUDY_ITEM)
    assert form["due"].value() == "March 2026"
    _accept(analyst_client, draft, STUDY_ITEM, due="early December 2026")
    draft.refresh_from_db()
    fields = draft.records[STUDY_ITEM]["fields"]
    assert (fields["due_start"], fields["due_precision"]) == ("2026-12-01", "early")


def test_a_date_that_cannot_be_read_is_refused_at_its_field(analyst_client, draft):
    response = _accept(analyst_client, draft, THE_MEETING, date="early Decembr 2025")
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a date we can read" in page
    assert f'id="id_r{THE_MEETING}-date_error"' in page
    assert "data-focus-first" in page
    assert _state(draft, THE_MEETING) == "unreviewed"
    assert draft.records[THE_MEETING]["fields"]["date_start"] == "2025-12-02"


def test_a_changed_key_is_followed_by_the_records_that_refer_to_it(analyst_client, draft):
    _accept(analyst_client, draft, MISRY, slug="vikram-misri", name="Vikram Misri")
    draft.refresh_from_db()
    assert draft.records[MISRY + 3]["fields"]["person"] == ["vikram-misri"]
    # A new reference code re-keys the item's update, and the update's evidence in turn.
    _accept(analyst_client, draft, STUDY_ITEM, ref="TASS-STUDY")
    draft.refresh_from_db()
    assert draft.records[STUDY_ITEM + 2]["fields"]["action_item"] == ["TASS-STUDY"]
    evidence = draft.records[STUDY_ITEM + 3]["fields"]["status_update"]
    assert evidence == ["TASS-STUDY", "2025-12-03", 1]


def test_dropping_a_commitment_drops_its_update_citation_and_evidence(analyst_client, draft):
    assert _post(analyst_client, draft, STUDY_ITEM, "drop").status_code == 302
    states = [_state(draft, i) for i in range(STUDY_ITEM, STUDY_ITEM + 5)]
    assert states == ["dropped"] * 4 + ["unreviewed"]
    assert "depends on Launch a joint FTA study" in draft.records[STUDY_ITEM + 1]["review"]["why"]


def test_dropping_a_meeting_clears_optional_references_to_it(analyst_client, draft):
    _post(analyst_client, draft, THE_MEETING, "drop")
    draft.refresh_from_db()
    states = [record["review"]["state"] for record in draft.records]
    assert states[THE_MEETING : THE_MEETING + 4] == ["dropped"] * 4  # with who met and its source
    assert states[STUDY_ITEM] == "unreviewed"
    assert draft.records[STUDY_ITEM]["fields"]["origin_meeting"] is None


def test_dropping_a_change_to_a_recorded_summit_keeps_what_refers_to_the_summit(
    analyst_client, draft
):
    _post(analyst_client, draft, SUMMIT_23, "drop")
    draft.refresh_from_db()
    assert draft.records[SUMMIT_23 + 1]["review"]["state"] == "unreviewed"
    assert draft.records[THE_MEETING]["fields"]["summit"] == ["india-russia-annual-summit", 23]


def test_a_dropped_record_can_be_restored(analyst_client, draft):
    _post(analyst_client, draft, LAVROV, "drop")
    _post(analyst_client, draft, LAVROV, "restore")
    assert _state(draft, LAVROV) == "unreviewed"


def test_a_drafted_person_shows_the_recorded_one_it_may_be_and_can_become_it(analyst_client, draft):
    page = analyst_client.get(draft.get_absolute_url()).content.decode()
    assert "Use existing: Sergey Lavrov" in page
    response = _post(
        analyst_client, draft, LAVROV, "use-existing", **{"use1-existing": "sergey-lavrov"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.records[LAVROV]["review"]["state"] == "dropped"
    assert "Sergey Lavrov" in draft.records[LAVROV]["review"]["why"]
    assert draft.records[LAVROV + 3]["fields"]["person"] == ["sergey-lavrov"]


def test_a_recorded_one_is_found_by_name_or_not_at_all(analyst_client, draft):
    response = _post(analyst_client, draft, MISRY, "use-existing", **{"use2-query": "Nobody Atall"})
    assert response.status_code == 400
    assert "No recorded person has the key or name “Nobody Atall”" in response.content.decode()
    assert _state(draft, MISRY) == "unreviewed"
    _post(analyst_client, draft, MISRY, "use-existing", **{"use2-query": "s. jaishankar"})
    draft.refresh_from_db()
    assert draft.records[MISRY + 3]["fields"]["person"] == ["s-jaishankar"]


def test_the_importers_problems_show_at_their_fields(analyst_client, draft):
    _accept(analyst_client, draft, THE_MEETING, place="atlantis")
    page = analyst_client.get(draft.get_absolute_url()).content.decode()
    assert "refers to summits.place atlantis, which is neither in the database" in page
    assert f'id="id_r{THE_MEETING}-place_error"' in page
    assert f'href="#id_r{THE_MEETING}-place"' in page  # from the list of problems


def test_a_proposed_change_to_a_recorded_summit_is_shown(analyst_client, draft):
    page = analyst_client.get(draft.get_absolute_url()).content.decode()
    assert "Changes proposed to the recorded summit" in page
    assert "anticipated → scheduled" in page


def test_htmx_gets_the_review_back_with_focus_on_the_record_decided(analyst_client, draft):
    url = reverse("summits:report-record", args=[draft.pk, LAVROV])
    response = analyst_client.post(url, {"action": "drop"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="review"')
    assert 'role="status" tabindex="-1" data-focus-first' in page


# The import ---------------------------------------------------------------------------------


def test_the_import_is_refused_while_a_record_is_unreviewed(analyst_client, draft):
    _accept(analyst_client, draft, 0)
    before = _counts()
    response = analyst_client.post(reverse("summits:report-import", args=[draft.pk]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "are not reviewed yet" in page
    assert "Sergei Lavrov" in page
    assert _counts() == before
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_import_is_all_or_nothing(analyst_client, draft):
    _accept(analyst_client, draft, STUDY_ITEM + 2, as_of="2099-01-01")
    _accept_the_rest(analyst_client, draft)
    draft.refresh_from_db()
    assert draft.state == "reviewed"
    before = _counts()
    response = analyst_client.post(reverse("summits:report-import", args=[draft.pk]))
    assert response.status_code == 400
    assert "Not imported: nothing was written" in response.content.decode()
    assert "An update cannot be dated in the future" in response.content.decode()
    assert _counts() == before
    draft.refresh_from_db()
    assert draft.state == "reviewed"


def _import(client, draft: ReportDraft):
    _post(client, draft, MISRY, "use-existing", **{"use2-query": "s-jaishankar"})
    _post(client, draft, CONSULAR_ITEM, "drop")
    _accept_the_rest(client, draft)
    return client.post(reverse("summits:report-import", args=[draft.pk]))


def test_an_import_writes_the_reviewed_records_and_links_them(analyst_client, draft, analyst):
    response = _import(analyst_client, draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "imported"
    assert draft.imports.get().imported_by == analyst
    meeting = Meeting.objects.get(slug=MEETING)
    assert set(meeting.participants.values_list("slug", flat=True)) == {
        "sergei-lavrov",
        "s-jaishankar",
    }
    assert ActionItem.objects.filter(ref="TASS-20251203-1").exists()
    assert not ActionItem.objects.filter(ref="TASS-20251203-2").exists()
    assert Summit.objects.get(number=23).status == "scheduled"

    page = analyst_client.get(response.url).content.decode()
    for url in [
        meeting.get_absolute_url(),
        reverse("summits:person-detail", args=["sergei-lavrov"]),
        reverse("summits:actionitem-detail", args=["TASS-20251203-1"]),
        Summit.objects.get(number=23).get_absolute_url(),
        reverse("summits:source-detail", args=[SOURCE]),
    ]:
        assert f'href="{url}"' in page
    assert "updated" in page and "created" in page


def test_an_imported_draft_changes_no_more(analyst_client, draft):
    _import(analyst_client, draft)
    before = _counts()
    assert _post(analyst_client, draft, 0, "drop").status_code == 404
    response = analyst_client.post(reverse("summits:report-import", args=[draft.pk]))
    assert response.status_code == 302
    assert _counts() == before


def test_the_reviewed_fixture_downloads_and_imports_again_unchanged(analyst_client, draft):
    fixture_url = reverse("summits:report-fixture", args=[draft.pk])
    assert analyst_client.get(fixture_url).status_code == 404  # not before the import
    _import(analyst_client, draft)
    response = analyst_client.get(fixture_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{SOURCE}.json"'
    records = json.loads(response.content)
    assert all(set(record) == {"model", "fields"} for record in records)
    assert response.content.decode().startswith('[\n  {\n    "model": "summits.source"')
    plan = report_validate(
        files=[ReportFile(name=f"{SOURCE}.json", data=response.content, size=len(response.content))]
    )
    assert plan.ok and not plan.changes
    assert all(row["created"] == row["updated"] == 0 for row in plan.summary().values())
