"""draft_report: a plain-text report becomes a draft fixture that passes import_report."""

import datetime as dt
import io
import json
from functools import partial
from pathlib import Path

import pytest
from django.core.management import call_command

from summits.drafting import report_draft
from summits.drafting.dates import dates_in as find_dates
from summits.drafting.sectors import DATA
from summits.importing import report_import, report_validate
from summits.models import Meeting, Person, Sector, Source
from tests.factories import report_file

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"
SEED_TEXT = REPORTS / "2025-11-20-ani-india-russia-summit-preparations.txt"


def _draft(path: Path) -> list[dict]:
    return report_draft(text=path.read_text(encoding="utf-8"))


_file = partial(report_file, name="draft.json")


def _of(records: list[dict], model: str) -> list[dict]:
    return [r["fields"] for r in records if r["model"] == f"summits.{model}"]


def _people(records: list[dict], meeting: str) -> set[str]:
    return {p["person"][0] for p in _of(records, "participation") if p["meeting"] == [meeting]}


def _meeting(records: list[dict], **match) -> dict:
    [meeting] = [m for m in _of(records, "meeting") if all(m[k] == v for k, v in match.items())]
    return meeting


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_draft_passes_a_dry_run_and_cites_its_sentences(db, path):
    records = _draft(path)
    plan = report_validate(files=[_file(records)], accept_drafts=True)
    assert plan.ok, [str(e) for e in plan.errors]
    assert len(plan.warnings) == len(records)  # each record is marked for review
    text = " ".join(path.read_text(encoding="utf-8").split())
    for record in records:
        assert " ".join(record["draft"]["sentence"].split()) in text, record


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.txt")), ids=lambda p: p.stem)
def test_a_draft_is_the_same_every_time(db, path):
    assert _draft(path) == _draft(path)


def test_seed_report_draft_has_the_reports_facts(db):
    records = _draft(SEED_TEXT)
    [source] = _of(records, "source")
    assert (source["publisher"], source["published_on"]) == ("ANI", "2025-11-20")

    talks = _meeting(records, date_start="2025-11-19")
    assert talks["date_precision"] == "day" and talks["place"] == ["moscow"]
    assert _people(records, talks["slug"]) == {"s-jaishankar", "denis-manturov"}
    # "… Commission on Trade, Economic, Scientific …" names what the commission covers,
    # not what was discussed: only the next sentence's sectors count.
    assert {s[0] for s in talks["sectors"]} == {
        "trade",
        "investment",
        "finance",
        "energy",
        "industry",
    }
    modi = _meeting(records, date_start="2025-11-18", kind="bilateral")
    assert modi["place"] == ["new-delhi"] and modi["sectors"] == [["maritime"]]
    assert _people(records, modi["slug"]) == {"narendra-modi", "nikolai-patrushev"}
    lavrov = _meeting(records, slug="2025-11-jaishankar-lavrov")
    assert (lavrov["date_start"], lavrov["date_precision"]) == ("2025-11-11", "mid")  # "earlier"

    [summit] = _of(records, "summit")
    assert (summit["number"], summit["host_place"]) == (23, ["new-delhi"])
    assert (summit["date_start"], summit["date_precision"]) == ("2025-12-01", "early")
    assert summit["status"] == "anticipated"  # "scheduled … in early December": no day yet
    assert talks["summit"] == [summit["series"][0], 23]

    [commission] = _of(records, "commission")
    assert commission["acronym"] == "IRIGC-TEC"
    # The 26th session is named without a date: no meeting is invented for it.
    assert not [m for m in _of(records, "meeting") if m["kind"] == "commission_session"]

    places = {p["slug"]: p["country"] for p in _of(records, "place")}
    assert places["yekaterinburg"] == ["RU"]
    consulates = _meeting(records, kind="visit", place=["yekaterinburg"])
    assert "inaugurated Indian consulates in Yekaterinburg and Kazan" in consulates["title"]
    assert {"consular", "tourism", "culture"} <= {s[0] for s in consulates["sectors"]}

    [item] = _of(records, "actionitem")
    assert item["title"].startswith("Both sides underscored the importance of implementing")
    assert item["origin_meeting"] == [talks["slug"]]
    # No deadline given: due by the summit it prepares.
    assert (item["due_start"], item["due_precision"]) == ("2025-12-01", "early")


