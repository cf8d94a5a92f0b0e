"""The seed report's facts are all in its fixture, linked as the report says."""

import datetime as dt

import pytest

from summits.models import (
    ActionItem,
    Commission,
    Meeting,
    Participation,
    Person,
    Place,
    Source,
    Status,
    Summit,
)

pytestmark = pytest.mark.usefixtures("seed")
REPORT_SLUG = "2025-11-20-ani-india-russia-summit-preparations"


def test_source_is_the_ani_report():
    source = Source.objects.get(slug=REPORT_SLUG)
    assert source.publisher == "ANI"
    assert source.published_on == dt.date(2025, 11, 20)
    assert "Jaishankar met with Russian Deputy Prime Minister Denis Manturov" in source.text


def test_the_23rd_summit_is_anticipated_in_new_delhi_early_december_2025():
    summit = Summit.objects.get_by_natural_key("india-russia-annual-summit", 23)
    assert str(summit) == "23rd India–Russia Annual Summit"
    assert summit.host_place.slug == "new-delhi"
    assert summit.host_place.country.iso2 == "IN"
    assert str(summit.date) == "early December 2025"
    assert summit.status == Summit.Status.ANTICIPATED
    assert summit.sources.filter(slug=REPORT_SLUG).exists()
    assert "Putin" in summit.notes


def test_the_commission_and_its_26th_session():
    irigc = Commission.objects.get(slug="irigc-tec")
    assert irigc.acronym == "IRIGC-TEC"
    session = Meeting.objects.get(commission=irigc, session_number=26)
    assert session.kind == Meeting.Kind.COMMISSION_SESSION


def _participants(meeting: Meeting) -> set[str]:
    return set(meeting.participants.values_list("slug", flat=True))


def test_jaishankar_met_manturov_in_moscow_on_19_november():
    meeting = Meeting.objects.get(slug="2025-11-19-jaishankar-manturov")
    assert str(meeting.date) == "19 November 2025"
    assert meeting.place.slug == "moscow"
    assert meeting.summit.number == 23
    assert _participants(meeting) >= {"s-jaishankar", "denis-manturov"}
    assert set(meeting.sectors.values_list("slug", flat=True)) >= {
        "trade",
        "investment",
        "finance",
        "energy",
        "industry",
    }
    role = Participation.objects.get(meeting=meeting, person__slug="denis-manturov").role
    assert "Deputy Prime Minister" in role
    assert meeting.sources.filter(slug=REPORT_SLUG).exists()


def test_modi_met_patrushev_in_new_delhi_on_18_november():
    meeting = Meeting.objects.get(slug="2025-11-18-modi-patrushev")
    assert meeting.date_start == dt.date(2025, 11, 18)
    assert meeting.place.slug == "new-delhi"
    assert _participants(meeting) >= {"narendra-modi", "nikolai-patrushev"}
    assert meeting.sectors.filter(slug="maritime").exists()


def test_jaishankar_met_lavrov_in_moscow_before_19_november():
    meeting = Meeting.objects.get(participants__slug="sergey-lavrov")
    assert meeting.place.slug == "moscow"
    assert meeting.date_start < dt.date(2025, 11, 19)
    assert "s-jaishankar" in _participants(meeting)


def test_consulates_in_yekaterinburg_and_kazan():
    meeting = Meeting.objects.get(title__icontains="consulate")
    assert "Yekaterinburg" in meeting.title and "Kazan" in meeting.title
    assert {"yekaterinburg", "kazan"} <= set(Place.objects.values_list("slug", flat=True))


def test_people_keep_the_aliases_reports_use():
    jaishankar = Person.objects.get(slug="s-jaishankar")
    assert "Dr. S Jaishankar" in jaishankar.alias_list


def test_action_items_cover_the_report_and_cite_it():
    items = ActionItem.objects.all()
    refs = set(items.values_list("ref", flat=True))
    for area in ["TRADE", "INVESTMENT", "FINANCE", "ENERGY", "INDUSTRY"]:
        assert f"IRIGC-TEC-26/{area}-1" in refs
    assert items.filter(sectors__slug="maritime").exists()
    assert items.filter(title__icontains="consulate").exists()
    assert items.filter(target_summit__number=23).count() >= 6
    for item in items:
        assert item.status == Status.NOT_ASSESSED
        citation = item.citations.get(source__slug=REPORT_SLUG)
        assert citation.quote and citation.quote in citation.source.text, item.ref
