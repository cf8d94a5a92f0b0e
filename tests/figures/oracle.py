"""The kept figures as a fresh count would give them: the oracle tests/figures compares
the tallies with, computed in Python from the items' rows (not by the SQL that keeps or
rebuilds the tallies)."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from summits.fuzzydates import FuzzyDate
from summits.models import (
    FINAL_STATUSES,
    NEVER_UPDATED,
    STATUS_SCORES,
    ActionItem,
    ItemTally,
    OpenItemDueTally,
    OpenItemUpdateTally,
    Organisation,
    PartyItemTally,
    SectorItemTally,
    Status,
    StatusUpdate,
    Summit,
)


def fresh_tallies() -> dict[str, Counter]:
    """Per tally, its counts by key, counted from the items and their sector links."""
    items = {
        pk: (summit, status, start, precision, as_of)
        for pk, summit, status, start, precision, as_of in ActionItem.objects.values_list(
            "pk", "target_summit", "status", "due_start", "due_precision", "status_as_of"
        )
    }
    tallies: dict[str, Counter] = {
        name: Counter() for name in ("item", "sector", "due", "update", "party")
    }
    for summit, status, start, precision, as_of in items.values():
        tallies["item"][summit, status] += 1
        if status not in FINAL_STATUSES:
            if start is not None:
                tallies["due"][precision, start] += 1
            tallies["update"][as_of or NEVER_UPDATED] += 1
    for item, sector in ActionItem.sectors.through.objects.values_list("actionitem", "sector"):
        tallies["sector"][sector, items[item][1]] += 1
    countries = dict(Organisation.objects.values_list("pk", "country"))
    parties: dict[int, set[int]] = {pk: set() for pk in items}
    for item, organisation in ActionItem.responsible.through.objects.values_list(
        "actionitem", "organisation"
    ):
        if countries[organisation] is not None:
            parties[item].add(countries[organisation])
    for pk, (summit, status, *_) in items.items():
        if summit is not None:
            for country in parties[pk] | ({None} if parties[pk] else set()):
                tallies["party"][summit, country, status] += 1
    return tallies


def kept_tallies() -> dict[str, Counter]:
    """Per tally, the counts its rows keep; rows kept at zero left out, as a count has
    no row for a key with no items."""

    def keyed(model, *key: str) -> Counter:
        rows = model.objects.values_list(*key, "n")
        return Counter({(tuple(k) if len(k) > 1 else k[0]): n for *k, n in rows if n})

    return {
        "item": keyed(ItemTally, "summit", "status"),
        "sector": keyed(SectorItemTally, "sector", "status"),
        "due": keyed(OpenItemDueTally, "due_precision", "due_start"),
        "update": keyed(OpenItemUpdateTally, "status_as_of"),
        "party": keyed(PartyItemTally, "summit", "country", "status"),
    }


def overdue_by_python(today) -> int:
    """Open items whose due date has passed, by FuzzyDate.is_past (the rule's Python twin)."""
    return sum(
        1
        for status, start, precision in ActionItem.objects.values_list(
            "status", "due_start", "due_precision"
        )
        if status not in FINAL_STATUSES
        and start is not None
        and FuzzyDate(start, precision).is_past(today)
    )


def score_history(updates: Iterable[tuple[int, dt.date, str]]) -> list[tuple[dt.date, float]]:
    """The score at the end of each day an update was recorded, replaying `updates`
    (item id, as-of day, status) in order: every item counts with its latest status.

    Running sums keep it linear in the number of updates.
    """
    current: dict[int, str] = {}
    total = counted = 0
    by_day: dict[dt.date, float | None] = {}
    for item_id, as_of, status in updates:
        before = STATUS_SCORES[current.get(item_id, Status.NOT_ASSESSED)]
        after = STATUS_SCORES[status]
        if before is not None:
            total, counted = total - before, counted - 1
        if after is not None:
            total, counted = total + after, counted + 1
        current[item_id] = status
        by_day[as_of] = total / counted if counted else None
    return [(day, score) for day, score in by_day.items() if score is not None]


def replayed_score_history(summit: Summit) -> list[tuple[dt.date, float]]:
    """The summit's score history as its items' updates replayed give it: what its kept
    days (models.ScoreDayTally) must read as."""
    updates = (
        StatusUpdate.objects.filter(action_item__target_summit=summit)
        .order_by("as_of", "sequence", "pk")
        .values_list("action_item_id", "as_of", "status")
    )
    return score_history(updates)
