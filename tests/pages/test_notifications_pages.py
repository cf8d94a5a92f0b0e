"""The notifications page: a user's own list, marking read, e-mail settings, the
header's unread count; and watching a summit."""

import pytest
from django.urls import reverse

from summits.models import Notification, NotificationPreference, Summit
from tests.factories import client_signed_in, user_create

LIST = reverse("summits:notification-list")
READ = reverse("summits:notifications-read")
BADGE = reverse("summits:notification-badge")
SETTINGS = reverse("summits:notification-preferences")


def notify(user, number: int, **fields) -> Notification:
    return Notification.objects.create(
        user=user,
        kind=Notification.Kind.ITEM_CHANGED,
        key=f"test:{number}",
        message=f"ITEM-{number}: status not started → in progress",
        url=f"/action-items/ITEM-{number}/",
        **fields,
    )


@pytest.fixture
def mine(viewer, analyst):
    """bob (viewer) has two notifications; alice (analyst) one."""
    return notify(viewer, 1), notify(viewer, 2), notify(analyst, 3)


def test_the_page_lists_the_users_own_notifications_with_links(viewer_client, mine):
    page = viewer_client.get(LIST)
    assert page.status_code == 200
    assert '<a href="/action-items/ITEM-2/">ITEM-2: status not started → in progress</a>' in (
        page.text
    )
    assert "ITEM-1:" in page.text
    assert "ITEM-3:" not in page.text  # alice's
    assert "2 unread." in page.text


def test_the_header_shows_the_unread_count_after_the_page(viewer_client, mine):
    page = viewer_client.get("/")
    assert f'hx-get="{BADGE}"' in page.text
    assert viewer_client.get(BADGE).text == '<span class="badge">(2 unread)</span>'
    Notification.objects.filter(user__username="bob").update(read_at="2026-01-01T00:00Z")
    assert "(none unread)" in viewer_client.get(BADGE).text


def test_mark_one_read_then_all(viewer_client, mine):
    first, second, others = mine
    assert viewer_client.post(READ, {"id": first.pk}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    # Another user's notification stays as it is.
    viewer_client.post(READ, {"id": others.pk})
    others.refresh_from_db()
    assert others.read_at is None
    response = viewer_client.post(READ, follow=True)
    assert "Marked 1 notification(s) read." in response.text
    assert not Notification.objects.filter(user=first.user, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=others.pk).read_at is None


def test_a_bad_id_is_refused_with_a_message(viewer_client, mine):
    response = viewer_client.post(READ, {"id": "1; DROP"}, follow=True)
    assert response.status_code == 200
    assert "That is not a notification: nothing was marked read." in response.text
    assert Notification.objects.filter(read_at__isnull=True).count() == 3


def test_each_kind_has_its_own_mail_setting(viewer_client, viewer):
    data = {"item_changed": "digest", "summit_changed": "never", "reminder": "immediately"}
    response = viewer_client.post(SETTINGS, data, follow=True)
    assert "Your notification settings are saved." in response.text
    saved = dict(viewer.notification_preferences.values_list("kind", "delivery"))
    assert saved == data
    form = viewer_client.get(LIST).context["form"]
    assert {name: form[name].initial for name in data} == data


def test_an_unknown_mail_setting_is_refused_and_nothing_saved(viewer_client, viewer):
    data = {"item_changed": "hourly", "summit_changed": "never", "reminder": "immediately"}
    response = viewer_client.post(SETTINGS, data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not NotificationPreference.objects.exists()


def test_reading_needs_a_group(db, client):
    assert client.get(LIST).status_code == 302  # to log in
    nobody = client_signed_in(user_create("nogroup"))
    assert nobody.get(LIST).status_code == 403
    assert nobody.get(BADGE).status_code == 403


def test_a_reader_watches_and_stops_watching_a_summit(viewer_client, viewer, seed):
    summit = Summit.objects.get(number=23)
    url = reverse("summits:summit-watch", args=[summit.series.slug, 23])
    page = viewer_client.post(url, {"watch": "on"}, follow=True)
    assert "You watch this summit" in page.text
    assert list(summit.watchers.all()) == [viewer]
    viewer_client.post(url, {"watch": "off"})
    assert not summit.watchers.exists()
