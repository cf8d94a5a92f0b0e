"""Writing through the API: the same services, rules and history as the pages."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summits.models import ActionItem, ApiToken, Sector, StatusUpdate
from tests.factories import user_create

# On the real clock: the seed's history is dated when the run began, and the conflict
# message reads the history in date order.
pytestmark = pytest.mark.usefixtures("outcomes")

REF = "MARITIME-2025-1"
ITEM = reverse("api:actionitem-detail", args=[REF])


def send(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_an_analyst_creates_an_item_not_yet_assessed_with_its_links(token_for, analyst):
    script = token_for(analyst, ApiToken.Scope.READ_WRITE)
    response = send(
        script,
        "post",
        "/api/action-items/",
        {
            "ref": "API-2026/TRADE-1",
            "title": "Raise bilateral trade",
            "due": "early December 2026",
            "sectors": ["trade"],
            "responsible": ["maritime-board-russia"],
            "target_summit": "india-russia-annual-summit/23",
            "owner": "alice",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ref"] == "API-2026/TRADE-1"
    assert body["due"] == "early December 2026"
    assert body["status"] == "not_assessed" and body["version"] == 1
    assert body["status_updates"][0]["author"] == "alice"
    item = ActionItem.objects.get(ref="API-2026/TRADE-1")
    assert list(item.sectors.values_list("slug", flat=True)) == ["trade"]
    assert item.owner == analyst
    assert item.history.order_by("history_id").first().history_user == analyst


def test_a_create_the_model_refuses_is_a_400_naming_the_field(analyst_client):
    taken = send(analyst_client, "post", "/api/action-items/", {"ref": REF, "title": "Again"})
    assert taken.status_code == 400 and "ref" in taken.json()
    bad = send(analyst_client, "post", "/api/action-items/", {"ref": "lower/case", "title": "x"})
    assert bad.status_code == 400 and "ref" in bad.json()
    due = send(
        analyst_client, "post", "/api/action-items/", {"ref": "X-1", "title": "x", "due": "soonish"}
    )
    assert due.status_code == 400 and "due" in due.json()
    assert not ActionItem.objects.filter(ref__in=["lower/case", "X-1"]).exists()


def test_an_edit_names_its_version_and_goes_into_the_history_as_its_user(token_for, analyst):
    script = token_for(analyst, ApiToken.Scope.READ_WRITE)
    version = ActionItem.objects.get(ref=REF).version
    response = send(
        script,
        "patch",
        ITEM,
        {
            "title": "Renamed by a script",
            "priority": 1,
            "due": "Q1 2027",
            "sectors": ["trade"],
            "version": version,
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == version + 1
    assert (response.json()["due"], response.json()["due_start"]) == ("Q1 2027", "2027-01-01")
    assert response.json()["sectors"] == ["trade"]
    item = ActionItem.objects.get(ref=REF)
    assert (item.title, item.priority, item.version) == ("Renamed by a script", 1, version + 1)
    # By id: the seed's own entries are dated when the test run began, after "today".
    latest = item.history.order_by("-history_id").first()
    assert latest.history_user == analyst and latest.title == "Renamed by a script"
    # The item's history page shows the change, as it shows the pages' own.
    page = script.get(reverse("summits:actionitem-history", args=[REF]))
    assert page.status_code == 302  # a token is not a login: read it as a person
    person = Client()
    person.force_login(analyst)
    assert (
        "Renamed by a script" in person.get(reverse("summits:actionitem-history", args=[REF])).text
    )


def test_a_stale_version_is_a_409_with_the_current_one_and_nothing_saved(analyst_client):
    version = ActionItem.objects.get(ref=REF).version
    first = send(analyst_client, "patch", ITEM, {"title": "First", "version": version})
    assert first.status_code == 200
    second = send(analyst_client, "patch", ITEM, {"title": "Second", "version": version})
    assert second.status_code == 409
    body = second.json()
    assert body["current_version"] == version + 1
    assert "First" in body["detail"]  # who changed what meanwhile, as the page says
    assert ActionItem.objects.get(ref=REF).title == "First"
    # Sent again with the current version, it saves deliberately.
    third = send(analyst_client, "patch", ITEM, {"title": "Second", "version": version + 1})
    assert third.status_code == 200 and third.json()["title"] == "Second"


def test_an_edit_without_a_version_is_refused(analyst_client):
    response = send(analyst_client, "patch", ITEM, {"title": "No version"})
    assert response.status_code == 400 and "version" in response.json()
    assert ActionItem.objects.get(ref=REF).title != "No version"


def test_only_an_analyst_may_own_an_item(analyst_client, viewer):
    version = ActionItem.objects.get(ref=REF).version
    response = send(analyst_client, "patch", ITEM, {"owner": viewer.username, "version": version})
    assert response.status_code == 400 and "owner" in response.json()
    item = ActionItem.objects.get(ref=REF)
    assert item.owner is None and item.version == version  # all or nothing


def test_an_edit_refused_by_the_model_changes_nothing(analyst_client):
    before = ActionItem.objects.get(ref=REF)
    response = send(
        analyst_client,
        "patch",
        ITEM,
        {"title": "", "sectors": ["trade"], "version": before.version},
    )
    assert response.status_code == 400
    after = ActionItem.objects.get(ref=REF)
    assert (after.title, after.version) == (before.title, before.version)
    assert set(after.sectors.all()) == set(before.sectors.all())


def test_a_status_update_is_recorded_in_the_items_history(token_for, analyst):
    script = token_for(analyst, ApiToken.Scope.READ_WRITE)
    url = reverse("api:actionitem-status-updates", args=[REF])
    response = send(
        script,
        "post",
        url,
        {
            "status": "in_progress",
            "as_of": "2026-06-01",
            "note": "Tender published.",
            "evidence": ["2025-11-20-ani-india-russia-summit-preparations"],
            "quote": "The tender is out.",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"] == "alice"
    assert response.json()["evidence"][0]["quote"] == "The tender is out."
    item = ActionItem.objects.get(ref=REF)
    assert (item.status, str(item.status_as_of)) == ("in_progress", "2026-06-01")
    update = StatusUpdate.objects.get(action_item=item, as_of="2026-06-01")
    assert update.history.get().history_user == analyst
    listed = script.get(url).json()
    assert listed[0]["note"] == "Tender published."


def test_a_final_status_needs_evidence(analyst_client):
    url = reverse("api:actionitem-status-updates", args=[REF])
    response = send(analyst_client, "post", url, {"status": "fulfilled", "as_of": "2026-06-01"})
    assert response.status_code == 400
    assert "evidence" in response.json()
    assert ActionItem.objects.get(ref=REF).status != "fulfilled"
    tomorrow = str(timezone.localdate() + dt.timedelta(days=1))
    future = send(analyst_client, "post", url, {"status": "stalled", "as_of": tomorrow})
    assert future.status_code == 400 and "as_of" in future.json()


def test_a_status_update_may_bring_its_new_source(analyst_client):
    url = reverse("api:actionitem-status-updates", args=[REF])
    response = send(
        analyst_client,
        "post",
        url,
        {
            "status": "fulfilled",
            "as_of": "2026-06-01",
            "new_source": {
                "title": "Port opened",
                "publisher": "TASS",
                "published_on": "2026-06-01",
                "url": "https://example.org/port",
            },
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["evidence"][0]["source"].startswith("2026-06-01-tass-port-opened")


def test_anyone_who_reads_watches_for_themselves(token_for, viewer):
    script = token_for(viewer, ApiToken.Scope.READ_WRITE)
    url = reverse("api:actionitem-watch", args=[REF])
    assert script.post(url).json()["watchers"] == ["bob"]
    assert viewer in ActionItem.objects.get(ref=REF).watchers.all()
    assert script.delete(url).json()["watchers"] == []


def test_an_analyst_sets_an_items_watchers(analyst_client, viewer):
    carol = user_create("carol", "Viewers")
    version = ActionItem.objects.get(ref=REF).version
    response = send(
        analyst_client, "patch", ITEM, {"watchers": ["bob", "carol"], "version": version}
    )
    assert response.status_code == 200
    assert set(ActionItem.objects.get(ref=REF).watchers.all()) == {viewer, carol}
    assert Sector.objects.exists()  # the item's sectors were left alone: none given
