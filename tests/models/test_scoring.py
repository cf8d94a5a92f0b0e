"""The compliance score's arithmetic: plain unit tests, no database."""

import datetime as dt

import pytest

from summits.models import STATUS_SCORES, Status
from summits.scoring import compliance_score, score_percent
from tests.figures.oracle import score_history

D = dt.date


def test_score_counts_plus_one_zero_minus_one_and_ignores_the_rest():
    assert (
        compliance_score({Status.FULFILLED: 1, Status.IN_PROGRESS: 1, Status.NOT_FULFILLED: 1}) == 0
    )
    assert compliance_score({Status.FULFILLED: 2, Status.STALLED: 1}) == 2 / 3
    assert compliance_score({Status.NOT_STARTED: 4, Status.WITHDRAWN: 1}) is None
    assert compliance_score({Status.FULFILLED: 0, Status.NOT_FULFILLED: 0}) is None


def test_score_history_replays_updates_day_by_day_and_ignores_unscored_days():
    updates = [
        (1, D(2025, 11, 20), Status.NOT_STARTED),  # nothing scored yet: no point
        (1, D(2025, 11, 25), Status.IN_PROGRESS),
        (2, D(2025, 11, 25), Status.FULFILLED),
        (1, D(2025, 12, 1), Status.NOT_FULFILLED),
        (2, D(2025, 12, 2), Status.WITHDRAWN),  # leaves the score to item 1 alone
    ]
    assert score_history(updates) == [
        (D(2025, 11, 25), 0.5),
        (D(2025, 12, 1), 0.0),
        (D(2025, 12, 2), -1.0),
    ]


@pytest.mark.parametrize(("score", "percent"), [(-1, 0), (0, 50), (1, 100), (0.5, 75), (2 / 3, 83)])
def test_score_percent_maps_minus_one_to_zero_and_plus_one_to_a_hundred(score, percent):
    assert score_percent(score) == percent


def test_the_last_day_s_score_is_the_score_of_every_item_s_latest_status():
    updates = [
        (1, D(2025, 11, 1), Status.IN_PROGRESS),
        (2, D(2025, 11, 1), Status.STALLED),
        (3, D(2025, 11, 2), Status.FULFILLED),
        (2, D(2025, 11, 3), Status.NOT_FULFILLED),
        (1, D(2025, 11, 3), Status.FULFILLED),
        (3, D(2025, 11, 4), Status.WITHDRAWN),
    ]
    latest = {item: status for item, _, status in updates}
    by_status = {status: list(latest.values()).count(status) for status in STATUS_SCORES}
    assert score_history(updates)[-1] == (D(2025, 11, 4), compliance_score(by_status))
