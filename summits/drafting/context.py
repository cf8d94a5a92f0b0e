"""When and where a sentence's meeting is: what the sentence says, else what the ones
before it said ("later in the day", "the day before", "here", "at the same hotel")."""

import datetime as dt
import re

from ..fuzzydates import FuzzyDate, Precision
from .bodies import bodies_in, summits_in
from .dates import Found
from .names import PersonMention
from .places import Gazetteer, Mention
from .triggers import PAST

_SAME_DAY = re.compile(
    r"\b(?:the same day|later in the day|later that day|earlier in the day)\b", re.IGNORECASE
)
_DAY_BEFORE = re.compile(r"\b(?:the day before|the previous day|a day earlier)\b", re.IGNORECASE)
_DAY_AFTER = re.compile(r"\b(?:the following day|the next day|a day later)\b", re.IGNORECASE)
_HERE = re.compile(
    r"\b(?:here|in the city|this (?:\w+ )*city|the same (?:hotel|venue)|at the (?:forum|venue)|"
    r"also in)\b",
    re.IGNORECASE,
)
_THERE = re.compile(r"\bthere\b")
# "the PrideInn Paradise hotel", "Kazan Federal University": a city's name in a venue's.
_VENUE_WORD = re.compile(
    r"^\s*(?:[A-Z][\w'’-]*\s+){0,3}(?:hotel|Hotel|House|Centre|Center|Palace|Hall|University|"
    r"Stadium|Airport|Port|Hotel|Resort|Club|Institute|Museum|Tower|Building|state|province|"
    r"region|prefecture|county|district|oblast|Province|State|Region)\b"
)
_DEADLINE = re.compile(r"\b(?:by|before|until|till|within)\s*$", re.IGNORECASE)
_FINENESS = [
    Precision.DAY,
    Precision.EARLY_MONTH,
    Precision.MID_MONTH,
    Precision.LATE_MONTH,
    Precision.MONTH,
    Precision.QUARTER,
    Precision.HALF,
    Precision.YEAR,
]


class Context:
    """The day and the place a sentence's meeting is at, when the sentence leaves them out."""

    def __init__(
        self, gazetteer: Gazetteer, today: dt.date, date: FuzzyDate, place: Mention | None
    ) -> None:
        self.gazetteer = gazetteer
        self.today = today
        self.date = date  # the day of the passage being read
        self.place = place  # where the report's meetings are: the dateline's city
        self.mentioned_place: Mention | None = None  # the last city named, for "there"

    def date_of(self, text, start, end, dates, trigger) -> tuple[FuzzyDate, bool, str]:
        usable = [d for d in dates if not deadline(text, d)]
        after = [d for d in usable if trigger <= d.start < end]
        inside = [d for d in usable if start <= d.start < end]
        subject = [d for d in usable if d.start < trigger] if start == 0 else []
        # The meeting's own day beats a vaguer date for what it agreed: "held a phone call on
        # Tuesday, … agreed to hold the Joint Commission later this year".
        candidates = after + [d for d in inside + subject if d not in after]
        chosen = min(candidates, key=lambda d: _FINENESS.index(d.value.precision), default=None)
        if chosen is not None:
            return chosen.value, True, ""
        region = text[start:end] if start else text
        context = self.date
        if _DAY_BEFORE.search(region) and context.precision == Precision.DAY:
            return (
                FuzzyDate(context.start - dt.timedelta(days=1)),
                True,
                "“the day before” read from the meeting before",
            )
        if _DAY_AFTER.search(region) and context.precision == Precision.DAY:
            return (
                FuzzyDate(context.start + dt.timedelta(days=1)),
                True,
                "“the next day” read from the meeting before",
            )
        note = "no date in the sentence: that of the passage before it"
        return context, bool(_SAME_DAY.search(region)), note

    def place_of(self, text, start, end, trigger, people) -> Mention | None:
        cities = self.cities(text, people)
        region = text[start:end] if start else text[:end]
        inside = [m for m in cities if start <= m.start < end or (start == 0 and m.start < end)]
        here = _HERE.search(text, trigger, min(end, trigger + 40))
        if here and here.group(0).lower() == "here" and self.place:
            return self.place  # "held talks here on Monday"
        if not inside and _THERE.search(region) and self.mentioned_place:
            return self.mentioned_place  # "It will now be held there": the city just named
        if not inside and _HERE.search(region) and self.place:
            return self.place
        # The city the meeting was in: after "in" rather than "at", near the verb, after it.
        ranked = sorted(
            inside,
            key=lambda m: (
                not re.search(
                    r"\bin\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$", text[max(0, m.start - 30) : m.start]
                ),
                m.start < trigger,
                abs(m.start - trigger),
            ),
        )
        if ranked:
            return ranked[0]
        return self.place

    def cities(self, text: str, people) -> list[Mention]:
        skip = [(m.start, m.end) for m in people]
        skip += [(b.start, b.end) for b in bodies_in(text)] + [
            (s.start, s.end) for s in summits_in(text)
        ]
        return [
            m
            for m in self.gazetteer.mentions(text, skip)
            if m.city
            and not m.demonym
            and _located(text, m)
            and not _VENUE_WORD.match(text[m.end :])
            and not self._long_ago(text[m.end : m.end + 14])
        ]

    def _long_ago(self, text: str) -> bool:
        """ "in Lima in 2022": a place of the past."""
        year = re.match(r"\s+in\s+((?:19|20)\d\d)\b", text)
        return bool(year) and int(year.group(1)) < self.today.year

    def countries(self, text: str) -> set[str]:
        return {
            m.country
            for m in self.gazetteer.mentions(text)
            if m.country and (m.state or not m.city)
        }

    def remember(
        self,
        text: str,
        dates: list[Found],
        people: list[PersonMention],
        held: tuple[FuzzyDate, Mention | None] | None,
    ) -> None:
        """What the next sentence may leave out: the day and the place. `held` is the date
        and place of the meeting held that this sentence told of, if it told of one."""
        flashback = re.search(r"\b(?:preceded|the day before|the previous day)\b", text)
        for date in [] if flashback else dates:
            if (
                date.value.precision == Precision.DAY
                and not deadline(text, date)
                and date.value.start <= self.today
                and not PAST.search(text)
            ):
                self.date = date.value
                break
        if held:
            date, place = held
            if not flashback:
                self.date = date  # "earlier in Moscow": the next visit too
            if place:
                self.place = place
        cities = self.cities(text, people)
        if cities:
            self.mentioned_place = cities[-1]


def deadline(text: str, date: Found) -> bool:
    """ "by 31 December", "within six months": when something is due, not when it met."""
    return bool(
        _DEADLINE.search(text[max(0, date.start - 20) : date.start])
        or re.match(r"(?:within|by|before)\b", date.text, re.IGNORECASE)
    )


def _located(text: str, mention: Mention) -> bool:
    """A city named as where something happens: "in Hanoi", "at Hyderabad House", "Cebu"."""
    before = text[max(0, mention.start - 25) : mention.start].lower()
    return (
        mention.venue
        or bool(
            re.search(
                r"\b(?:in|at|to|of|near|from|visit|visits|visited|visiting)\s+(?:the\s+)?"
                r"(?:[\w-]+,?\s+){0,3}$",
                before,
            )
        )
        or mention.start < 3
    )
