"""Named questions the tracker answers, used by pages, admin and tests alike.

One module per question: `conditions` (the follow-up rules every other module and the
list filters build on), `dashboard`, `follow_up` (the queues, "My follow-ups", the
digests), `readiness` (a summit's), `choices` (what the item page's forms offer) and
`picking` (records named in a filter's text box, and a picker's options) and
`saved_views` (the views a user may open, the digests due).
The list pages' filter menus are `summits.menus`; the score's arithmetic is
`summits.scoring`. Every name is importable from here.
"""

from ..scoring import compliance_score, score_percent
from .choices import action_item_owners, evidence_suggestions
from .conditions import (
    DUE_SOON_DAYS,
    OPEN_ITEMS_QUERY,
    RECENTLY_CHANGED_DAYS,
    changed_within_q,
    count_of,
    due_within_q,
    open_items_q,
    overdue_items_q,
    stale_items_q,
    unassessed_items_q,
    with_follow_up_flags,
)
from .dashboard import (
    LATEST_MEETINGS,
    Change,
    next_summit,
    recent_changes,
    summits_to_update,
    upcoming_meetings,
    upcoming_summits,
    with_latest_meetings,
    with_open_item_counts,
)
from .follow_up import Digest, Queue, follow_up_queues, followup_digests, my_follow_ups
from .picking import PICKABLE, PICKS, Pick, records_listed, records_matching, records_named
from .readiness import (
    LISTED_ITEMS,
    ItemGroup,
    Readiness,
    readiness_items,
    summit_readiness,
    summit_readiness_from_cache,
)
from .saved_views import (
    saved_view_digests_due,
    saved_views_by_list,
    saved_views_of_list,
    saved_views_visible,
)
from .tallies import (
    SectorCounts,
    follow_up_counts,
    item_counts_by_sector,
    item_counts_by_status,
    summit_item_counts,
    summit_score_history,
)

__all__ = [
    "DUE_SOON_DAYS",
    "LATEST_MEETINGS",
    "LISTED_ITEMS",
    "OPEN_ITEMS_QUERY",
    "PICKABLE",
    "PICKS",
    "RECENTLY_CHANGED_DAYS",
    "Change",
    "Digest",
    "ItemGroup",
    "Pick",
    "Queue",
    "Readiness",
    "SectorCounts",
    "action_item_owners",
    "changed_within_q",
    "compliance_score",
    "count_of",
    "due_within_q",
    "evidence_suggestions",
    "follow_up_counts",
    "follow_up_queues",
    "followup_digests",
    "item_counts_by_sector",
    "item_counts_by_status",
    "my_follow_ups",
    "next_summit",
    "open_items_q",
    "overdue_items_q",
    "readiness_items",
    "recent_changes",
    "records_listed",
    "records_matching",
    "records_named",
    "saved_view_digests_due",
    "saved_views_by_list",
    "saved_views_of_list",
    "saved_views_visible",
    "score_percent",
    "stale_items_q",
    "summit_item_counts",
    "summit_readiness",
    "summit_readiness_from_cache",
    "summit_score_history",
    "summits_to_update",
    "unassessed_items_q",
    "upcoming_meetings",
    "upcoming_summits",
    "with_follow_up_flags",
    "with_latest_meetings",
    "with_open_item_counts",
]
