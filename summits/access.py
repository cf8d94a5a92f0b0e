"""Who gets in: login throttling, and who may read the tracker.

A login is not enough to read: that needs the records' view permissions (the Viewers
and Analysts groups give them). One rule for every page, applied by
`ReadPermissionMiddleware`, so a new page needs it without saying so. It is checked on
every request, never remembered in the session: taking someone out of their group
closes the tracker to them at once.
"""

from collections.abc import Callable
from functools import cache

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse

from .models import record_models

NO_ACCESS = (
    "Your account may not read the tracker yet. Ask an administrator to add you to the "
    "Viewers or Analysts group."
)


@cache
def _read_permissions() -> frozenset[str]:
    """The view permission of every kind of record (the models are fixed once loaded)."""
    return frozenset(
        f"{model._meta.app_label}.view_{model._meta.model_name}" for model in record_models()
    )


def may_read(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether `user` may see every kind of record the pages show.

    One query the first time (PermissionsBackend), none after: Django keeps the
    permissions on the user object for the rest of the request.
    `has_perms` would answer the same, but it loads every authentication backend afresh
    for each of the two dozen permissions, a millisecond of every page; here the
    backends are asked once for all the user's permissions. (An active superuser has
    them all without a query, as `has_perm` says.)
    """
    if user.is_active and user.is_superuser:
        return True
    return _read_permissions() <= user.get_all_permissions()


class PermissionsBackend(ModelBackend):
    """Django's ModelBackend, reading a user's permissions and their groups' in one query
    (a UNION) instead of two: every page asks for them (may_read), so on PostgreSQL each
    round trip saved is a fixed cost saved. The rest, the `_perm_cache` kept on the user
    for the request included, is ModelBackend's own."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.order_by()
            names = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                rows = permissions.values_list(*names)
            else:
                own = permissions.filter(user=user_obj).values_list(*names)
                groups = permissions.filter(group__user=user_obj).values_list(*names)
                # Unordered: the model's default order names columns a UNION lacks.
                rows = own.union(groups).order_by()
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache


def read_permission_not_required[V: Callable](view: V) -> V:
    """Marks a view any signed-in user may open, e.g. changing one's own password."""
    view.read_permission_required = False
    return view


class ReadPermissionMiddleware:
    """Answers 403, with a page saying whom to ask, to a signed-in user who may not read.

    After `LoginRequiredMiddleware`, which has already sent anonymous users to log in.
    Left alone: public views (`@login_not_required`: the login page, the calendar feed,
    which checks its owner itself), one's own account (`@read_permission_not_required`:
    logging out, changing one's password) and the admin, which checks each model's
    permissions itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        if not getattr(view_func, "read_permission_required", True):
            return None
        if request.resolver_match.app_name == "admin":
            return None
        if not may_read(request.user):
            raise PermissionDenied(NO_ACCESS)
        # base.html shows the tracker's menu only to those it lets in: links that all
        # answer 403 would send someone without a group round in circles.
        request.may_read = True
        return None


class AccountAtAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with a limit for an account at one address and a
    higher one for an address, whatever accounts it tries.

    axes compares one count with one limit (AXES_FAILURE_LIMIT), so an address past its
    own limit (TRACKER_LOGIN_ADDRESS_FAILURE_LIMIT) counts as having reached it.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        account_at_address, address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.TRACKER_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(account_at_address, settings.AXES_FAILURE_LIMIT)
        return account_at_address

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        # A right password clears its account's failures at that address, not the
        # address's failures on other accounts: a guesser could clear those by logging
        # in to their own account between guesses.
        account_at_address, _address = self.filter_user_attempts(request, credentials)
        deleted, _ = account_at_address.delete()
        return deleted
