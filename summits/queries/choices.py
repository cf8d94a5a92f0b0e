"""What the action item's page offers to choose from: sources to cite as evidence of a
status update, and who may own the item."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from ..models import (
    ActionItem,
    ActionItemCitation,
    MeetingCitation,
    Source,
    StatusUpdateEvidence,
    action_item_owner_choices,
)


def evidence_suggestions(item: ActionItem | None = None, recent: int = 10) -> list[Source]:
    """The sources a status update most likely cites, newest first, in one query: those
    the item, its updates and its origin meeting cite, and the latest recorded."""
    wanted = Q(pk__in=Source.objects.order_by("-published_on", "-pk").values("pk")[:recent])
    if item is not None:
        wanted |= Q(
            pk__in=ActionItemCitation.objects.filter(action_item=item).values("source")
        ) | Q(
            pk__in=StatusUpdateEvidence.objects.filter(status_update__action_item=item).values(
                "source"
            )
        )
        if item.origin_meeting_id:
            wanted |= Q(
                pk__in=MeetingCitation.objects.filter(meeting=item.origin_meeting_id).values(
                    "source"
                )
            )
    return list(Source.objects.filter(wanted).order_by("-published_on", "title"))


def action_item_owners(current: int | None = None) -> QuerySet:
    """Who may own an item (see action_item_owner_choices), and its current owner."""
    users = get_user_model().objects.filter(action_item_owner_choices() | Q(pk=current))
    return users.order_by("username")
