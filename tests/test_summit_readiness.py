"""A summit's readiness: items by status, G7/G20-style score and its change, items at risk."""

import datetime as dt

import pytest

from summits.models import ActionItem, Status, StatusUpdate, Summit
from summits.queries import compliance_score, summit_compliance

pytestmark = pytest.mark.usefixtures("seed")
D = dt.date


def test_score_counts_plus_one_zero_minus_one_and_ignores_the_rest():
    assert compliance_score([Status.FULFILLED, Status.IN_PROGRESS, Status.NOT_FULFILLED]) == 0
    assert compliance_score([Status.FULFILLED, Status.FULFILLED, Status.STALLED]) == 2 / 3
    assert compliance_score([Status.NOT_STARTED, Status.WITHDRAWN]) is None


def test_readiness_moves_with_status_updates():
    summit = Summit.objects.get(number=23)
    trade, energy = (
        ActionItem.objects.get(ref=f"IRIGC-TEC-26/{area}-1") for area in ["TRADE", "ENERGY"]
    )
    StatusUpdate.objects.create(action_item=trade, as_of=D(2025, 11, 25), status=Status.IN_PROGRESS)
    StatusUpdate.objects.create(
        action_item=energy, as_of=D(2025, 11, 25), status=Status.IN_PROGRESS
    )
    StatusUpdate.objects.create(action_item=trade, as_of=D(2025, 12, 5), status=Status.FULFILLED)

    readiness = summit_compliance(summit, today=D(2025, 12, 6))

    total = summit.action_items.count()
    assert readiness.total == total
    assert readiness.by_status[Status.FULFILLED] == 1
    assert readiness.by_status[Status.IN_PROGRESS] == 1
    assert readiness.by_status[Status.NOT_STARTED] == total - 2
    assert readiness.score == 0.5
    assert readiness.score_percent == 75
    assert readiness.score_history == [(D(2025, 11, 25), 0.0), (D(2025, 12, 5), 0.5)]


def test_items_at_risk_are_overdue_or_stale_and_open():
    summit = Summit.objects.get(number=23)
    # Early December 2025 is over by 11 December: every open item due then is overdue.
    readiness = summit_compliance(summit, today=D(2025, 12, 11))
    due_early_december = summit.action_items.filter(due_start=D(2025, 12, 1))
    assert {i.ref for i in readiness.at_risk} >= {i.ref for i in due_early_december}
    # A day before the period ends, none is overdue, and all were updated on 20 Nov.
    assert summit_compliance(summit, today=D(2025, 12, 10)).at_risk == []
