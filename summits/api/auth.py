"""Who may call the API: a browser's session or a personal token, and what each may do.

Reading needs what the pages need (summits.access.may_read: the Viewers or Analysts
group); writing needs the model permission the matching page asks for, and, through a
token, a read-write token. A token never does more than its user may.
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from ..access import NO_ACCESS, may_read
from ..models import ApiToken
from ..services import api_token_digest

if TYPE_CHECKING:  # DRF's settings import this module while rest_framework.views loads
    from rest_framework.views import APIView

# last_used is written at most this often: a script's every request would otherwise
# be a write, and on SQLite writes wait for each other.
LAST_USED_EVERY = dt.timedelta(minutes=10)


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer st_…`, looked up by the secret's hash; expired and revoked
    tokens, and those of deactivated users, are refused with a message saying so."""

    keyword = "Bearer"
    model = ApiToken

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.select_related("user").filter(digest=api_token_digest(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Unknown API token.")
        now = timezone.now()
        if token.revoked is not None:
            raise exceptions.AuthenticationFailed(
                f"This API token was revoked on {token.revoked:%d %b %Y}; create a new one."
            )
        if token.expires <= now:
            raise exceptions.AuthenticationFailed(
                f"This API token expired on {token.expires:%d %b %Y}; create a new one."
            )
        if token.last_used is None or now - token.last_used > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token


def token_may_write(request: Request) -> bool:
    """A session may write what its user may; a token only if it is read-write."""
    token = request.auth
    return not isinstance(token, ApiToken) or token.scope == ApiToken.Scope.READ_WRITE


READ_ONLY_TOKEN = "This API token is read-only: create a read-write token to change records."


class TrackerAccess(BasePermission):
    """Read: the pages' rule. Write: a token that may write, and the permissions the view
    names for its action (`write_permissions`, by action or by method)."""

    def has_permission(self, request: Request, view: "APIView") -> bool:
        if not request.user.is_authenticated:
            return False
        if not may_read(request.user):
            self.message = NO_ACCESS
            return False
        if request.method in SAFE_METHODS:
            return True
        if not token_may_write(request):
            self.message = READ_ONLY_TOKEN
            return False
        if getattr(view, request.method.lower(), None) is None:
            return True  # the view answers 405 Method Not Allowed
        # A write the view names no permission for is nobody's: a new endpoint must say.
        permissions = getattr(view, "write_permissions", {})
        needed = permissions.get(getattr(view, "action", None) or request.method)
        return needed is not None and request.user.has_perms(needed)