@pytest.mark.usefixtures("seed")
def test_a_report_already_recorded_is_linked_not_drafted_again():
    records = _draft(SEED_TEXT)
    drafted = {r["model"] for r in records}
    assert not drafted & {"summits.person", "summits.place", "summits.meeting", "summits.summit"}
    cited = {c["meeting"][0] for c in _of(records, "meetingcitation")}
    assert cited == set(Meeting.objects.values_list("slug", flat=True))
    [item] = _of(records, "actionitem")
    assert item["origin_meeting"] == ["irigc-tec-26"]  # "decisions made during the commission"
    plan = report_import(files=[_file(records)], accept_drafts=True)
    assert plan.summary()["summits.meetingcitation"]["created"] == 6
    meeting = Meeting.objects.get(slug="2025-11-19-jaishankar-manturov")
    assert meeting.sources.count() == 2


def test_germany_south_africa_report(db):
    records = _draft(REPORTS / "2026-02-20-dpa-germany-south-africa-binational-summit.txt")
    talks = _meeting(records, kind="bilateral")
    assert (talks["date_start"], talks["place"]) == ("2026-02-19", ["pretoria"])  # "yesterday"
    assert _people(records, talks["slug"]) == {"friedrich-merz", "cyril-ramaphosa"}
    [summit] = _of(records, "summit")
    assert summit["host_place"] == ["berlin"]
    assert (summit["date_start"], summit["date_precision"]) == ("2027-01-01", "year")  # next year
    [series] = _of(records, "summitseries")
    assert series["name"] == "Germany–South Africa Binational Summit"
    assert series["countries"] == [["DE"], ["ZA"]]
    visit = _meeting(records, kind="visit")
    assert visit["place"] == ["johannesburg"]
    assert _people(records, visit["slug"]) == {"friedrich-merz", "buti-manamela"}
    session = _meeting(records, kind="commission_session")
    assert (session["session_number"], session["place"]) == (11, ["cape-town"])
    assert (session["date_start"], session["date_precision"]) == ("2026-05-11", "mid")
    [item] = _of(records, "actionitem")
    assert (item["due_start"], item["due_precision"]) == ("2026-06-21", "late")
    assert {s[0] for s in item["sectors"]} == {"energy", "investment"}


def test_india_japan_report(db):
    records = _draft(REPORTS / "2026-03-14-pti-india-japan-summit-preparations.txt")
    tokyo = _meeting(records, place=["tokyo"])
    assert tokyo["date_start"] == "2026-03-12"
    assert _people(records, tokyo["slug"]) == {"takeshi-iwaya", "s-jaishankar"}
    assert {"defence", "energy", "science-technology"} <= {s[0] for s in tokyo["sectors"]}
    osaka = _meeting(records, place=["osaka"])
    assert osaka["date_start"] == "2026-03-11"
    assert _people(records, osaka["slug"]) == {"piyush-goyal", "yoji-muto"}
    [summit] = _of(records, "summit")
    assert (summit["number"], summit["date_start"], summit["date_precision"]) == (
        19,
        "2026-04-21",
        "late",
    )
    people = {p["slug"]: p for p in _of(records, "person")}
    assert people["takeshi-iwaya"]["title"] == "Foreign Minister"
    assert people["takeshi-iwaya"]["country"] == ["JP"]  # "Japanese Foreign Minister"
    items = {i["title"]: i for i in _of(records, "actionitem")}
    [task_force] = [item for title, item in items.items() if "joint task force" in title]
    assert (task_force["due_start"], task_force["due_precision"]) == ("2026-03-01", "month")
    assert task_force["origin_meeting"] == [osaka["slug"]]


