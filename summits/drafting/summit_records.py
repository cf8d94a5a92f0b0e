"""The summits a report tells of, as records: new ones drafted, changes to recorded ones.

A summit already recorded gets only the changes the report gives (a new status or date),
to review.
"""

import datetime as dt
import re
from dataclasses import dataclass

from ..fuzzydates import FuzzyDate
from ..models import ordinal
from .bodies import series_key, summit_status, summits_in
from .dates import dates_in
from .meetings import Event
from .records import Draft
from .text import Sentence

_PREPARES = re.compile(
    r"\b(?:preparations? for|ahead of|prepare|run-up to|in the lead-up to)\b", re.IGNORECASE
)


@dataclass
class DraftedSummit:
    key: tuple[str, int]
    name: str
    sentences: list[Sentence]
    event: Event | None = None


class SummitRecords:
    """Drafts the summits the report tells of, by series, and says which one a meeting or a
    commitment belongs to."""

    def __init__(self, draft: Draft, events: list[Event]) -> None:
        self.draft = draft
        self.dates: dict[tuple[str, int], FuzzyDate] = {}
        self.found = self._summits(events)

    def _summits(self, events: list[Event]) -> dict[str, DraftedSummit]:
        """The summits the report tells of, by series: drafted, or changes to recorded ones."""
        found: dict[str, DraftedSummit] = {}
        sentences = self.draft.report.sentences
        for index, sentence in enumerate(sentences):
            for mention in summits_in(sentence.text):
                if not mention.name or re.search(
                    r"\b(?:last|first|previous)\b[^.]{0,20}$",
                    sentence.text[max(0, mention.start - 40) : mention.start],
                ):
                    continue
                if self.draft.places.city(mention.name.removesuffix(" Summit")):
                    continue  # "the Astana Summit": named for where it met
                told = [sentence]
                for following in sentences[index + 1 : index + 3]:
                    if re.match(r"(?:The summit|It)\b", following.text):
                        told.append(following)
                series = series_key(mention.name)
                summit = found.get(series)
                if summit and mention.number and summit.key[1] != mention.number:
                    # Another edition of the series: "… agreed that the 24th Summit would
                    # be held in Russia in 2026" in the 23rd's joint statement.
                    series = f"{series} {mention.number}"
                    summit = found.get(series)
                if summit is None:
                    summit = self._summit(mention, told, events)
                    if summit:
                        found[series] = summit
                elif mention.number and summit.key[1] == mention.number:
                    summit.sentences += [s for s in told if s not in summit.sentences]
        return found

    def _summit(self, mention, told: list[Sentence], events: list[Event]) -> DraftedSummit | None:
        text = " ".join(s.text for s in told)
        status = summit_status(text)
        # The summit's own meeting: one told of as the summit, or planned where it is told of.
        event = next(
            (
                e
                for e in events
                if set(e.sentences) & set(told)
                and (e.kind == "summit" or (e.planned and not e.people))
            ),
            None,
        )
        if event:
            event.kind = "summit"
            event.cancelled = status == "cancelled"  # then there is no meeting to record
        dates = [
            d
            for d in dates_in(told[0].text[mention.end :], self.draft.today)
            if not d.text.lower().startswith(("by", "within"))
        ]
        if status == "postponed":
            dates = [
                d for d in dates_in(text, self.draft.today) if d.value.start > self.draft.today
            ][-1:] or dates
        date = event.date if event and event.dated else (dates[0].value if dates else None)
        if date and date.end < self.draft.today - dt.timedelta(days=40) and not status:
            return None  # a summit of the past, named for context
        if not status:
            if event and not event.planned:
                status = "held"
            elif date and date.precision == "day" and re.search(r"\b(?:scheduled|will)\b", text):
                status = "scheduled"
            else:
                status = "anticipated"
        place = event.place if event else None
        if place is None:
            rest = told[0].text[mention.end :] + " " + " ".join(s.text for s in told[1:])
            after = [m for m in self.draft.places.mentions(rest) if m.city and not m.demonym]
            place = after[0] if after else None
        if not (mention.number or status in ("cancelled", "postponed") or (date and place)):
            return None
        match = self.draft.recorded.summit_series(mention.name)
        review = []
        if match.slug:
            series = match.slug
        else:
            series = self.draft.recorded.free_slug("summitseries", mention.name)
            countries = self.draft.countries_named(mention.name)
            for country in countries:
                self.draft.country(country, told)
            name = " ".join(w[:1].upper() + w[1:] for w in mention.name.split())
            name = re.sub(r"(?<=\w)\s*[-–]\s*(?=[A-Z])", "–", name)  # "India–Russia", as recorded
            self.draft.add(
                "summitseries",
                {
                    "slug": series,
                    "name": name[:200],
                    "countries": [[c] for c in countries],
                    "description": "",
                },
                told,
                "new summit series: check its name and countries",
                match.candidates,
            )
        number = mention.number
        if number is None:
            numbers = [n for s, n in self.draft.recorded.summits if s == series]
            upcoming = [
                n
                for (s, n), summit in self.draft.recorded.summits.items()
                if s == series and summit["status"] in ("anticipated", "scheduled", "postponed")
            ]
            number = (upcoming or [max(numbers, default=0) + 1])[-1]
            review.append(f"the report gives no number: {ordinal(number)} assumed")
        place_slug = self.draft.place(place, told)
        fields = {
            "series": [series],
            "number": number,
            "host_place": [place_slug] if place_slug else None,
            "date_start": date.start.isoformat() if date else None,
            "date_precision": date.precision.value if date else "",
            "status": status,
        }
        if date:
            self.dates[(series, number)] = date
        recorded = self.draft.recorded.summits.get((series, number))
        if recorded is None:
            self.draft.add(
                "summit",
                {**fields, "notes": ""},
                told,
                "; ".join(["new summit: check it", *review]),
            )
        else:
            changes = self._changes(recorded, fields)
            if changes:
                said = ", ".join(f"{name} {old or '—'} → {new}" for name, old, new in changes)
                changed = {
                    "series": [series],
                    "number": number,
                    **{c[0]: fields[c[0]] for c in changes},
                }
                if "date_start" in changed:
                    changed["date_precision"] = fields["date_precision"]
                self.draft.add(
                    "summit", changed, told, f"proposed change to a recorded summit: {said}"
                )
        self.draft.cite("summitcitation", "summit", [series, number], told)
        return DraftedSummit((series, number), mention.name, list(told), event)

    def _changes(self, recorded: dict, fields: dict) -> list[tuple[str, object, object]]:
        changes = []
        if fields["status"] != recorded["status"] and fields["status"] != "anticipated":
            changes.append(("status", recorded["status"], fields["status"]))
        date = fields["date_start"]
        if date and (
            date != str(recorded["date_start"])
            or fields["date_precision"] != recorded["date_precision"]
        ):
            changes.append(("date_start", recorded["date_start"], date))
        place = fields["host_place"]
        if place and place[0] != recorded["host_place__slug"]:
            changes.append(("host_place", recorded["host_place__slug"], place[0]))
        return changes

    def of(self, event: Event) -> tuple[str, int] | None:
        for summit in self.found.values():
            if summit.event is event or set(summit.sentences) & set(event.sentences):
                return summit.key
        text = " ".join(s.text for s in event.sentences)
        if _PREPARES.search(text) and len(self.found) == 1:
            return next(iter(self.found.values())).key
        return None

    def following(self, key: tuple[str, int]) -> tuple[str, int] | None:
        """The next edition of a summit's series, if the report or the database has it."""
        following = (key[0], key[1] + 1)
        drafted = {summit.key for summit in self.found.values()}
        return (
            following if following in drafted or following in self.draft.recorded.summits else None
        )

    def date(self, key: tuple[str, int]) -> FuzzyDate | None:
        if key in self.dates:
            return self.dates[key]
        recorded = self.draft.recorded.summits.get(key)
        if recorded and recorded["date_start"]:
            return FuzzyDate(recorded["date_start"], recorded["date_precision"])
        return None
