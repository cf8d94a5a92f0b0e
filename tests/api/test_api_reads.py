"""Reading records through the API: each by its natural key, with what hangs off it."""

import pytest
from django.utils import timezone

from summits.models import ActionItem, Summit
from summits.queries import summit_readiness

pytestmark = pytest.mark.usefixtures("outcomes")


def test_an_action_item_is_addressed_by_its_reference_slashes_and_all(viewer_client):
    response = viewer_client.get("/api/action-items/IRIGC-TEC-26/TRADE-1/")
    assert response.status_code == 200
    body = response.json()
    assert body["ref"] == "IRIGC-TEC-26/TRADE-1"
    assert body["origin_meeting"] == "irigc-tec-26"
    # Its status history, latest first, each update with its evidence.
    assert body["status_updates"], "the seed records updates for it"
    assert all("evidence" in update for update in body["status_updates"])


def test_a_summit_is_addressed_by_its_series_and_number(viewer_client):
    response = viewer_client.get("/api/summits/india-russia-annual-summit/23/")
    assert response.status_code == 200
    assert response.json()["key"] == "india-russia-annual-summit/23"
    assert viewer_client.get("/api/summits/india-russia-annual-summit/99/").status_code == 404


@pytest.mark.usefixtures("today")
def test_each_follow_up_queue_counts_what_its_action_item_filters_list(viewer_client):
    queues = viewer_client.get("/api/follow-up/?due_within=400&stale_days=10").json()
    assert [queue["key"] for queue in queues] == [
        "overdue",
        "due-soon",
        "stale",
        "unassessed",
        "changed",
    ]
    assert queues[1]["filters"] == {"due_within": "400"}
    for queue in queues:
        listed = viewer_client.get("/api/action-items/", queue["filters"]).json()
        assert queue["count"] == listed["count"], queue["key"]
        assert {item["ref"] for item in queue["items"]} <= {
            item["ref"] for item in listed["results"]
        }
    assert queues[0]["count"] >= 1  # the seed's items are overdue by then


def test_a_wrong_follow_up_window_is_a_400(viewer_client):
    response = viewer_client.get("/api/follow-up/?stale_days=-3")
    assert response.status_code == 400 and "stale_days" in response.json()


@pytest.mark.usefixtures("today")
def test_a_summits_readiness_is_the_pages(viewer_client):
    summit = Summit.objects.get(series__slug="india-russia-annual-summit", number=23)
    expected = summit_readiness(summit, timezone.localdate())
    body = viewer_client.get("/api/summits/india-russia-annual-summit/23/readiness/").json()
    assert body["total"] == expected.total >= 1
    assert body["by_status"] == expected.by_status
    assert (body["overdue"], body["stale"], body["at_risk"]) == (
        expected.overdue,
        expected.stale,
        expected.at_risk,
    )
    # The total is the count of the summit's items on the list.
    listed = viewer_client.get("/api/action-items/?summit=india-russia-annual-summit-23")
    assert listed.json()["count"] == body["total"]


def test_a_meeting_lists_its_participants_and_an_agreement_its_signatories(viewer_client):
    meeting = viewer_client.get("/api/meetings/irigc-tec-26/").json()
    assert meeting["kind"] == "commission_session" and meeting["commission"] == "irigc-tec"
    assert meeting["participants"] and all("person" in p for p in meeting["participants"])
    agreement = viewer_client.get("/api/agreements/2025-12-05-india-russia-mou-maritime/").json()
    assert agreement["signatories"]
    document = viewer_client.get("/api/documents/2025-12-05-india-russia-joint-statement/").json()
    numbers = [paragraph["number"] for paragraph in document["paragraphs"]]
    assert numbers == sorted(numbers) and numbers


def test_pages_are_stable_and_cover_every_record_once(viewer_client):
    refs = []
    url = "/api/action-items/?per_page=3"
    while url:
        body = viewer_client.get(url).json()
        refs += [item["ref"] for item in body["results"]]
        url = body["next"]
    assert sorted(refs) == refs  # by reference, the model's order
    assert refs == sorted(ActionItem.objects.values_list("ref", flat=True))
