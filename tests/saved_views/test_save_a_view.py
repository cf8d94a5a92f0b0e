"""Saving a list as shown, from its page: filters, sort, page size and columns, in one
normal form; refused with the reason at the top of the page."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from summits.models import SavedView
from summits.views import LIST_PAGES

from .conftest import TRADE_26, saved

pytestmark = pytest.mark.usefixtures("seed")
URL = reverse("summits:actionitem-list")


def save(client, query: str, name: str = "Trade, 26th session", **fields):
    data = {"save_view": "1", "view-name": name, "view-digest": "none", **fields}
    return client.post(f"{URL}?{query}", data)


def test_a_viewer_saves_the_list_as_shown_and_lands_on_it(viewer_client, viewer):
    response = save(viewer_client, TRADE_26, **{"view-shared": "on"})

    view = SavedView.objects.get()
    assert (view.owner, view.list_key, view.name, view.shared) == (
        viewer, "action-items", "Trade, 26th session", True
    )  # fmt: skip
    assert view.query == TRADE_26
    assert response.status_code == 302 and response.url == f"{URL}?{TRADE_26}"
    (message,) = get_messages(response.wsgi_request)
    assert str(message) == "Saved the view “Trade, 26th session” (shared with everyone)."


def test_the_query_is_kept_in_the_forms_order_without_blanks_page_or_strangers(viewer_client):
    # As a browser sends it after htmx: every field, blank or not, in any order.
    messy = (
        "status=not_assessed&page=3&q=&sector=trade&_export=&utm_source=mail"
        "&session_number=26&sort=-due&per_page=50&session_of=irigc-tec&status=not_assessed"
    )
    save(viewer_client, messy)
    assert SavedView.objects.get().query == f"{TRADE_26}&sort=-due&per_page=50"


def test_a_record_named_in_a_text_box_is_kept_by_its_slug(viewer_client):
    save(viewer_client, "origin=IRIGC-TEC-26")
    assert SavedView.objects.get().query == "origin=irigc-tec-26"


def test_the_columns_chosen_are_kept_and_the_default_ones_are_not(viewer_client):
    save(viewer_client, "sector=trade", name="Default columns")
    viewer_client.post(URL, {"columns": ["ref", "responsible"]})
    save(viewer_client, "sector=trade", name="Chosen columns")
    queries = dict(SavedView.objects.values_list("name", "query"))
    assert queries == {
        "Default columns": "sector=trade",
        "Chosen columns": "sector=trade&columns=ref&columns=responsible",
    }


def test_a_second_view_by_the_same_name_is_refused_whatever_the_case(viewer_client, viewer):
    saved(viewer, "Trade, 26th session")
    response = save(viewer_client, "sector=trade", name="TRADE, 26th Session")
    assert response.status_code == 400
    summary = response.context["error_summary"]
    assert summary == [
        (
            "#id_view-name",
            "Name: You already have a view of action items called “TRADE, 26th Session”: "
            "choose another name, or delete that one first.",
        )
    ]
    assert "There is a problem" in response.text
    assert '<details class="saved-views" id="saved-views" open>' in response.text
    assert SavedView.objects.count() == 1


def test_the_same_name_is_free_on_another_list_and_for_another_user(viewer, carol):
    saved(viewer, "Trade")
    saved(viewer, "Trade", list_key="meetings", query="")
    saved(carol, "Trade")
    assert SavedView.objects.count() == 3


def test_a_filter_that_cannot_be_applied_is_not_saved(viewer_client):
    response = save(viewer_client, "origin=no-such-meeting")
    assert response.status_code == 400
    assert response.context["error_summary"] == [
        (
            "",
            "A filter could not be applied, so the view was not saved: correct or remove "
            "it, then save again.",
        )
    ]
    assert not SavedView.objects.exists()


def test_a_view_needs_a_name(viewer_client):
    response = save(viewer_client, "sector=trade", name="  ")
    assert response.status_code == 400
    assert response.context["error_summary"] == [("#id_view-name", "Name: This field is required.")]
    assert not SavedView.objects.exists()


def test_every_list_page_saves_its_own_views(viewer_client):
    for key, page in LIST_PAGES.items():
        response = viewer_client.post(
            f"{page.url()}?q=x", {"save_view": "1", "view-name": "Mine", "view-digest": "weekly"}
        )
        assert response.status_code == 302, key
    assert sorted(SavedView.objects.values_list("list_key", flat=True)) == sorted(LIST_PAGES)
    assert set(SavedView.objects.values_list("query", "digest")) == {("q=x", "weekly")}
