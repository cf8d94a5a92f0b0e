"""Saved views a user may open: their own and those others share, in one query."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from ..models import SavedView


def saved_views_visible(user: AbstractBaseUser) -> QuerySet[SavedView]:
    """Every view `user` may open (their own, and the shared ones), with its owner."""
    return SavedView.objects.filter(Q(owner=user.pk) | Q(shared=True)).select_related("owner")


def saved_views_of_list(user: AbstractBaseUser, list_key: str) -> list[SavedView]:
    """The views of one list `user` may open, theirs first, then by name: its menu."""
    views = saved_views_visible(user).filter(list_key=list_key)
    return sorted(views, key=lambda view: (view.owner_id != user.pk, view.name.lower()))


def saved_views_by_list(user: AbstractBaseUser) -> list[tuple[str, list[SavedView]]]:
    """The views `user` may open, grouped by list in the menu's order of lists, each
    group by name: the dashboard's card."""
    groups: dict[str, list[SavedView]] = {key: [] for key in SavedView.ListKey.values}
    for view in sorted(saved_views_visible(user), key=lambda view: view.name.lower()):
        groups[view.list_key].append(view)
    labels = dict(SavedView.ListKey.choices)
    return [(labels[key], views) for key, views in groups.items() if views]


def saved_view_digests_due(start_of_today: dt.datetime) -> QuerySet[SavedView]:
    """Views whose owner asked for a digest and has not had it yet today (daily) or in
    the last seven days (weekly), as days go: a run missed, or late, still sends it."""
    week = start_of_today - dt.timedelta(days=6)
    never = Q(last_sent__isnull=True)
    return (
        SavedView.objects.filter(
            (Q(digest=SavedView.Digest.DAILY) & (never | Q(last_sent__lt=start_of_today)))
            | (Q(digest=SavedView.Digest.WEEKLY) & (never | Q(last_sent__lt=week))),
            owner__is_active=True,
        )
        .select_related("owner")
        .order_by("owner__username", "list_key", "name")
    )
