"""Where saved views are opened from: each list's menu and the dashboard's card, each in
one query however many views there are."""

import pytest
from django.urls import reverse

from tests.records import make_action_items

from .conftest import saved

pytestmark = pytest.mark.usefixtures("seed")
LIST = reverse("summits:actionitem-list")
HOME = reverse("summits:home")


def names(views) -> list[str]:
    return [view.name for view in views]


def test_the_menu_lists_ones_own_views_then_the_shared_ones_not_others_private_ones(
    viewer, carol, viewer_client
):
    saved(viewer, "zeta, mine")
    saved(viewer, "Alpha, mine, shared", shared=True)
    saved(carol, "Beta, hers, shared", shared=True)
    saved(carol, "Gamma, hers, private")
    saved(viewer, "Meetings of mine", list_key="meetings", query="")

    response = viewer_client.get(LIST)

    assert names(response.context["saved_views"]) == [
        "Alpha, mine, shared",
        "zeta, mine",
        "Beta, hers, shared",
    ]
    assert "Gamma" not in response.text
    assert "shared by Carol" in response.text
    view = response.context["saved_views"][0]
    assert f'<a href="/saved-views/{view.pk}/">Alpha, mine, shared</a>' in response.text


def test_only_ones_own_views_offer_to_delete_them(viewer, carol, viewer_client):
    mine = saved(viewer, "Mine")
    hers = saved(carol, "Hers", shared=True)
    page = viewer_client.get(LIST).text
    assert reverse("summits:saved-view-delete", args=[mine.pk]) in page
    assert reverse("summits:saved-view-delete", args=[hers.pk]) not in page


def test_htmx_swaps_leave_the_menu_out(viewer, viewer_client):
    saved(viewer, "Mine")
    response = viewer_client.get(LIST, headers={"HX-Request": "true"})
    assert "saved_views" not in response.context and "Mine" not in response.text


def test_a_list_page_costs_the_same_queries_with_many_saved_views_and_chips(
    viewer, carol, viewer_client, django_assert_num_queries
):
    make_action_items(30)
    query = {"q": "Extra", "status": ["not_assessed", "in_progress"], "due_before": "2026-12-31"}
    viewer_client.get(LIST, query)  # the filter menus, cached
    # User, permissions (the user's and their groups', one query: access.PermissionsBackend),
    # count, page, sectors, responsible, the saved views' menu: the chips cost none
    # (lists/chips.py).
    with django_assert_num_queries(7):
        viewer_client.get(LIST, query)
    for number in range(15):
        saved(viewer, f"Mine {number}")
        saved(carol, f"Hers {number}", shared=True)
    with django_assert_num_queries(7):
        response = viewer_client.get(LIST, query)
    assert len(response.context["saved_views"]) == 30
    assert len(response.context["chips"]) == 4


def test_the_dashboard_card_groups_the_views_by_list(viewer, carol, viewer_client):
    saved(viewer, "Trade")
    saved(carol, "Delhi meetings", list_key="meetings", query="place=new-delhi", shared=True)
    saved(carol, "Private", list_key="people", query="")
    response = viewer_client.get(HOME)
    groups = [(title, names(views)) for title, views in response.context["saved_views"]]
    assert groups == [("Action items", ["Trade"]), ("Meetings", ["Delhi meetings"])]
    assert "Private" not in response.text


def test_the_dashboard_card_says_how_to_save_a_first_view(viewer_client):
    assert "No saved views yet" in viewer_client.get(HOME).text


def test_the_dashboard_costs_the_same_queries_with_many_saved_views(
    viewer, carol, viewer_client, django_assert_num_queries
):
    viewer_client.get(HOME)  # the figures, cached
    saved(viewer, "One")
    with django_assert_num_queries(5) as one:
        viewer_client.get(HOME)
    for number in range(20):
        saved(carol, f"Hers {number}", list_key="meetings", query="", shared=True)
    with django_assert_num_queries(len(one)):
        response = viewer_client.get(HOME)
    assert sum(len(views) for _, views in response.context["saved_views"]) == 21
