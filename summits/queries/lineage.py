"""A commitment's lineage: the earlier commitments it restates (reaffirms, extends,
supersedes) and the later ones that restate it, and when the first of them was made, so
a trade target reviewed at three summits shows its real age."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from ..models import ActionItem, ActionItemRelation

# The relations that restate an earlier commitment; "depends on" links two different ones.
RESTATES = (
    ActionItemRelation.Kind.REAFFIRMS,
    ActionItemRelation.Kind.EXTENDS,
    ActionItemRelation.Kind.SUPERSEDES,
)


# How a relation reads from the other end: "IRIGC-TEC-26/TRADE-1 reaffirmed by …".
SEEN_FROM_THE_OTHER_END = {
    ActionItemRelation.Kind.REAFFIRMS: "reaffirmed by",
    ActionItemRelation.Kind.EXTENDS: "extended by",
    ActionItemRelation.Kind.SUPERSEDES: "superseded by",
    ActionItemRelation.Kind.DEPENDS_ON: "a condition of",
}


@dataclass(frozen=True)
class Lineage:
    earlier: list[tuple[str, ActionItem]]  # how this item relates to each it names
    later: list[tuple[str, ActionItem]]  # how each item naming this one relates to it
    first: ActionItem  # the earliest commitment it restates, through any number of steps
    first_made: dt.date | None  # the day of the first one's origin meeting, if known


def item_lineage(item: ActionItem) -> Lineage:
    """One query for the item's relations both ways; when it restates others, one per
    generation of earlier commitments (no circle of "supersedes" exists:
    services.action_item_relations_check) and one for the origins of them all."""
    relations = ActionItemRelation.objects.select_related("action_item", "other").filter(
        Q(action_item=item) | Q(other=item)
    )
    own, others = [], []
    for relation in relations:
        (own if relation.action_item_id == item.pk else others).append(relation)
    earlier = [(r.get_kind_display(), r.other) for r in own]
    later = [(SEEN_FROM_THE_OTHER_END[r.kind], r.action_item) for r in others]
    ancestors: set[int] = {item.pk}
    frontier = {r.other_id for r in own if r.kind in RESTATES} - ancestors
    if not frontier:
        made = item.origin_meeting.date_start if item.origin_meeting else None
        return Lineage(earlier, later, item, made)
    while frontier:
        ancestors |= frontier
        restated = ActionItemRelation.objects.filter(action_item__in=frontier, kind__in=RESTATES)
        frontier = set(restated.values_list("other_id", flat=True)) - ancestors
    candidates = ActionItem.objects.filter(pk__in=ancestors).select_related("origin_meeting")
    dated = [c for c in candidates if c.origin_meeting]
    first = min(dated, key=lambda c: c.origin_meeting.date_start, default=item)
    made = first.origin_meeting.date_start if first.origin_meeting else None
    return Lineage(earlier, later, first, made)
