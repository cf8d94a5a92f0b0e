"""Every API route, called by every kind of caller: anonymous, signed in without a group,
viewer and analyst sessions, and tokens read-only, read-write, expired and revoked.

The walk is built from the API's URLconf: a route left out of it fails
`test_the_walk_covers_every_api_route`, so a new endpoint cannot go unchecked.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from summits.api import urls as api_urls
from summits.models import (
    ActionItem,
    Place,
    Sector,
    SummitSeries,
)

pytestmark = pytest.mark.usefixtures("outcomes")

CALLERS = (
    "anonymous",
    "nobody",
    "viewer",
    "analyst",
    "analyst_read_token",
    "analyst_write_token",
    "viewer_write_token",
    "expired_token",
    "revoked_token",
)
NOT_IN = {"anonymous": 401, "expired_token": 401, "revoked_token": 401, "nobody": 403}
READ = {**NOT_IN, **dict.fromkeys(["viewer", "analyst", "analyst_read_token"], 200)}
READ |= {"analyst_write_token": 200, "viewer_write_token": 200}
# A viewer's read-write token still cannot write: it does what its user may.
ANALYSTS_WRITE = {
    **NOT_IN,
    "viewer": 403,
    "analyst_read_token": 403,
    "viewer_write_token": 403,
}
ANYONE_WRITES = {**NOT_IN, "analyst_read_token": 403}
REF = "MARITIME-2025-1"
FRESH = count(1)


@dataclass
class Call:
    route: str  # "api:actionitem-detail"
    url: str
    expect: dict[str, int]
    method: str = "get"
    data: Callable[[], dict] = field(default=dict)  # built when sent: versions move
    ok: int = 200  # what a caller allowed to write gets


def _record_calls() -> list[Call]:
    keys = {
        "actionitem": {"ref": "IRIGC-TEC-26/TRADE-1"},
        "summit": {"key": "india-russia-annual-summit/23"},
        "series": {"slug": SummitSeries.objects.get().slug},
        "meeting": {"slug": "irigc-tec-26"},
        "commission": {"slug": "irigc-tec"},
        "agreement": {"slug": "2025-12-05-india-russia-mou-maritime"},
        "document": {"slug": "2025-12-05-india-russia-joint-statement"},
        "person": {"slug": "s-jaishankar"},
        "organisation": {"slug": "mea-india"},
        "place": {"slug": Place.objects.order_by("slug").first().slug},
        "sector": {"slug": Sector.objects.order_by("slug").first().slug},
        "source": {"slug": "2025-11-20-ani-india-russia-summit-preparations"},
    }
    calls = [Call("api:api-root", reverse("api:api-root"), READ)]
    for _prefix, _viewset, basename in api_urls.router.registry:
        calls.append(Call(f"api:{basename}-list", reverse(f"api:{basename}-list"), READ))
        detail = reverse(f"api:{basename}-detail", kwargs=keys[basename])
        calls.append(Call(f"api:{basename}-detail", detail, READ))
    summit = keys["summit"]
    calls.append(Call("api:summit-readiness", reverse("api:summit-readiness", kwargs=summit), READ))
    return calls


def _write_calls() -> list[Call]:
    items = reverse("api:actionitem-list")
    detail = reverse("api:actionitem-detail", args=[REF])
    updates = reverse("api:actionitem-status-updates", args=[REF])
    watch = reverse("api:actionitem-watch", args=[REF])
    return [
        Call("api:actionitem-status-updates", updates, READ),
        Call(
            "api:actionitem-list",
            items,
            ANALYSTS_WRITE,
            "post",
            lambda: {"ref": f"WALK-{next(FRESH)}", "title": "Walked", "sectors": ["trade"]},
            ok=201,
        ),
        Call(
            "api:actionitem-detail",
            detail,
            ANALYSTS_WRITE,
            "patch",
            lambda: {"title": "Walked", "version": ActionItem.objects.get(ref=REF).version},
        ),
        Call(
            "api:actionitem-status-updates",
            updates,
            ANALYSTS_WRITE,
            "post",
            lambda: {"status": "in_progress", "as_of": "2025-12-01"},
            ok=201,
        ),
        Call("api:actionitem-watch", watch, ANYONE_WRITES, "post"),
        Call("api:actionitem-watch", watch, ANYONE_WRITES, "delete"),
        Call("api:follow-up", reverse("api:follow-up"), READ),
        Call("api:schema", reverse("api:schema"), READ),
    ]


def _send(client: Client, call: Call):
    data = call.data()
    if call.method == "get":
        return client.get(call.url, headers={"Accept": "application/json"})
    return getattr(client, call.method)(call.url, json.dumps(data), content_type="application/json")


def _calls() -> list[Call]:
    return _record_calls() + _write_calls()


@pytest.mark.parametrize("caller", CALLERS)
def test_every_endpoint_answers_each_caller_as_the_rules_say(callers, caller):
    client = callers[caller]
    wrong = []
    for call in _calls():
        expected = call.expect.get(caller, call.ok)
        response = _send(client, call)
        if response.status_code != expected:
            wrong.append(
                f"{call.method.upper()} {call.url}: {response.status_code}, not {expected}"
            )
    assert not wrong, "\n".join(wrong)


IMPORT_EXPECT = {**ANALYSTS_WRITE}


@pytest.mark.parametrize("caller", CALLERS)
def test_imports_are_for_analysts_with_a_write_token_or_a_session(callers, caller):
    records = [
        {
            "model": "summits.source",
            "fields": {
                "slug": "2025-12-01-walk-report",
                "title": "Walk report",
                "publisher": "Walk",
                "published_on": "2025-12-01",
            },
        }
    ]
    upload = SimpleUploadedFile("walk.json", json.dumps(records).encode(), "application/json")
    response = callers[caller].post(reverse("api:imports"), {"file": upload, "dry_run": "true"})
    assert response.status_code == IMPORT_EXPECT.get(caller, 200), response.content


def test_the_walk_covers_every_api_route():
    walked = {call.route for call in _calls()} | {"api:imports"}
    routes = {f"api:{pattern.name}" for pattern in api_urls.urlpatterns}
    # The docs are a page for people, walked with the site's pages (test_api_docs.py).
    assert routes - {"api:docs"} == walked


def test_a_refusal_says_why(callers):
    response = callers["analyst_read_token"].patch(
        reverse("api:actionitem-detail", args=[REF]),
        json.dumps({"title": "x", "version": 1}),
        content_type="application/json",
    )
    assert "read-only" in response.json()["detail"]
    assert "revoked" in callers["revoked_token"].get("/api/sectors/").json()["detail"]
    assert "expired" in callers["expired_token"].get("/api/sectors/").json()["detail"]
    anonymous = callers["anonymous"].get("/api/sectors/")
    assert anonymous["WWW-Authenticate"] == "Bearer"
    assert "Viewers or Analysts" in callers["nobody"].get("/api/sectors/").json()["detail"]


def test_a_session_write_needs_the_csrf_token(analyst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    response = client.post(
        reverse("api:actionitem-watch", args=[REF]), content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
