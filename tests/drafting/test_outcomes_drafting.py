"""The drafter reads what summits produce: a joint statement's numbered paragraphs become an
outcome document whose operative paragraphs become commitments citing them, and "the
following documents were signed" becomes agreements with their signatories."""

import datetime as dt
from functools import partial
from pathlib import Path

import pytest
from django.urls import reverse

from summits.drafting import report_draft
from summits.drafting.documents import numbered_document
from summits.drafting.signed import signed_in
from summits.drafting.text import report_read
from summits.importing import report_import
from summits.intake.forms import RecordForm
from summits.intake.services import report_draft_create
from summits.models import ActionItem, Agreement, OutcomeDocument, Participation, Signatory
from tests.factories import report_file

DATA = Path(__file__).resolve().parents[1] / "data"
STATEMENT = DATA / "outcomes" / "2025-12-05-made-up-india-russia-joint-statement.txt"
DECISIONS = DATA / "drafting" / "dev" / "2025-09-25-dirco-south-africa-mozambique-bnc.txt"

_file = partial(report_file, name="statement.json")


@pytest.fixture
def records(seed) -> list[dict]:
    """The statement drafted where the seed's 23rd summit, early December 2025, is recorded."""
    return report_draft(text=STATEMENT.read_text(encoding="utf-8"))


def _of(records: list[dict], model: str) -> list[dict]:
    return [r["fields"] for r in records if r["model"] == f"summits.{model}"]


def test_a_joint_statement_is_drafted_as_a_document_with_its_numbered_paragraphs(records):
    [document] = _of(records, "outcomedocument")
    assert document["kind"] == "joint_statement"
    assert document["title"].startswith("Joint Statement of the 23rd India–Russia Annual Summit")
    assert document["summit"] == ["india-russia-annual-summit", 23]
    assert document["adopted_on"] == "2025-12-05"
    paragraphs = {p["number"]: p["text"] for p in _of(records, "paragraph")}
    assert sorted(paragraphs) == [1, 2, 3, 4, 5, 6, 7]
    assert paragraphs[3].startswith("The Sides decided to launch negotiations")
    # The signed documents listed under paragraph 6 belong to it.
    assert "Programme of Cooperation in Critical Minerals" in paragraphs[6]
    assert "Source:" not in " ".join(paragraphs.values())


def test_operative_paragraphs_become_commitments_citing_their_paragraph(records):
    document = _of(records, "outcomedocument")[0]["slug"]
    cited = [(i["paragraph"][1], i["due_start"]) for i in _of(records, "actionitem")]
    # 2: three commitments with their own deadlines; 3 and 4: one each. 1 and 5 describe,
    # 6 lists what was signed, 7 plans the next summit: none is a commitment.
    assert cited == [
        (2, "2030-01-01"),
        (2, "2026-01-01"),  # no deadline: by the next summit, in 2026
        (2, "2026-06-01"),
        (3, "2026-03-01"),
        (4, "2027-12-21"),
    ]
    assert {i["paragraph"][0] for i in _of(records, "actionitem")} == {document}


def test_commitments_made_at_the_summit_are_followed_up_at_the_next_one(records):
    [following] = _of(records, "summit")
    assert (following["number"], following["date_start"]) == (24, "2026-01-01")
    targets = {tuple(i["target_summit"]) for i in _of(records, "actionitem")}
    assert targets == {("india-russia-annual-summit", 24)}


def test_ministries_named_with_their_country_are_responsible(records):
    organisations = {o["slug"]: (o["name"], o["country"]) for o in _of(records, "organisation")}
    [roadmap] = [i for i in _of(records, "actionitem") if i["responsible"]]
    assert [organisations[slug] for [slug] in roadmap["responsible"]] == [
        ("Ministry of Commerce and Industry", ["IN"]),
        ("Ministry of Economic Development", ["RU"]),
    ]


def test_signed_documents_become_agreements_signed_by_people_who_took_part(records):
    agreements = {a["title"]: a for a in _of(records, "agreement")}
    assert {title: a["kind"] for title, a in agreements.items()} == {
        "Memorandum of Understanding on Maritime Cooperation": "mou",
        "Agreement on the Mobility of Skilled Workers": "agreement",
        "Programme of Cooperation in Critical Minerals for 2026–2030": "programme",
    }
    maritime = agreements["Memorandum of Understanding on Maritime Cooperation"]
    assert maritime["countries"] == [["IN"], ["RU"]]
    assert maritime["signed_on"] == "2025-12-05"
    assert maritime["place"] == ["new-delhi"]
    assert maritime["summit"] == ["india-russia-annual-summit", 23]
    signers = {
        s["person"][0]: s["role"]
        for s in _of(records, "signatory")
        if s["agreement"] == [maritime["slug"]]
    }
    assert signers == {
        "s-jaishankar": "External Affairs Minister",
        "sergey-lavrov": "Foreign Minister",
    }
    took_part = {
        p["person"][0] for p in _of(records, "participation") if p["meeting"] == maritime["meeting"]
    }
    assert {"s-jaishankar", "sergey-lavrov", "govind-mohan", "narendra-modi"} <= took_part


