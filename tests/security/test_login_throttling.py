"""Repeated failed logins lock an account at the address they came from, and an address
that tries many accounts, for a while.

Through the real login view. Behind the reverse proxy every request comes from the
proxy's address, and the client's is the one the proxy appends to X-Forwarded-For.
"""

import runpy

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from tests.conftest import ROOT
from tests.factories import PASSWORD
from tracker import settings as production

PROXY = "127.0.0.1"


def _login(client, username: str, password: str, address: str = "10.0.0.1", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        headers=headers,
    )


def _through_proxy(client, username: str, password: str, forwarded_for: str):
    return _login(client, username, password, PROXY, X_Forwarded_For=forwarded_for)


@pytest.fixture(autouse=True)
def _cleared_attempts(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


@pytest.fixture
def behind_proxy(settings, monkeypatch):
    """The settings file's own proxy settings, as it reads them with DJANGO_BEHIND_PROXY=1."""
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    proxied = runpy.run_path(str(ROOT / "tracker" / "settings.py"))
    names = [name for name in proxied if name.startswith(("AXES_IPWARE_", "IPWARE_"))]
    assert names, "DJANGO_BEHIND_PROXY=1 sets no address settings"
    for name in names:
        setattr(settings, name, proxied[name])


def test_an_account_is_locked_at_the_address_its_password_was_guessed_from(client, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "alice", "wrong").status_code == 200
    assert _login(client, "alice", "wrong").status_code == 429  # the last allowed failure
    response = _login(client, "alice", PASSWORD)  # even the right password, now
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "alice" in response.text


def test_guessing_from_one_address_does_not_lock_the_account_elsewhere(client, analyst, viewer):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong", address="10.0.0.66")
    assert _login(client, "alice", PASSWORD, address="10.0.0.66").status_code == 429
    # The account's owner, at her own address, still logs in; so does a colleague at
    # the guesser's address, who has not reached the address's own limit.
    assert _login(client, "alice", PASSWORD, address="10.0.0.2").status_code == 302
    client.post(reverse("logout"))
    assert _login(client, "bob", PASSWORD, address="10.0.0.66").status_code == 302


def test_an_address_is_locked_after_failures_on_many_accounts(client, analyst, viewer):
    limit = settings.TRACKER_LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        assert _login(client, f"guess{n}", "wrong").status_code == 200
    assert _login(client, "bob", PASSWORD).status_code == 302  # not yet
    client.post(reverse("logout"))
    # Bob's success cleared his own failures there, not the address's: one more locks it.
    assert _login(client, "guess-last", "wrong").status_code == 429
    assert _login(client, "bob", PASSWORD).status_code == 429
    assert _login(client, "alice", PASSWORD).status_code == 429
    assert _login(client, "bob", PASSWORD, address="10.0.0.9").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "alice", "wrong")
    assert _login(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "alice", "wrong")
    assert _login(client, "alice", PASSWORD).status_code == 302


@pytest.mark.usefixtures("behind_proxy")
def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(client, analyst, viewer):
    for n in range(settings.TRACKER_LOGIN_ADDRESS_FAILURE_LIMIT):
        _through_proxy(client, f"guess{n}", "wrong", "203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy(client, "alice", "wrong", "203.0.113.7")
    assert _through_proxy(client, "bob", PASSWORD, "203.0.113.7").status_code == 429
    # Another client behind the same proxy, and Alice herself from her own address.
    assert _through_proxy(client, "bob", PASSWORD, "198.51.100.20").status_code == 302
    client.post(reverse("logout"))
    assert _through_proxy(client, "alice", PASSWORD, "198.51.100.21").status_code == 302


@pytest.mark.usefixtures("behind_proxy")
def test_behind_the_proxy_a_client_cannot_choose_its_address(client, analyst):
    # The client writes X-Forwarded-For itself; the proxy appends the address it sees.
    for n in range(settings.AXES_FAILURE_LIMIT):
        _through_proxy(client, "alice", "wrong", f"192.0.2.{n}, 203.0.113.7")
    assert _through_proxy(client, "alice", PASSWORD, "192.0.2.99, 203.0.113.7").status_code == 429
    assert _through_proxy(client, "alice", PASSWORD, "203.0.113.7").status_code == 429


def test_passwords_are_hashed_with_argon2(settings):
    # The settings file's own hashers, not the fast one every other test uses (conftest).
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = User.objects.create_user("carol", password=PASSWORD)
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)
