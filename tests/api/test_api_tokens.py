"""Personal API tokens: made and revoked by their user on a page, stored hashed, shown
once, expiring, read-only or read-write, never more than their user may."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summits.models import ApiToken
from tests.api.conftest import token_client
from tests.factories import client_signed_in

pytestmark = pytest.mark.usefixtures("seed")
PAGE = reverse("summits:api-tokens")


def _secret(response) -> str:
    return re.search(r'id="token-secret"[^>]*value="(st_[^"]+)"', response.text)[1]


def test_a_token_is_shown_once_and_only_its_hash_is_kept(viewer_client, viewer):
    response = viewer_client.post(PAGE, {"name": "Weekly export", "scope": "read", "days": "90"})
    assert response.status_code == 200
    secret = _secret(response)
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=viewer)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.digest}
    assert secret.startswith(token.prefix)
    assert (token.expires - token.created) == dt.timedelta(days=90)
    # The list shows it by name and first characters; the secret never again.
    page = viewer_client.get(PAGE)
    assert "Weekly export" in page.text and f"{token.prefix}…" in page.text
    assert secret not in page.text
    # And it works.
    assert token_client(secret).get("/api/sectors/").status_code == 200


def test_the_user_menu_links_to_the_tokens_page(viewer_client):
    assert f'href="{PAGE}"' in viewer_client.get(reverse("summits:home")).text


def test_a_token_without_a_name_is_refused_with_the_form_again(viewer_client):
    response = viewer_client.post(PAGE, {"name": "", "scope": "read", "days": "30"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not ApiToken.objects.exists()


def test_revoking_ends_a_token_at_once_and_only_its_owner_may(viewer_client, viewer, analyst):
    secret = _secret(viewer_client.post(PAGE, {"name": "x", "scope": "read", "days": "30"}))
    token = ApiToken.objects.get(user=viewer)
    other = client_signed_in(analyst)
    assert other.post(reverse("summits:api-token-revoke", args=[token.pk])).status_code == 404
    assert token_client(secret).get("/api/sectors/").status_code == 200
    response = viewer_client.post(reverse("summits:api-token-revoke", args=[token.pk]), follow=True)
    assert "revoked" in response.text
    refused = token_client(secret).get("/api/sectors/")
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]


def test_a_token_stops_working_when_it_expires(viewer_client):
    secret = _secret(viewer_client.post(PAGE, {"name": "x", "scope": "read", "days": "30"}))
    in_29_days = timezone.now() + dt.timedelta(days=29)
    with time_machine.travel(in_29_days):
        assert token_client(secret).get("/api/sectors/").status_code == 200
    with time_machine.travel(in_29_days + dt.timedelta(days=2)):
        refused = token_client(secret).get("/api/sectors/")
        assert refused.status_code == 401 and "expired" in refused.json()["detail"]


def test_a_token_reads_only_while_its_user_may(viewer_client, viewer):
    secret = _secret(viewer_client.post(PAGE, {"name": "x", "scope": "read", "days": "30"}))
    viewer.groups.remove(Group.objects.get(name="Viewers"))
    response = token_client(secret).get("/api/sectors/")
    assert response.status_code == 403
    viewer.is_active = False
    viewer.save()
    assert token_client(secret).get("/api/sectors/").status_code == 401


def test_a_token_notes_when_it_was_last_used(viewer_client, viewer):
    secret = _secret(viewer_client.post(PAGE, {"name": "x", "scope": "read", "days": "30"}))
    assert ApiToken.objects.get().last_used is None
    token_client(secret).get("/api/sectors/")
    assert ApiToken.objects.get().last_used is not None


def test_an_unknown_or_malformed_token_is_a_401(db):
    assert token_client("st_nope").get("/api/sectors/").status_code == 401
    odd = Client(headers={"Authorization": "Bearer two words"})
    assert odd.get("/api/sectors/").status_code == 401
