"""The dashboard's next summit and summits to update, against the fuzzy dates' own `end`."""

import datetime as dt

import pytest

from summits.fuzzydates import FuzzyDate, Precision
from summits.models import Summit
from summits.queries import next_summit, summits_to_update

TODAY = dt.date(2026, 6, 15)


def summit(number: int, date: FuzzyDate | None, status: str = Summit.Status.ANTICIPATED) -> Summit:
    record = Summit(number=number, status=status)
    record.date = date
    return record


@pytest.mark.parametrize("precision", list(Precision))
@pytest.mark.parametrize("days", range(-400, 400, 19))
def test_a_summit_is_next_until_its_latest_possible_day_has_gone_by(precision, days):
    date = FuzzyDate(TODAY + dt.timedelta(days=days), precision)
    summits = [summit(1, date)]
    still_to_come = date.end >= TODAY
    assert (next_summit(summits, TODAY) is not None) == still_to_come
    assert bool(summits_to_update(summits, TODAY)) == (not still_to_come)


def test_the_next_summit_is_the_first_still_to_come_in_the_order_given():
    past = summit(1, FuzzyDate(dt.date(2025, 12, 1), "early"))
    undated = summit(2, None)
    now = summit(3, FuzzyDate(dt.date(2026, 4, 1), "quarter"))
    later = summit(4, FuzzyDate(dt.date(2026, 6, 16)))
    assert next_summit([undated, past, now, later], TODAY) is now
    assert next_summit([undated, past], TODAY) is None


@pytest.mark.parametrize(
    ("status", "to_update"),
    [
        (Summit.Status.ANTICIPATED, True),
        (Summit.Status.SCHEDULED, True),
        (Summit.Status.POSTPONED, False),  # recorded as postponed: nothing to update
    ],
)
def test_only_summits_still_expected_are_to_update(status, to_update):
    passed = summit(1, FuzzyDate(dt.date(2026, 5, 1), "month"), status)
    assert summits_to_update([passed, summit(2, None, status)], TODAY) == (
        [passed] if to_update else []
    )
