"""Opening a view: its owner's private one, anyone's shared one, nobody else's. Deleting:
its owner, or staff."""

import pytest
from django.urls import reverse

from summits.models import SavedView
from tests.factories import client_signed_in, user_create

from .conftest import TRADE_26, saved

pytestmark = pytest.mark.usefixtures("seed")
LIST = reverse("summits:actionitem-list")


def columns(response) -> list[str]:
    return [column.name for column in response.context["table"].columns]


def test_a_shared_view_opens_for_another_viewer_at_its_address(viewer, carol_client):
    view = saved(viewer, "Trade", shared=True)
    response = carol_client.get(view.get_absolute_url())
    assert response.status_code == 302 and response.url == f"{LIST}?{TRADE_26}"
    listed = carol_client.get(response.url)
    assert [row.record.ref for row in listed.context["table"].paginated_rows] == [
        "IRIGC-TEC-26/TRADE-1"
    ]


def test_a_private_view_is_not_found_by_anyone_else(viewer, carol_client, analyst_client):
    view = saved(viewer, "Mine")
    assert carol_client.get(view.get_absolute_url()).status_code == 404
    assert analyst_client.get(view.get_absolute_url()).status_code == 404


def test_its_owner_opens_a_private_view(viewer, viewer_client):
    view = saved(viewer, "Mine")
    assert viewer_client.get(view.get_absolute_url()).url == f"{LIST}?{TRADE_26}"


def test_opening_a_view_shows_its_columns_and_one_without_shows_the_defaults(viewer, carol_client):
    with_columns = saved(
        viewer, "Two columns", query="sector=trade&columns=ref&columns=due", shared=True
    )
    without = saved(viewer, "Defaults", query="sector=trade", shared=True)

    response = carol_client.get(with_columns.get_absolute_url())
    assert response.url == f"{LIST}?sector=trade"  # the columns stay out of the address
    assert columns(carol_client.get(response.url)) == ["ref", "due"]

    carol_client.get(without.get_absolute_url())
    assert columns(carol_client.get(f"{LIST}?sector=trade"))[:3] == ["ref", "title", "status"]


def test_a_view_of_the_whole_list_opens_the_list_without_a_query(viewer, viewer_client):
    view = saved(viewer, "All meetings", list_key="meetings", query="")
    assert viewer_client.get(view.get_absolute_url()).url == reverse("summits:meeting-list")


def test_the_owner_deletes_a_view_and_goes_back_where_they_were(viewer, viewer_client):
    view = saved(viewer, "Mine")
    back = f"{LIST}?sector=trade"
    response = viewer_client.post(
        reverse("summits:saved-view-delete", args=[view.pk]), {"next": back}
    )
    assert response.status_code == 302 and response.url == back
    assert not SavedView.objects.exists()


def test_another_viewer_may_open_a_shared_view_but_not_delete_it(viewer, carol_client):
    view = saved(viewer, "Shared", shared=True)
    response = carol_client.post(reverse("summits:saved-view-delete", args=[view.pk]))
    assert response.status_code == 403
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_another_users_private_view_cannot_even_be_found_to_delete(viewer, carol_client):
    view = saved(viewer, "Mine")
    response = carol_client.post(reverse("summits:saved-view-delete", args=[view.pk]))
    assert response.status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()


def test_staff_delete_a_shared_view_nobody_should_see_any_more(viewer, analyst_client):
    view = saved(viewer, "Obsolete", shared=True)
    response = analyst_client.post(
        reverse("summits:saved-view-delete", args=[view.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == LIST  # not the address of another site
    assert not SavedView.objects.exists()


def test_a_view_is_deleted_with_its_owner(viewer, carol):
    saved(viewer, "Mine")
    saved(carol, "Hers", shared=True)
    viewer.delete()
    assert list(SavedView.objects.values_list("name", flat=True)) == ["Hers"]


def test_a_user_who_may_not_read_opens_nothing(viewer):
    view = saved(viewer, "Shared", shared=True)
    nobody = user_create("nobody")
    assert client_signed_in(nobody).get(view.get_absolute_url()).status_code == 403


def test_the_owner_shares_a_view_and_asks_for_its_digest_from_the_menu(viewer, viewer_client):
    view = saved(viewer, "Mine")
    back = f"{LIST}?sector=trade"
    response = viewer_client.post(
        view.get_absolute_url(), {"shared": "on", "digest": "weekly", "next": back}
    )
    assert response.status_code == 302 and response.url == back
    view.refresh_from_db()
    assert (view.shared, view.digest) == (True, "weekly")


def test_nobody_else_changes_a_shared_view_not_even_staff(viewer, carol_client, analyst_client):
    view = saved(viewer, "Shared", shared=True)
    for client in (carol_client, analyst_client):
        assert client.post(view.get_absolute_url(), {"digest": "daily"}).status_code == 403
    view.refresh_from_db()
    assert (view.shared, view.digest) == (True, "none")
