"""Dates a sentence gives, as fuzzy dates of the precision the words allow.

Absolute forms ("3 March 2026", "March 3, 2026", "3rd March", "03.03.2026"), forms
relative to the report's day ("yesterday", "last week", "on Tuesday", "next month",
"later this month") and fuzzy ones ("early next year", "by the end of the quarter",
"within six months"). A day, month or weekday without a year is read in the sentence's
tense: what "will" happen lies ahead of the report's day, what happened lies before it.

Hand-written rather than dateparser's search: one pass of fixed patterns is linear in
the text and decides the precision ("in May" is a month, not 1 May), which a general
parser does not give.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..fuzzydates import MONTHS, FuzzyDate, Precision

WEEKDAYS = [name.lower() for name in calendar.day_name]
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "thirty": 30,
    "sixty": 60, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_REL_YEAR = r"(?P<ryear>this year|next year|last year|the year|the current year)"
_ANY_YEAR = rf"(?:{_YEAR}|{_REL_YEAR})"
_PART = (
    r"(?P<part>early|mid|late|the beginning of|the middle of|the end of|beginning of|"
    r"middle of|end of|the start of|start of|the first half of|the second half of|"
    r"first half of|second half of|the first quarter of|the second quarter of|"
    r"the third quarter of|the fourth quarter of|first quarter of|second quarter of|"
    r"third quarter of|fourth quarter of)"
)
_NUMBER = r"(?P<count>\d{1,3}|" + "|".join(NUMBERS) + r")"
_FUTURE = re.compile(
    r"\b(?:will|would|shall|to be held|is to|are to|scheduled|expected|plans? to|planned|"
    r"next|upcoming|forthcoming|due to|(?:was|were) (?:to|due)|"
    r"had been (?:scheduled|planned|expected))\b",
    re.IGNORECASE,
)

PATTERNS: list[tuple[str, str]] = [
    (r"\b(?P<iso>(?:19|20)\d{2})-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b", "iso"),
    (r"\b(?P<nd>[0-3]?\d)[./](?P<nm>[01]?\d)[./](?P<ny>(?:19|20)\d{2})\b", "numeric"),
    (rf"\b{_PART}[\s-]+{_MONTH}(?:,?\s+{_YEAR})?\b", "part-month"),
    (rf"\b{_PART}[\s-]+{_ANY_YEAR}\b", "part-year"),
    (rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", "day"),
    (rf"\b{_MONTH}\s+{_DAY}(?![\d,]*\s*(?:billion|million|per))(?:,?\s+{_YEAR})?\b", "day"),
    (rf"\b(?:Q(?P<q>[1-4])\s+{_YEAR})\b", "quarter"),
    (rf"\b{_MONTH}(?:,?\s+{_YEAR}|\s+(?:this|next|last) year)\b", "month"),
    (rf"\b(?:in|by|during|until|from|since|of|before|after|till)\s+{_MONTH}\b", "month"),
    (rf"\b(?:in|by|during|until|for|since|before|after|till|of)\s+{_YEAR}\b", "year"),
    (r"\b(?P<rel>yesterday|tomorrow)(?:['’]s)?\b", "relative"),
    # "today" as a day, not as "now": "took place today", "Today the leaders will …".
    (r"(?:^|(?<=place )|(?<=held )|(?<=met )|(?<=signed )|(?<=opened ))(?P<rel>[Tt]oday)\b",
     "relative"),
    (r"\b(?P<rel>(?:later|earlier) this (?:month|week|year)|this (?:month|week)|"
     r"(?:next|last|this coming|the coming) (?:week|month|quarter)|"
     r"(?:next|last|this|the current|the coming|the following|the previous) year|"
     r"the end of the (?:quarter|month|week|year)|the end of this (?:quarter|month|year)|"
     r"the coming (?:weeks|days))\b", "relative"),
    (r"\b(?P<rel>earlier)(?=\s+in\s+(?-i:[A-Z])|\s*[.;]|$)", "relative"),
    (rf"\b(?P<within>within|in|over the next)\s+(?:the\s+next\s+)?{_NUMBER}\s+"
     r"(?P<unit>days?|weeks?|months?|years?)\b", "within"),
    (r"\b(?:(?:on|last|this|next|from)\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", "weekday"),
]  # fmt: skip
_COMPILED = [(re.compile(p, re.IGNORECASE), kind) for p, kind in PATTERNS]


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str
    value: FuzzyDate
    relative: bool = False  # read against the report's day, not written out
    note: str = ""


def dates_in(text: str, today: dt.date) -> list[Found]:
    """Every date `text` gives, in order, each read against `today` and the text's tense."""
    tense = _Tense(text)
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _COMPILED:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if kind in ("month", "day") and not match.group("month")[0].isupper():
                continue  # "may", "march" as verbs
            try:
                date = _date_of(match, kind, today, tense.future(match.start()))
            except (ValueError, KeyError, OverflowError):
                continue  # "February 30": not a date
            if date is None:
                continue
            taken.append(match.span())
            relative = kind in ("relative", "within", "weekday") or bool(
                match.groupdict().get("ryear")
            )
            found.append(Found(match.start(), match.end(), match.group(0), date, relative))
    return sorted(found, key=lambda f: f.start)


