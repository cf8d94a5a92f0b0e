"""Fuzzy dates: "early December 2025", "Q1 2026", "19 November 2025".

Reports rarely give exact days. A fuzzy date is stored as its earliest day plus a
precision; it is displayed as written, sorted by its earliest day, and judged overdue
only after its latest possible day.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Q


class Precision(models.TextChoices):
    DAY = "day", "day"
    EARLY_MONTH = "early", "early month (1–10)"
    MID_MONTH = "mid", "mid-month (11–20)"
    LATE_MONTH = "late", "late month (21–end)"
    MONTH = "month", "month"
    QUARTER = "quarter", "quarter"
    HALF = "half", "half-year"
    YEAR = "year", "year"


# Thirds of a month: the day each starts on.
_THIRD_START = {Precision.EARLY_MONTH: 1, Precision.MID_MONTH: 11, Precision.LATE_MONTH: 21}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

FORMAT_HELP = (
    'Write a date as a report would: "19 November 2025", "2025-11-19", '
    '"early December 2025" (also mid-, late), "December 2025", "Q1 2026", '
    '"second half of 2026" or "2026".'
)


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A period given by its earliest day and its precision; always normalised."""

    start: dt.date
    precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        precision = Precision(self.precision)
        object.__setattr__(self, "precision", precision)
        object.__setattr__(self, "start", _period_start(self.start, precision))

    @property
    def end(self) -> dt.date:
        """The latest day the period can mean."""
        start, precision = self.start, self.precision
        if precision == Precision.DAY:
            return start
        last_of_month = calendar.monthrange(start.year, start.month)[1]
        if precision in (Precision.EARLY_MONTH, Precision.MID_MONTH):
            return start + dt.timedelta(days=9)
        if precision in (Precision.LATE_MONTH, Precision.MONTH):
            return start.replace(day=last_of_month)
        if precision == Precision.QUARTER:
            last_month = start.month + 2
            return dt.date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])
        if precision == Precision.HALF:
            return dt.date(start.year, 6, 30) if start.month == 1 else dt.date(start.year, 12, 31)
        return dt.date(start.year, 12, 31)

    def is_past(self, today: dt.date) -> bool:
        """True once even the latest day the date can mean has gone by."""
        return self.end < today

    def __str__(self) -> str:
        start, precision = self.start, self.precision
        month_year = f"{calendar.month_name[start.month]} {start.year}"
        if precision == Precision.DAY:
            return f"{start.day} {month_year}"
        if precision == Precision.MID_MONTH:
            return f"mid-{month_year}"
        if precision in _THIRD_START:
            return f"{precision.value} {month_year}"
        if precision == Precision.MONTH:
            return month_year
        if precision == Precision.QUARTER:
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        if precision == Precision.HALF:
            return f"{'first' if start.month == 1 else 'second'} half of {start.year}"
        return str(start.year)

    @classmethod
    def parse(cls, text: str) -> "FuzzyDate":
        """Read a date written as in a report; raise ValueError saying what is accepted."""
        cleaned = " ".join(text.replace(",", " ").replace(".", " ").split()).lower()
        cleaned = re.sub(r"\b(early|mid|late)-", r"\1 ", cleaned)
        try:
            return _parse_cleaned(cleaned)
        except ValueError as error:
            raise ValueError(
                f"{text!r} is not a date we can read: {error}. {FORMAT_HELP}"
            ) from None


def _period_start(day: dt.date, precision: Precision) -> dt.date:
    if precision == Precision.DAY:
        return day
    if precision in _THIRD_START:
        # The precision names the third, so it decides the day.
        return day.replace(day=_THIRD_START[precision])
    if precision == Precision.MONTH:
        return day.replace(day=1)
    if precision == Precision.QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if precision == Precision.HALF:
        return dt.date(day.year, 1 if day.month <= 6 else 7, 1)
    return dt.date(day.year, 1, 1)


def _month(name: str) -> int:
    return MONTHS[name]


