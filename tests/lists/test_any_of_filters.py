"""The record filters of "any of these" (responsible organisations, participants, places,
the meetings people took part in): the parameter repeated, one slug each; several names
in one box, separated by commas or semicolons; one chip per record; and a name that
cannot be read still empties the list."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summits.filters import ActionItemFilterSet, MeetingFilterSet, PersonFilterSet
from summits.lists.filters import SlugsFilter
from summits.models import ActionItem, Meeting, Organisation
from tests.lists.test_chips import chips

pytestmark = pytest.mark.usefixtures("seed")
ITEMS = reverse("summits:actionitem-list")
MEETINGS = reverse("summits:meeting-list")


def refs(response) -> set[str]:
    return {row.record.ref for row in response.context["table"].paginated_rows}


def responsible_for_any(*slugs: str) -> set[str]:
    """The oracle: items any of these organisations is responsible for."""
    return set(ActionItem.objects.filter(responsible__slug__in=slugs).values_list("ref", flat=True))


def test_the_parameter_repeated_keeps_the_items_of_any_of_them_each_once(viewer_client):
    response = viewer_client.get(ITEMS, {"responsible": ["pmo-india", "mfa-russia"]})
    assert response.status_code == 200
    assert refs(response) == responsible_for_any("pmo-india", "mfa-russia")
    # SUMMIT-23/PREP-1 has both: one row, and the count agrees with the rows.
    assert response.context["table"].paginator.count == 2


@pytest.mark.parametrize(
    "typed",
    [
        "PMO; MFA",
        "pmo-india, mfa-russia",
        "Prime Minister's Office;Ministry of Foreign Affairs of the Russian Federation",
    ],
)
def test_several_in_one_box_become_the_parameter_repeated(viewer_client, typed):
    response = viewer_client.get(ITEMS, {"responsible": typed, "sort": "ref"})
    assert response.status_code == 302
    assert response["Location"] == f"{ITEMS}?responsible=pmo-india&responsible=mfa-russia&sort=ref"


def test_a_name_holding_a_comma_is_one_record(viewer_client):
    response = viewer_client.get(ITEMS, {"responsible": "Consulate General of India, Kazan"})
    assert response["Location"] == f"{ITEMS}?responsible=consulate-general-india-kazan"


def test_names_in_several_boxes_and_lists_mix(viewer_client):
    query = {"responsible": ["MEA", "Consulate General of India, Kazan; maritime-board-russia"]}
    location = viewer_client.get(ITEMS, query)["Location"]
    assert parse_qs(urlsplit(location).query)["responsible"] == [
        "mea-india",
        "consulate-general-india-kazan",
        "maritime-board-russia",
    ]


def test_each_name_that_cannot_be_read_is_a_problem_and_the_list_is_empty(viewer_client):
    query = {"responsible": ["mea-india", "no-such-body; pmo-india", "nowhere"]}
    response = viewer_client.get(ITEMS, query)
    assert response.status_code == 200  # shown, not redirected: a filter is wrong
    assert response.context["table"].paginator.count == 0
    [problem] = response.context["filterset"].problems
    assert "No organisation has the slug or name “no-such-body”." in problem
    assert "No organisation has the slug or name “nowhere”." in problem


def test_an_ambiguous_name_among_several_is_a_problem(viewer_client):
    Organisation.objects.create(slug="mea-other", name="Other ministry", acronym="MEA")
    response = viewer_client.get(ITEMS, {"responsible": ["pmo-india", "MEA"]})
    assert response.context["table"].paginator.count == 0
    assert "“MEA” could be any of" in response.context["filterset"].problems[0]


def test_a_chip_per_record_each_removing_only_itself(viewer_client):
    page = viewer_client.get(ITEMS, {"responsible": ["pmo-india", "mfa-russia"], "sort": "ref"})
    assert chips(page.text) == {
        "Responsible organisation: Prime Minister's Office (PMO)": (
            f"{ITEMS}?responsible=mfa-russia&sort=ref"
        ),
        "Responsible organisation: Ministry of Foreign Affairs of the Russian Federation (MFA)": (
            f"{ITEMS}?responsible=pmo-india&sort=ref"
        ),
    }


def test_the_box_lists_the_slugs_and_tells_pickers_js_the_names(viewer_client):
    response = viewer_client.get(MEETINGS, {"place": ["moscow", "new-delhi"]})
    assert (
        response.context["table"].paginator.count
        == Meeting.objects.filter(place__slug__in=["moscow", "new-delhi"]).count()
    )
    box = str(response.context["filterset"].form["place"])
    assert 'value="moscow; new-delhi"' in box
    assert "data-pick-many" in box
    assert "&quot;label&quot;: &quot;New Delhi&quot;" in box  # data-chosen, for the tokens
    assert "Showing: Moscow; New Delhi." in response.text


def test_participants_of_any_of_the_people(viewer_client):
    people = ["nikolai-patrushev", "narendra-modi"]
    response = viewer_client.get(MEETINGS, {"participant": people})
    expected = Meeting.objects.filter(participants__slug__in=people).distinct()
    assert {row.record.slug for row in response.context["table"].paginated_rows} == set(
        expected.values_list("slug", flat=True)
    )


def test_people_who_took_part_in_any_of_the_meetings(viewer_client):
    response = viewer_client.get(
        reverse("summits:person-list"),
        {"meeting": ["2025-11-18-modi-patrushev", "irigc-tec-26"]},
    )
    shown = {row.record.slug for row in response.context["table"].paginated_rows}
    assert {"nikolai-patrushev", "narendra-modi"} <= shown
    assert len(shown) == response.context["table"].paginator.count  # each person once


def test_an_export_of_several_names_each_in_its_file_name(viewer_client):
    query = {"responsible": ["pmo-india", "mfa-russia"], "_export": "csv"}
    response = viewer_client.get(ITEMS, query)
    disposition = response["Content-Disposition"]
    assert "pmo-india" in disposition and "mfa-russia" in disposition
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert {line.split(",")[0] for line in lines[1:]} == responsible_for_any(
        "pmo-india", "mfa-russia"
    )


@pytest.mark.parametrize("export", ["json", "xlsx"])
def test_other_exports_take_the_parameter_repeated(viewer_client, export):
    query = {"responsible": ["pmo-india", "mfa-russia"], "_export": export}
    response = viewer_client.get(ITEMS, query)
    assert response.status_code == 200
    assert "pmo-india" in response["Content-Disposition"]


def test_origin_stays_one_meeting():
    """Kept single on purpose: beside `session_of` and `session_number` (ActionItemFilterSet)."""
    multiple = {
        (filterset.__name__, name)
        for filterset in (ActionItemFilterSet, MeetingFilterSet, PersonFilterSet)
        for name, filter_ in filterset.base_filters.items()
        if isinstance(filter_, SlugsFilter)
    }
    assert multiple == {
        ("ActionItemFilterSet", "responsible"),
        ("MeetingFilterSet", "place"),
        ("MeetingFilterSet", "participant"),
        ("PersonFilterSet", "meeting"),
    }


def test_slugs_cost_one_query_however_many(viewer_client, django_assert_max_num_queries):
    viewer_client.get(ITEMS)  # the session and the menus, warm
    with CaptureQueriesContext(connection) as one:
        viewer_client.get(ITEMS, {"responsible": "mea-india"})
    every = list(Organisation.objects.values_list("slug", flat=True))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = viewer_client.get(ITEMS, {"responsible": every})
    assert response.context["table"].paginator.count == len(responsible_for_any(*every))
