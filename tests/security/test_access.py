"""Every page needs a login; only analysts write."""

import pytest
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from summits.models import Meeting

pytestmark = pytest.mark.usefixtures("seed")


def _pages() -> list[str]:
    """Every page of the app: its own pages and each admin changelist, add and change page."""
    pages = [reverse("summits:home"), reverse("admin:index")]
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{info}_changelist"), reverse(f"{info}_add")]
        record = model.objects.first()
        if record is None:  # users and groups of the auth app, in some tests
            continue
        pages.append(reverse(f"{info}_change", args=[record.pk]))
        if hasattr(record, "get_absolute_url"):
            pages.append(record.get_absolute_url())
    return pages


def test_anonymous_users_are_sent_to_log_in_from_every_page(client):
    for page in _pages():
        response = client.get(page)
        assert response.status_code == 302, page
        logins = (reverse("login") + "?next=", reverse("admin:login") + "?next=")
        assert response.url.startswith(logins), page


def test_login_page_is_public_and_logs_in(client, analyst):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(
        reverse("login"), {"username": "alice", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.get(reverse("summits:home")).status_code == 200


def test_logout_is_a_post_that_ends_the_session(analyst_client):
    assert analyst_client.post(reverse("logout")).status_code == 302
    assert analyst_client.get(reverse("summits:home")).status_code == 302


def test_viewer_reads_the_app_pages(viewer_client):
    for page in _pages():
        if not page.startswith("/admin/"):
            assert viewer_client.get(page).status_code == 200, page


def test_viewer_is_kept_out_of_the_admin(viewer_client):
    assert viewer_client.get(reverse("admin:summits_meeting_changelist")).status_code == 302


def test_staff_viewer_sees_the_admin_read_only_and_cannot_change(client, viewer):
    viewer.is_staff = True
    viewer.save()
    client.force_login(viewer)
    meeting = Meeting.objects.get(slug="2025-11-18-modi-patrushev")
    url = reverse("admin:summits_meeting_change", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.text  # read-only: no inputs
    assert client.post(url, {"title": "Rewritten"}).status_code == 403
    assert client.get(reverse("admin:summits_meeting_add")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.title != "Rewritten"


def test_analyst_group_may_write_and_viewer_group_may_only_view(analyst, viewer):
    assert analyst.has_perm("summits.change_actionitem")
    assert analyst.has_perm("summits.delete_meeting")
    assert viewer.has_perm("summits.view_actionitem")
    assert not viewer.has_perm("summits.change_actionitem")
    assert not viewer.has_perm("summits.add_statusupdate")


@pytest.mark.parametrize("model", ["reportimport", "calendarfeedtoken", "historicalactionitem"])
def test_groups_cover_models_added_after_the_groups(analyst, viewer, model):
    assert analyst.has_perm(f"summits.view_{model}")
    assert analyst.has_perm(f"summits.change_{model}")
    assert viewer.has_perm(f"summits.view_{model}")
    assert not viewer.has_perm(f"summits.change_{model}")


def test_permissions_are_the_users_own_and_their_groups_read_in_one_query(
    viewer, django_assert_num_queries
):
    """PermissionsBackend answers as Django's ModelBackend does, in one query not two."""
    own = Permission.objects.get(codename="add_meeting")
    viewer.user_permissions.add(own)
    expected = ModelBackend().get_all_permissions(User.objects.get(pk=viewer.pk))
    assert "summits.add_meeting" in expected and "summits.view_meeting" in expected

    user = User.objects.get(pk=viewer.pk)
    with django_assert_num_queries(1):
        assert user.get_all_permissions() == expected
        assert user.has_perm("summits.add_meeting") and user.has_perm("summits.view_meeting")
    assert not user.has_perm("summits.delete_meeting")

    user.is_active = False
    assert user.get_all_permissions() == set()
    superuser = User.objects.create(username="root", is_superuser=True)
    assert superuser.get_all_permissions() == {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Permission.objects.select_related("content_type")
    }