def _parse_cleaned(text: str) -> FuzzyDate:
    patterns: list[tuple[str, object]] = [
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda y, m, d: (dt.date(int(y), int(m), int(d)), "day")),
        (
            rf"(\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH_RE}) (\d{{4}})",
            lambda d, m, y: (dt.date(int(y), _month(m), int(d)), "day"),
        ),
        (
            rf"({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)? (\d{{4}})",
            lambda m, d, y: (dt.date(int(y), _month(m), int(d)), "day"),
        ),
        (
            rf"(early|mid|middle of|late|end of) ({_MONTH_RE}) (\d{{4}})",
            lambda p, m, y: (dt.date(int(y), _month(m), 1), _third(p)),
        ),
        (rf"({_MONTH_RE}) (\d{{4}})", lambda m, y: (dt.date(int(y), _month(m), 1), "month")),
        (r"(\d{4})-(\d{1,2})", lambda y, m: (dt.date(int(y), int(m), 1), "month")),
        (r"q([1-4]) (\d{4})", lambda q, y: (dt.date(int(y), int(q) * 3 - 2, 1), "quarter")),
        (r"(\d{4}) q([1-4])", lambda y, q: (dt.date(int(y), int(q) * 3 - 2, 1), "quarter")),
        (
            r"(?:the )?(first|second) half(?: of)? (\d{4})",
            lambda h, y: (dt.date(int(y), 1 if h == "first" else 7, 1), "half"),
        ),
        (r"h([12]) (\d{4})", lambda h, y: (dt.date(int(y), 1 if h == "1" else 7, 1), "half")),
        (r"(\d{4})", lambda y: (dt.date(int(y), 1, 1), "year")),
    ]
    for pattern, build in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            start, precision = build(*match.groups())  # type: ignore[operator]
            return FuzzyDate(start, precision)
    raise ValueError("no day, month, quarter or year found")


def _third(word: str) -> str:
    return {"middle of": "mid", "end of": "late"}.get(word, word)


def overdue_q(prefix: str, today: dt.date) -> Q:
    """Rows whose fuzzy date `prefix` ended before `today`, as one indexed condition.

    For each precision, "latest day before today" is "earliest day before a threshold",
    so no latest-day column needs storing and the start index serves the query.
    """
    condition = Q()
    for precision in Precision:
        condition |= Q(
            **{
                f"{prefix}_precision": precision,
                f"{prefix}_start__lt": _past_threshold(today, precision),
            }
        )
    return condition


def past_threshold_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """The earliest and the latest of `overdue_q`'s thresholds for `today`: a date that
    starts before the latest may be overdue, one that starts on or after the earliest may
    not be. As a plain range on the start column, redundant beside `overdue_q`, they let
    a walk along the start's index in date order stop at the first rows it needs."""
    thresholds = [_past_threshold(today, precision) for precision in Precision]
    return min(thresholds), max(thresholds)


def ends_on_or_after_q(prefix: str, day: dt.date) -> Q:
    """Rows whose fuzzy date `prefix` can still mean `day` or later: `overdue_q`'s complement
    among dated rows, written as positive conditions so that the start index serves it."""
    condition = Q()
    for precision in Precision:
        condition |= Q(
            **{
                f"{prefix}_precision": precision,
                f"{prefix}_start__gte": _past_threshold(day, precision),
            }
        )
    return condition


def _past_threshold(today: dt.date, precision: Precision) -> dt.date:
    if precision in (Precision.EARLY_MONTH, Precision.MID_MONTH):
        # Both thirds span ten days: over once start + 9 days < today.
        return today - dt.timedelta(days=9)
    if precision == Precision.LATE_MONTH:
        return today.replace(day=1)
    return _period_start(today, precision)


def fuzzy_date_parts(model: type) -> dict[str, str]:
    """Per stored field of each fuzzy date `model` has ("due_start", "due_precision"): the
    date's name ("due"), for showing a change to either as one date in words."""
    return {
        f"{attribute.prefix}_{part}": name
        for name, attribute in vars(model).items()
        if isinstance(attribute, FuzzyDateAttribute)
        for part in ("start", "precision")
    }


class FuzzyDateAttribute:
    """Reads and writes a model's `<prefix>_start` and `<prefix>_precision` as one value."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        start = getattr(obj, f"{self.prefix}_start")
        precision = getattr(obj, f"{self.prefix}_precision")
        if start is None or not precision:
            return None
        return FuzzyDate(start, precision)

    def __set__(self, obj, value: "FuzzyDate | None") -> None:
        setattr(obj, f"{self.prefix}_start", value.start if value else None)
        setattr(obj, f"{self.prefix}_precision", value.precision if value else "")
