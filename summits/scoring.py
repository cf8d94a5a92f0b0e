"""The compliance score, as the G7/G20 Research Group computes it: pure arithmetic.

Each counted item scores by its status (STATUS_SCORES: fulfilled +1; in progress,
stalled, partially fulfilled 0; not fulfilled −1; not yet assessed, not started and
withdrawn not counted) and a summit scores the mean. No database here: the queries hand in counts
or the kept days' sums already read (queries.readiness).
"""

import datetime as dt
from collections.abc import Iterable, Mapping

from .models import STATUS_SCORES, Status


def score_percent(score: float) -> int:
    """A score on the 0–100 % scale reports use: −1 is 0 %, +1 is 100 %."""
    return round((score + 1) * 50)


def compliance_score(by_status: Mapping[str, int]) -> float | None:
    """The mean score of the items counted `by_status`; None if no status is scored."""
    scored = {status: n for status, n in by_status.items() if STATUS_SCORES[status] is not None}
    counted = sum(scored.values())
    return (
        sum(STATUS_SCORES[status] * n for status, n in scored.items()) / counted
        if counted
        else None
    )


def score_history_from_days(
    days: Iterable[tuple[dt.date, int, int, int]],
) -> list[tuple[dt.date, float]]:
    """A summit's score at the end of each day its items had updates, from the sums'
    changes per day (models.ScoreDayTally), in day order:
    (day, change of the summed scores, change of the items counted, updates that day).
    The score of a day is the running sums' at its end, as the replay has it; days
    without updates have none."""
    total = counted = 0
    history = []
    for day, total_change, counted_change, updates in days:
        total, counted = total + total_change, counted + counted_change
        if updates and counted:
            history.append((day, total / counted))
    return history


def compliance_by_party(items: Iterable[tuple[str, Iterable[str]]]) -> dict[str, dict[str, int]]:
    """Per party, the items counted by status, from (status, parties) per item: an item
    counts once for each party responsible for it, as the G7/G20 Research Group scores a
    commitment for each member it binds."""
    counts: dict[str, dict[str, int]] = {}
    for status, parties in items:
        for party in set(parties):
            by_status = counts.setdefault(party, dict.fromkeys(Status.values, 0))
            by_status[status] += 1
    return counts
