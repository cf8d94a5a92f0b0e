"""Action items by commission: from one of its numbered sessions, or from any meeting
linked to it (`commission=`, as the old single filter meant)."""

import datetime as dt

import pytest
from django.urls import reverse

from summits.models import ActionItem, Commission, Meeting, Sector

pytestmark = pytest.mark.usefixtures("seed")
URL = reverse("summits:actionitem-list")
TRADE_26 = "IRIGC-TEC-26/TRADE-1"
LATER = "IRIGC-TEC-FOLLOW-UP-1"


@pytest.fixture
def later_bilateral_item(seed) -> ActionItem:
    """A trade item, not yet assessed, from a bilateral meeting linked to the IRIGC-TEC after
    its 26th session."""
    meeting = Meeting.objects.create(
        slug="2026-02-02-irigc-tec-follow-up",
        title="Follow-up talks of the IRIGC-TEC co-chairs",
        kind=Meeting.Kind.BILATERAL,
        date_start=dt.date(2026, 2, 2),
        commission=Commission.objects.get(slug="irigc-tec"),
    )
    item = ActionItem.objects.create(ref=LATER, title="Trade follow-up", origin_meeting=meeting)
    item.sectors.add(Sector.objects.get(slug="trade"))
    return item


def refs(response) -> set[str]:
    return {row.record.ref for row in response.context["table"].paginated_rows}


def test_the_form_asks_the_two_questions_apart(viewer_client):
    form = viewer_client.get(URL).context["filterset"].form
    assert form["session_of"].label == "From a session of commission"
    assert form["session_number"].label == "Session number"
    assert form["commission"].label == "Linked to commission (any meeting)"


@pytest.mark.usefixtures("later_bilateral_item")
def test_from_a_session_leaves_out_items_of_other_meetings_linked_to_the_commission(
    viewer_client,
):
    query = {"status": "not_assessed", "sector": "trade", "session_of": "irigc-tec"}
    assert refs(viewer_client.get(URL, query)) == {TRADE_26}


@pytest.mark.usefixtures("later_bilateral_item")
def test_linked_to_the_commission_keeps_every_meeting_as_the_old_parameter_did(viewer_client):
    query = {"status": "not_assessed", "sector": "trade", "commission": "irigc-tec"}
    assert refs(viewer_client.get(URL, query)) == {TRADE_26, LATER}


@pytest.mark.usefixtures("later_bilateral_item")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"session_of": "irigc-tec", "session_number": "26"}, 5),
        ({"session_of": "irigc-tec", "session_number": "25"}, 0),
        ({"session_number": "26"}, 5),  # the 26th session of any commission
        ({"session_of": "irigc-tec"}, 5),
    ],
)
def test_session_number_narrows_to_one_session(viewer_client, query, expected):
    found = refs(viewer_client.get(URL, query))
    assert len(found) == expected
    assert all(ref.startswith("IRIGC-TEC-26/") for ref in found)
