"""What a signed-in user receives is never stored by a browser or proxy; static files are."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_max_age

pytestmark = pytest.mark.usefixtures("seed")


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("summits:home", {}),
        ("summits:actionitem-list", {}),
        ("summits:actionitem-list", {"_export": "csv"}),
        ("summits:actionitem-list", {"_export": "xlsx"}),
        ("summits:meeting-list", {"_export": "json"}),
        ("summits:calendar", {}),
    ],
)
def test_pages_and_exports_for_a_signed_in_user_are_not_stored(viewer_client, name, query):
    response = viewer_client.get(reverse(name), query)
    assert response.status_code == 200
    assert {"no-store", "private"} <= _directives(response)
    assert get_max_age(response) == 0


def test_admin_pages_are_not_stored(analyst_client):
    response = analyst_client.get(reverse("admin:summits_actionitem_changelist"))
    assert {"no-store", "private"} <= _directives(response)


def test_static_files_stay_cacheable_for_a_signed_in_user(settings, viewer):
    # WhiteNoise serves from the source folders here (no collectstatic in tests).
    settings.WHITENOISE_USE_FINDERS = True
    client = Client()  # its own middleware, built with these settings
    client.force_login(viewer)
    response = client.get(f"{settings.STATIC_URL}css/tracker.css")
    assert response.status_code == 200
    assert "no-store" not in _directives(response)
