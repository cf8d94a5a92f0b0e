"""Relations between commitments: a commitment restated for summit after summit of its
series reaffirms (now and then supersedes) the one made for the summit before, so its
lineage and age since first made show as they do for recorded ones.

The "supersedes" relations pass the rule the admin and the importer apply
(`services.action_item_relations_check`: no circle) before they are written.
"""

from collections import defaultdict
from itertools import pairwise

from ..models import ActionItem, ActionItemRelation
from ..services import action_item_relations_check
from .meetings import Meetings
from .run import Run

# Of two consecutive restatements, how often the later is recorded as relating to the
# earlier, and how often as replacing it rather than reaffirming it.
RELATED = 0.4
SUPERSEDES = 0.1


def relations_write(run: Run, meetings: Meetings) -> None:
    series_of = {meeting.pk: series.spec.slug for meeting, series, *_ in meetings.rows}
    # The same commitment (its title) in one series, summit by summit.
    restated: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    rows = (
        ActionItem.objects.filter(target_summit__isnull=False)
        .order_by("target_summit__date_start", "pk")
        .values_list("pk", "title", "origin_meeting_id", "target_summit_id")
    )
    for pk, title, meeting_id, summit_id in rows:
        restated[series_of[meeting_id], title].append((pk, summit_id))
    relations, supersedes = [], defaultdict(list)
    for chain in restated.values():
        for (earlier, earlier_summit), (later, later_summit) in pairwise(chain):
            if later_summit == earlier_summit or run.rng.random() >= RELATED:
                continue
            if run.rng.random() < SUPERSEDES:
                kind = ActionItemRelation.Kind.SUPERSEDES
                supersedes[later].append(earlier)
            else:
                kind = ActionItemRelation.Kind.REAFFIRMS
            relations.append(ActionItemRelation(action_item_id=later, kind=kind, other_id=earlier))
    action_item_relations_check(supersedes=supersedes)
    run.insert(relations)
