"""An item's owner (set by analysts, never overwriting a change made meanwhile) and its
watchers (anyone signed in)."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from summits.models import ActionItem
from tests.adminforms import change_form_data
from tests.factories import analyst_signed_in

pytestmark = pytest.mark.usefixtures("seed")
REF = "MARITIME-2025-1"
OWNER_URL = reverse("summits:actionitem-owner", args=[REF])
WATCH_URL = reverse("summits:actionitem-watch", args=[REF])


def item() -> ActionItem:
    return ActionItem.objects.get(ref=REF)


def owner_form(client: Client) -> dict:
    """What the item page's owner form posts back unchanged."""
    form = client.get(item().get_absolute_url()).context["owner_form"]
    return {"owner": form.initial["owner"] or "", "base_version": form.initial["base_version"]}


def test_an_analyst_sets_the_owner_and_the_history_says_so(analyst_client, analyst):
    data = owner_form(analyst_client) | {"owner": analyst.pk}
    response = analyst_client.post(OWNER_URL, data)
    assert response.status_code == 302
    assert (item().owner, item().version) == (analyst, 2)
    page = analyst_client.get(response.url).text
    assert "<dt>Owner</dt><dd>alice</dd>" in page
    history = analyst_client.get(reverse("summits:actionitem-history", args=[REF])).text
    assert '<th scope="row">Owner</th><td>—</td><td>alice</td>' in history


def test_only_people_who_may_change_items_are_offered_as_owners(analyst_client, viewer):
    choices = analyst_client.get(item().get_absolute_url()).context["owner_form"]["owner"]
    offered = {choice.choice_label for choice in choices}
    assert offered == {"nobody", "alice"}  # bob, a viewer, is not offered
    response = analyst_client.post(OWNER_URL, owner_form(analyst_client) | {"owner": viewer.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert item().owner is None


def test_the_second_of_two_analysts_is_refused_and_told_what_changed():
    alice, alice_client = analyst_signed_in("alice")
    bob, bob_client = analyst_signed_in("bob")
    alice_form, bob_form = owner_form(alice_client), owner_form(bob_client)

    assert alice_client.post(OWNER_URL, alice_form | {"owner": alice.pk}).status_code == 302

    response = bob_client.post(OWNER_URL, bob_form | {"owner": bob.pk})
    assert response.status_code == 409
    assert "Someone else saved MARITIME-2025-1 while you were editing it" in response.text
    assert "alice changed owner from “—” to “alice”" in response.text
    assert item().owner == alice
    # The form shown again keeps Bob's choice; submitting it after reading saves it.
    again = response.context["owner_form"]
    assert again["owner"].value() == str(bob.pk)
    data = {"owner": bob.pk, "base_version": again["base_version"].value()}
    assert bob_client.post(OWNER_URL, data).status_code == 302
    assert (item().owner, item().version) == (bob, 3)


def test_viewers_cannot_set_the_owner(viewer_client, viewer):
    page = viewer_client.get(item().get_absolute_url())
    assert page.context["owner_form"] is None and OWNER_URL not in page.text
    assert viewer_client.post(OWNER_URL, {"owner": viewer.pk, "base_version": 1}).status_code == 403
    assert item().owner is None


def test_anyone_signed_in_watches_and_stops_watching(viewer_client, viewer):
    response = viewer_client.post(WATCH_URL, {"watch": "on"})
    assert response.status_code == 302 and response.url == item().get_absolute_url()
    assert list(item().watchers.all()) == [viewer]
    page = viewer_client.get(item().get_absolute_url()).text
    assert "You watch this item" in page and "Stop watching</button>" in page
    viewer_client.post(WATCH_URL, {"watch": "off"})
    assert not item().watchers.exists()
    assert ">Watch</button>" in viewer_client.get(item().get_absolute_url()).text


def test_watching_goes_back_only_to_a_page_of_this_site(viewer_client):
    mine = reverse("summits:my-follow-ups")
    assert viewer_client.post(WATCH_URL, {"next": mine}).url == mine
    response = viewer_client.post(WATCH_URL, {"next": "https://evil.example/"})
    assert response.url == item().get_absolute_url()


def test_watching_needs_a_login_and_a_post(viewer_client):
    assert Client().post(WATCH_URL).url.startswith(reverse("login"))
    assert viewer_client.get(WATCH_URL).status_code == 405


# In the admin --------------------------------------------------------------------------


def _autocomplete(client: Client, field: str, term: str = "") -> list[str] | int:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "summits", "model_name": "actionitem", "field_name": field, "term": term},
    )
    if response.status_code != 200:
        return response.status_code
    return sorted(result["text"] for result in response.json()["results"])


@pytest.fixture
def everyone(analyst, viewer) -> None:
    """Beside alice (analyst) and bob (viewer): a former analyst and a user in no group."""
    former, _ = analyst_signed_in("carol")
    former.is_active = False
    former.save()
    User.objects.create_user("dave")


@pytest.mark.usefixtures("everyone")
def test_analysts_find_owners_among_active_analysts_only(analyst_client):
    assert _autocomplete(analyst_client, "owner") == ["alice"]
    # Anyone signed in may watch an item, so the watchers' search finds every user.
    assert _autocomplete(analyst_client, "watchers") == ["alice", "bob", "carol", "dave"]
    # The search only: the accounts' own pages stay closed to Analysts.
    assert analyst_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert analyst_client.get(reverse("admin:auth_user_change", args=[1])).status_code == 403


def test_viewers_cannot_search_people(viewer, client):
    viewer.is_staff = True  # even one let into the admin
    viewer.save()
    client.force_login(viewer)
    assert _autocomplete(client, "owner") == 403


@pytest.mark.usefixtures("everyone")
def test_the_admin_refuses_anyone_but_an_analyst_as_owner(analyst_client, analyst, viewer):
    url = reverse("admin:summits_actionitem_change", args=[item().pk])
    for user in [viewer, User.objects.get(username="carol"), User.objects.get(username="dave")]:
        data = change_form_data(analyst_client.get(url)) | {"owner": user.pk}
        response = analyst_client.post(url, data)
        assert response.status_code == 200, user
        assert "Select a valid choice" in response.context["adminform"].form.errors["owner"][0]
        assert item().owner is None
    data = change_form_data(analyst_client.get(url)) | {"owner": analyst.pk}
    assert analyst_client.post(url, data).status_code == 302
    assert item().owner == analyst


def test_model_validation_refuses_a_viewer_as_owner(viewer):
    record = item()
    record.owner = viewer
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert list(refused.value.message_dict) == ["owner"]