def test_china_brazil_report(db):
    records = _draft(REPORTS / "2026-05-08-reuters-china-brazil-summit-preparations.txt")
    talks = _meeting(records, kind="bilateral")
    assert (talks["date_start"], talks["place"]) == ("2026-05-06", ["beijing"])
    assert _people(records, talks["slug"]) == {"luiz-inacio-lula-da-silva", "li-qiang"}
    call = _meeting(records, kind="call")
    assert call["date_start"] == "2026-05-07"
    assert _people(records, call["slug"]) == {"mauro-vieira", "wang-yi"}
    [summit] = _of(records, "summit")
    assert (summit["host_place"], summit["date_precision"]) == (["brasilia"], "quarter")
    session = _meeting(records, kind="commission_session")
    assert (session["session_number"], session["date_start"]) == (7, "2026-05-05")
    assert {"energy", "science-technology", "finance"} <= {s[0] for s in session["sectors"]}
    # "agreed to expand … and to launch … by December 2027": two commitments, each with
    # its own deadline.
    settlement, satellite = _of(records, "actionitem")
    assert settlement["due_start"] is None or settlement["due_start"] != "2027-12-01"
    assert (satellite["due_start"], satellite["due_precision"]) == ("2027-12-01", "month")
    assert {"trade", "finance"} <= {s[0] for s in settlement["sectors"]}
    assert "space" in {s[0] for s in satellite["sectors"]}


def test_command_writes_a_draft_that_imports_and_shows_on_the_pages(
    tmp_path, analyst_client, analyst
):
    out = tmp_path / "draft.json"
    call_command(
        "draft_report",
        str(REPORTS / "2026-03-14-pti-india-japan-summit-preparations.txt"),
        "--source-url",
        "https://example.org/pti/india-japan",
        "-o",
        str(out),
        stderr=io.StringIO(),
    )
    dry = io.StringIO()
    call_command("import_report", str(out), "--dry-run", "--accept-drafts", stdout=dry)
    assert "warning(s) to review" in dry.getvalue()
    assert not Source.objects.filter(publisher="PTI").exists()
    call_command("import_report", str(out), "--accept-drafts", stdout=io.StringIO())
    assert Source.objects.get(publisher="PTI").url == "https://example.org/pti/india-japan"
    meeting = Meeting.objects.get(slug="2026-03-12-iwaya-jaishankar")
    page = analyst_client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert "Iwaya–Jaishankar talks in Tokyo" in page.text


def test_a_number_in_a_recorded_name_is_not_taken_for_a_surname(db):
    Person.objects.create(slug="delegate-2026", name="Delegate 2026")
    text = "Chinese Premier Li Qiang met Mauro Vieira, envoy of Brazil, on May 6, 2026."
    records = report_draft(text=text)
    [meeting] = _of(records, "meeting")
    assert _people(records, meeting["slug"]) == {"li-qiang", "mauro-vieira"}


def test_options_override_what_the_text_says(db):
    text = "Ministers met in Paris on 3 March 2026 to discuss trade.\n"
    records = report_draft(
        text=text, publisher="AFP", published=dt.date(2026, 3, 4), title="Talks in Paris"
    )
    [source] = _of(records, "source")
    assert (source["publisher"], source["published_on"], source["title"]) == (
        "AFP",
        "2026-03-04",
        "Talks in Paris",
    )
    assert source["slug"] == "2026-03-04-afp-talks-in-paris"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on November 19, 2025", "19 November 2025"),
        ("on 19 November 2025", "19 November 2025"),
        ("on Nov. 19", "19 November 2025"),
        ("in early December 2025", "early December 2025"),
        ("by the end of June 2026", "late June 2026"),
        ("later this month", "late November 2025"),
        ("met earlier in Moscow", "mid-November 2025"),
        ("next year", "2026"),
        ("in Q1 2026", "Q1 2026"),
        ("in the third quarter of 2026", "Q3 2026"),
        ("yesterday", "19 November 2025"),
        ("in August", "August 2025"),
        ("on Monday", "17 November 2025"),
    ],
)
def test_dates_are_read_against_the_reports_date(text, expected):
    [found] = find_dates(text, dt.date(2025, 11, 20))
    assert str(found.value) == expected


def test_no_date_is_read_from_an_impossible_day():
    assert find_dates("on February 30, 2026", dt.date(2026, 1, 1)) == []


@pytest.mark.django_db
def test_the_sector_vocabulary_names_only_known_sectors():
    vocabulary = json.loads((DATA / "sector_keywords.json").read_text(encoding="utf-8"))
    vocabulary.pop("_comment")
    assert set(vocabulary) <= set(Sector.objects.values_list("slug", flat=True))
    assert all(words for words in vocabulary.values())