def test_the_drafted_statement_imports_with_every_link_and_twice_changes_nothing(records):
    plan = report_import(files=[_file(records)], accept_drafts=True)
    assert plan.ok, [str(e) for e in plan.errors]
    document = OutcomeDocument.objects.get()
    assert document.paragraphs.count() == 7
    assert document.summit.number == 23
    items = ActionItem.objects.filter(paragraph__document=document)
    assert sorted(items.values_list("paragraph__number", flat=True)) == [2, 2, 2, 3, 4]
    maritime = Agreement.objects.get(title="Memorandum of Understanding on Maritime Cooperation")
    assert set(maritime.signatories.values_list("person__slug", flat=True)) == {
        "s-jaishankar",
        "sergey-lavrov",
    }
    assert Participation.objects.filter(
        meeting=maritime.meeting, person__slug="sergey-lavrov"
    ).exists()
    counts = (Agreement.objects.count(), Signatory.objects.count(), ActionItem.objects.count())
    assert report_import(files=[_file(records)], accept_drafts=True).ok
    assert (
        Agreement.objects.count(),
        Signatory.objects.count(),
        ActionItem.objects.count(),
    ) == counts


def test_a_numbered_list_of_decisions_in_a_news_report_is_not_an_outcome_document():
    report = report_read(DECISIONS.read_text(encoding="utf-8"))
    assert numbered_document(report) is None


def _signed(text: str) -> list[tuple[str, str]]:
    return [(d.title, d.kind) for d in signed_in(report_read(text).sentences)]


@pytest.mark.parametrize(
    ("text", "signed"),
    [
        (
            "The two ministers witnessed the signing of a memorandum of understanding between "
            "the Trade Promotion Agency and the Export Agency on support for small exporters.",
            [
                (
                    "Memorandum of understanding between the Trade Promotion Agency and the "
                    "Export Agency on support for small exporters",
                    "mou",
                )
            ],
        ),
        (
            "The agreements signed include a memorandum of understanding on health, an "
            "agreement on driving licences and a protocol on fisheries.",
            [
                ("Memorandum of understanding on health", "mou"),
                ("Agreement on driving licences", "agreement"),
                ("Protocol on fisheries", "protocol"),
            ],
        ),
        (
            "The Leaders welcomed the Green Hydrogen Partnership, signed on the margins of the "
            "Summit by the two ministers.",
            [("Green Hydrogen Partnership", "agreement")],
        ),
        (
            "The co-chairs signed the Protocol of the 27th Session.",
            [("Protocol of the 27th Session", "protocol")],
        ),
        # Still to be signed: commitments, not agreements.
        ("The ministers pledged to sign a gas supply agreement before the summit.", []),
        ("He said the agreement would be signed within three months.", []),
        # A count sums up a list; it names no document.
        ("The two countries signed six agreements on trade and energy.", []),
        # What a protocol says, listed, is not a list of documents.
        (
            "The two sides signed the protocol of the tenth session, under which:\n"
            "- the border crossing will open by March 2026;\n- a bridge will be built.",
            [("Protocol of the tenth session", "protocol")],
        ),
    ],
)
def test_what_was_signed_is_read_from_lists_and_sentences(text, signed):
    assert _signed(text) == signed


def test_the_review_groups_documents_and_agreements_with_their_parts(analyst_client, analyst):
    draft = report_draft_create(
        text=STATEMENT.read_text(encoding="utf-8"),
        publisher="Ministry of External Affairs",
        published=dt.date(2025, 12, 5),
        user=analyst,
    )
    response = analyst_client.get(reverse("summits:report-review", args=[draft.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Outcome documents, with their paragraphs" in page
    assert "Agreements, with their signatories" in page
    assert "Memorandum of Understanding on Maritime Cooperation" in page


@pytest.mark.parametrize(
    ("ticked", "stored"), [({"r0-renews_automatically": "on"}, True), ({}, False)]
)
def test_a_reviewed_agreement_keeps_its_yes_or_no_fields_as_true_or_false(records, ticked, stored):
    [agreement] = [r for r in records if r["model"] == "summits.agreement"][:1]
    form = RecordForm(record=agreement, index=0)
    data = {form.add_prefix(name): form[name].value() or "" for name in form.fields}
    data.pop("r0-renews_automatically")  # an unticked box is not sent at all
    form = RecordForm({**data, **ticked}, record=agreement, index=0)
    assert form.is_valid(), form.errors
    assert form.record_fields()["renews_automatically"] is stored


def test_agencies_that_sign_are_parties_with_their_countries(db):
    records = report_draft(
        text="DOHA, May 3 (QNA) - Qatari Foreign Minister Mohammed Al Khulaifi met Omani Foreign "
        "Minister Badr Albusaidi in Doha on Sunday. On the sidelines of the meeting, the Qatar "
        "Investment Authority and the Oman Investment Authority signed a memorandum of "
        "understanding on joint investments in logistics.",
        published=dt.date(2026, 5, 3),
    )
    organisations = {o["slug"]: (o["name"], o["country"]) for o in _of(records, "organisation")}
    [agreement] = _of(records, "agreement")
    assert agreement["title"] == "Memorandum of understanding on joint investments in logistics"
    assert [organisations[slug] for [slug] in agreement["organisations"]] == [
        ("Qatar Investment Authority", ["QA"]),
        ("Oman Investment Authority", ["OM"]),
    ]
    assert agreement["countries"] == [["OM"], ["QA"]]