# Where a sentence's clauses meet: "…informed him on Sunday, and that they would meet …".
CLAUSE_END = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")
_PAST_VERB = re.compile(r"\b(?:had|has|have|was|were|did|met|held|spoke|said)\b", re.IGNORECASE)


# What was committed to lies ahead: "agreed to conclude the review by September".
_COMMITTED = re.compile(
    r"\b(?:agreed|agreeing|agree|pledged|pledging|committed|decided|undertook|resolved|vowed|"
    r"promised|intention|intends?|aims?|aimed|seeks?|sought|hopes?|hoped) to\b",
    re.IGNORECASE,
)


class _Tense:
    """Whether a date in a sentence is read forwards or back: ahead when it comes after a
    commitment in its clause; else the tense of its own clause when that clause says, else
    the sentence's ("would meet …, and on Sunday …")."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sentence_future = bool(_FUTURE.search(text))
        self.ends = [m.start() for m in CLAUSE_END.finditer(text)]

    def future(self, at: int) -> bool:
        start = max((end for end in self.ends if end < at), default=0)
        if _COMMITTED.search(self.text, start, at):  # not "In March, they agreed to …"
            return True
        if not self.sentence_future or not self.ends:
            return self.sentence_future
        end = min((end for end in self.ends if end > at), default=len(self.text))
        clause = self.text[start:end]
        return bool(_FUTURE.search(clause)) or not _PAST_VERB.search(clause)


def _date_of(match: re.Match, kind: str, today: dt.date, future: bool) -> FuzzyDate | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    if kind == "iso":
        return FuzzyDate(dt.date(int(groups["iso"]), int(groups["im"]), int(groups["id"])))
    if kind == "numeric":  # day first, as everywhere but the United States
        return FuzzyDate(dt.date(int(groups["ny"]), int(groups["nm"]), int(groups["nd"])))
    if kind == "quarter":
        return FuzzyDate(dt.date(int(groups["year"]), int(groups["q"]) * 3 - 2, 1), "quarter")
    if kind == "year":
        return FuzzyDate(dt.date(int(groups["year"]), 1, 1), Precision.YEAR)
    if kind == "relative":
        return _relative(groups["rel"].lower(), today)
    if kind == "within":
        return _within(groups, today)
    if kind == "weekday":
        return _weekday(match.group(0).lower(), groups["weekday"].lower(), today, future)
    year = _year(groups, today)
    if kind == "part-year":
        return _part_of_year(groups["part"].lower(), year if year else today.year)
    month = MONTHS[groups["month"].lower().rstrip(".")]
    if kind == "part-month":
        year = year or _month_year(month, 1, today, future)
        part = groups["part"].lower().replace("the ", "")
        third = {"early": "early", "beginning of": "early", "start of": "early", "mid": "mid"}
        third |= {"middle of": "mid", "late": "late", "end of": "late"}
        if part not in third:
            return None  # "the first half of March": not a form reports use
        return FuzzyDate(dt.date(year, month, 1), third[part])
    if kind == "day":
        day = int(groups["day"])
        year = year or _month_year(month, day, today, future)
        return FuzzyDate(dt.date(year, month, day))
    year = year or _month_year(month, 1, today, future)
    return FuzzyDate(dt.date(year, month, 1), Precision.MONTH)


def _year(groups: dict, today: dt.date) -> int | None:
    if "year" in groups:
        return int(groups["year"])
    relative = groups.get("ryear", "").lower()
    if not relative:
        return None
    return today.year + {"next year": 1, "last year": -1}.get(relative, 0)


def _month_year(month: int, day: int, today: dt.date, future: bool) -> int:
    """A month named without its year: ahead of the report when the sentence looks ahead."""
    this = dt.date(today.year, month, min(day, 28))
    if future:
        return today.year if this >= today.replace(day=1) else today.year + 1
    # Past tense: the latest such month not after the report, allowing a few days' slack
    # for "on November 25" in a report of the 24th that announces it.
    if this <= today + dt.timedelta(days=31):
        return today.year
    return today.year - 1


def _part_of_year(part: str, year: int) -> FuzzyDate | None:
    part = part.replace("the ", "")
    if part in ("early", "beginning of", "start of", "first quarter of"):
        return FuzzyDate(dt.date(year, 1, 1), Precision.QUARTER)
    if part in ("mid", "middle of"):
        return FuzzyDate(dt.date(year, 6, 1), Precision.MONTH)
    if part in ("late", "end of", "fourth quarter of"):
        return FuzzyDate(dt.date(year, 12, 21), Precision.LATE_MONTH)
    if part in ("second half of", "first half of"):
        return FuzzyDate(dt.date(year, 1 if part.startswith("first") else 7, 1), Precision.HALF)
    quarter = {"second quarter of": 4, "third quarter of": 7}.get(part)
    return FuzzyDate(dt.date(year, quarter, 1), Precision.QUARTER) if quarter else None


def _relative(phrase: str, today: dt.date) -> FuzzyDate | None:
    first = today.replace(day=1)
    if phrase in ("yesterday", "today", "tomorrow"):
        return FuzzyDate(
            today + dt.timedelta(days=["yesterday", "today", "tomorrow"].index(phrase) - 1)
        )
    if phrase == "later this month":
        return FuzzyDate(first, Precision.LATE_MONTH if today.day >= 20 else Precision.MONTH)
    if phrase == "earlier":  # "met earlier in Moscow": within the report's days
        return FuzzyDate(today, _third_of(today))
    if phrase in ("earlier this month", "this month"):
        return FuzzyDate(first, Precision.MONTH)
    if phrase in ("later this week", "earlier this week", "this week"):
        return FuzzyDate(today, _third_of(today))
    if phrase.endswith("week") or phrase.endswith("weeks") or phrase.endswith("days"):
        step = -7 if phrase.startswith("last") else 7
        day = today + dt.timedelta(days=step)
        return FuzzyDate(day, _third_of(day))
    if phrase.endswith("month"):
        if phrase.startswith("last"):
            return FuzzyDate((first - dt.timedelta(days=1)).replace(day=1), Precision.MONTH)
        return FuzzyDate((first + dt.timedelta(days=32)).replace(day=1), Precision.MONTH)
    if phrase.endswith("quarter"):
        start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        if phrase.startswith("the end of"):
            last = start.month + 2
            return FuzzyDate(dt.date(today.year, last, 21), Precision.LATE_MONTH)
        if phrase.startswith("last"):
            return FuzzyDate((start - dt.timedelta(days=1)), Precision.QUARTER)
        return FuzzyDate(start + dt.timedelta(days=100), Precision.QUARTER)
    if phrase.startswith("the end of"):  # the end of the month / year
        if phrase.endswith("year"):
            return FuzzyDate(dt.date(today.year, 12, 21), Precision.LATE_MONTH)
        return FuzzyDate(first.replace(day=21), Precision.LATE_MONTH)
    offset = 1 if phrase.startswith(("next", "the coming", "the following")) else 0
    offset = -1 if phrase.startswith(("last", "the previous")) else offset
    return FuzzyDate(dt.date(today.year + offset, 1, 1), Precision.YEAR)


def _within(groups: dict, today: dt.date) -> FuzzyDate | None:
    count = groups["count"].lower()
    number = int(count) if count.isdigit() else NUMBERS[count]
    unit = groups["unit"].lower().rstrip("s")
    if unit == "day":
        return FuzzyDate(today + dt.timedelta(days=number))
    if unit == "week":
        day = today + dt.timedelta(weeks=number)
        return FuzzyDate(day, _third_of(day))
    if unit == "month":
        month = today.month - 1 + number
        return FuzzyDate(dt.date(today.year + month // 12, month % 12 + 1, 1), Precision.MONTH)
    if number > 50:
        return None  # "in 100 years": not a deadline
    return FuzzyDate(dt.date(today.year + number, 1, 1), Precision.YEAR)


def _weekday(phrase: str, name: str, today: dt.date, future: bool) -> FuzzyDate:
    weekday = WEEKDAYS.index(name)
    if phrase.startswith("next") or (future and not phrase.startswith("last")):
        return FuzzyDate(today + dt.timedelta(days=(weekday - today.weekday()) % 7))
    return FuzzyDate(today - dt.timedelta(days=(today.weekday() - weekday) % 7))


def _third_of(day: dt.date) -> Precision:
    if day.day <= 10:
        return Precision.EARLY_MONTH
    return Precision.MID_MONTH if day.day <= 20 else Precision.LATE_MONTH
