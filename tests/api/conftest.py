"""The API's callers: sessions, and personal tokens of every scope and state."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from summits import services
from summits.models import ApiToken


def token_create(user: User, scope: str = ApiToken.Scope.READ, days: int = 30) -> str:
    """A token of `user`'s made as the tokens page makes one; its secret."""
    _token, secret = services.api_token_create(user=user, name="test", scope=scope, days=days)
    return secret


def token_client(secret: str) -> Client:
    """A client with no session that sends `secret` as its bearer token, as a script does."""
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def token_for() -> Callable[..., Client]:
    def make(user: User, scope: str = ApiToken.Scope.READ, days: int = 30) -> Client:
        return token_client(token_create(user, scope, days))

    return make


@pytest.fixture
def callers(db, analyst, viewer) -> dict[str, Client]:
    """Every kind of caller the API tells apart, by name."""
    expired = token_create(analyst, ApiToken.Scope.READ_WRITE)
    ApiToken.objects.filter(digest=services.api_token_digest(expired)).update(
        created=timezone.now() - dt.timedelta(days=40),
        expires=timezone.now() - dt.timedelta(days=10),
    )
    revoked = token_create(analyst, ApiToken.Scope.READ_WRITE)
    services.api_token_revoke(
        token=ApiToken.objects.get(digest=services.api_token_digest(revoked)), user=analyst
    )
    nobody = User.objects.create_user("nobody")

    def session(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return {
        "anonymous": Client(),
        "nobody": session(nobody),
        "viewer": session(viewer),
        "analyst": session(analyst),
        "analyst_read_token": token_client(token_create(analyst, ApiToken.Scope.READ)),
        "analyst_write_token": token_client(token_create(analyst, ApiToken.Scope.READ_WRITE)),
        "viewer_write_token": token_client(token_create(viewer, ApiToken.Scope.READ_WRITE)),
        "expired_token": token_client(expired),
        "revoked_token": token_client(revoked),
    }
