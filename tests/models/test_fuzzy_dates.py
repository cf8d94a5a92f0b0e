import datetime as dt

import pytest

from summits.fuzzydates import FuzzyDate, Precision, ends_on_or_after_q, overdue_q
from summits.models import ActionItem

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "precision", "shown"),
    [
        ("19 November 2025", D(2025, 11, 19), "day", "19 November 2025"),
        ("November 19, 2025", D(2025, 11, 19), "day", "19 November 2025"),
        ("Nov. 19 2025", D(2025, 11, 19), "day", "19 November 2025"),
        ("2025-11-19", D(2025, 11, 19), "day", "19 November 2025"),
        ("early December 2025", D(2025, 12, 1), "early", "early December 2025"),
        ("mid-December 2025", D(2025, 12, 11), "mid", "mid-December 2025"),
        ("late Feb 2024", D(2024, 2, 21), "late", "late February 2024"),
        ("December 2025", D(2025, 12, 1), "month", "December 2025"),
        ("2025-12", D(2025, 12, 1), "month", "December 2025"),
        ("Q3 2026", D(2026, 7, 1), "quarter", "Q3 2026"),
        ("2026", D(2026, 1, 1), "year", "2026"),
    ],
)
def test_parse_and_display(text, start, precision, shown):
    date = FuzzyDate.parse(text)
    assert (date.start, date.precision, str(date)) == (start, precision, shown)
    assert FuzzyDate.parse(str(date)) == date  # what is shown reads back the same


@pytest.mark.parametrize("text", ["", "soon", "31 February 2025", "Q5 2026", "13/2025"])
def test_unreadable_dates_explain_what_is_accepted(text):
    with pytest.raises(ValueError, match="early December 2025"):
        FuzzyDate.parse(text)


@pytest.mark.parametrize(
    ("start", "precision", "end"),
    [
        (D(2025, 11, 19), "day", D(2025, 11, 19)),
        (D(2025, 12, 1), "early", D(2025, 12, 10)),
        (D(2025, 12, 11), "mid", D(2025, 12, 20)),
        (D(2024, 2, 21), "late", D(2024, 2, 29)),
        (D(2025, 2, 1), "month", D(2025, 2, 28)),
        (D(2026, 10, 1), "quarter", D(2026, 12, 31)),
        (D(2026, 1, 1), "year", D(2026, 12, 31)),
    ],
)
def test_latest_possible_day(start, precision, end):
    assert FuzzyDate(start, precision).end == end


def test_start_is_normalised_to_the_period():
    assert FuzzyDate(D(2025, 12, 17), Precision.MONTH).start == D(2025, 12, 1)
    assert FuzzyDate(D(2025, 12, 3), Precision.LATE_MONTH).start == D(2025, 12, 21)
    assert FuzzyDate(D(2025, 8, 30), Precision.QUARTER).start == D(2025, 7, 1)


def test_sorted_by_earliest_day():
    dates = [FuzzyDate.parse(t) for t in ["2026", "early December 2025", "30 November 2025"]]
    assert [str(d) for d in sorted(dates)] == ["30 November 2025", "early December 2025", "2026"]


def test_overdue_only_after_the_latest_day():
    early_december = FuzzyDate.parse("early December 2025")
    assert not early_december.is_past(D(2025, 12, 10))
    assert early_december.is_past(D(2025, 12, 11))


@pytest.mark.django_db
def test_overdue_query_agrees_with_the_value_type():
    """The SQL condition and the Python rule must never disagree, on any precision."""
    dates = [
        FuzzyDate(D(2025, 1, 1) + dt.timedelta(days=n), p)
        for n in range(0, 400, 7)
        for p in Precision
    ]
    ActionItem.objects.bulk_create(
        ActionItem(ref=f"T-{i}", title="t", due_start=d.start, due_precision=d.precision)
        for i, d in enumerate(dates)
    )
    for today in [D(2025, 3, 10), D(2025, 3, 11), D(2025, 6, 30), D(2025, 12, 21), D(2026, 1, 1)]:
        in_sql = set(
            ActionItem.objects.filter(overdue_q("due", today)).values_list("ref", flat=True)
        )
        in_python = {f"T-{i}" for i, d in enumerate(dates) if d.is_past(today)}
        assert in_sql == in_python, today
        # The calendar feed's window: what can still fall on `today` or later.
        in_window = set(
            ActionItem.objects.filter(ends_on_or_after_q("due", today)).values_list(
                "ref", flat=True
            )
        )
        assert in_window == {f"T-{i}" for i, d in enumerate(dates) if d.end >= today}, today


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("second half of 2026", D(2026, 7, 1), D(2026, 12, 31)),
        ("the first half of 2027", D(2027, 1, 1), D(2027, 6, 30)),
        ("H2 2026", D(2026, 7, 1), D(2026, 12, 31)),
    ],
)
def test_a_half_year_is_read_kept_and_shown_as_written(text, start, end):
    date = FuzzyDate.parse(text)
    assert (date.start, date.end, date.precision) == (start, end, Precision.HALF)
    assert FuzzyDate.parse(str(date)) == date
    assert not date.is_past(end) and date.is_past(end + dt.timedelta(days=1))
