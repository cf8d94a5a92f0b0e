"""Reading records through the API: each by its natural key, with what hangs off it."""

import pytest

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
