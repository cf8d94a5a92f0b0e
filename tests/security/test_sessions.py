"""A sign-in lasts a working day, and ends with the browser unless the user asks otherwise."""

import re
import runpy

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from tests.conftest import ROOT
from tests.factories import PASSWORD


def _sign_in(client, **extra: str):
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD, **extra})
    assert response.status_code == 302, "signed in"
    return response


def _settings_with(monkeypatch, **env: str) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "tracker" / "settings.py"))


def test_the_login_form_offers_to_keep_the_user_signed_in_unticked(client):
    page = client.get(reverse("login")).text
    checkbox = re.search(r'<input type="checkbox" name="remember"[^>]*>', page)
    assert checkbox and "checked" not in checkbox[0]
    assert '<label for="id_remember">Keep me signed in on this device</label>' in page


def test_by_default_the_session_cookie_ends_with_the_browser(client, viewer):
    cookie = _sign_in(client).cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    # The session itself still ends after the configured time, browser open or not.
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_keep_me_signed_in_makes_the_cookie_last_the_session_age(client, viewer):
    cookie = _sign_in(client, remember="on").cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 8 * 60 * 60
    assert not client.session.get_expire_at_browser_close()
    assert client.get(reverse("summits:home")).status_code == 200


def test_a_session_lasts_eight_hours_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("TRACKER_SESSION_HOURS", raising=False)
    assert _settings_with(monkeypatch)["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert _settings_with(monkeypatch, TRACKER_SESSION_HOURS="2")["SESSION_COOKIE_AGE"] == 7200
    with pytest.raises(ImproperlyConfigured, match="TRACKER_SESSION_HOURS must be a whole"):
        _settings_with(monkeypatch, TRACKER_SESSION_HOURS="a day")
