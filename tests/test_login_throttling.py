"""Repeated failed logins lock out the account and the address for a while."""

import pytest
from django.conf import settings
from django.urls import reverse

PASSWORD = "correct horse battery staple"


def _login(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture(autouse=True)
def _cleared_attempts(db):
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


def test_an_account_is_locked_after_repeated_failures(client, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "alice", "wrong").status_code == 200
    assert _login(client, "alice", "wrong").status_code == 429  # the last allowed failure
    response = _login(client, "alice", PASSWORD)  # even the right password, now
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "alice" in response.text
    # ... and from another address too: the account itself is locked.
    assert _login(client, "alice", PASSWORD, address="10.0.0.2").status_code == 429


def test_an_address_is_locked_after_failures_on_many_accounts(client, analyst, viewer):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess{n}", "wrong")
    assert _login(client, "bob", PASSWORD).status_code == 429
    assert _login(client, "bob", PASSWORD, address="10.0.0.9").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, analyst):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "alice", "wrong")
    assert _login(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "alice", "wrong")
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_passwords_are_hashed_with_argon2(analyst):
    assert analyst.password.startswith("argon2")
