"""Meetings a report tells of: who met, where and when, one record per event.

Read sentence by sentence, as an analyst reads: a sentence that reports a meeting
("held talks", "co-chaired the 27th Session", "spoke by phone", "was preceded … by a
meeting of the Working Group") opens an event; later sentences that refer back to it
("The meeting was co-chaired by …", "It brought together …", "the two leaders") add to
it rather than open another. Dates and places missing from a sentence are carried from
the one before ("later in the day", "the day before", "here", "at the same hotel").
Meetings that only happened long ago ("last met in 2019") or are merely hoped for
("would meet at a date to be agreed") are not drafted.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from ..fuzzydates import FuzzyDate, Precision
from .bodies import BodyMention, SummitMention, bodies_in, summits_in
from .context import Context, deadline
from .dates import CLAUSE_END, Found, dates_in
from .names import Person, PersonMention
from .places import Gazetteer, Mention
from .text import Sentence
from .triggers import (
    GROUP,
    HOPED,
    PRONOUN,
    Trigger,
    body_of,
    clauses,
    inside,
    joint_subject,
    kind_of,
    name_in,
    participant,
    reported_in,
    summit_of,
    triggers_in,
)

_REFERENCE_START = re.compile(
    r"^(?:[A-Z]+:\s+)?(?:It|They|The (?:meeting|talks|session|consultations|summit|visit|call|"
    r"(?:[A-Z][\w'’-]*\s+){1,4}(?:Meeting|Session|segment)))\b(?!\s+(?:was|were)\s+preceded)"
)
_NEW_MARKER = re.compile(
    r"\b(?:separate|separately|also held|later held|the day before|the previous day|"
    r"a day earlier|preceded|followed|the following day|the next day|bilateral (?:talks|meetings?)|"
    r"(?:sidelines|margins) of)\b",
    re.IGNORECASE,
)
_GOES_ON = re.compile(
    r"(?:During|At|In) the (?:meeting|talks|call|visit)\b|Both sides\b|They\b|Key areas\b|"
    r"This (?:engagement|meeting|visit|interaction|call)\b|The (?:talks|meeting|call) (?:also )?"
    r"(?:covered|focused|underscored|reviewed)"
)
# Someone named by what they are, not by name: the report's protagonist.
_DESCRIBED = re.compile(
    r"\b[Tt]he (?:minister|head of (?:\w+ ){0,2}(?:diplomacy|state|government|delegation)|"
    r"visiting \w+(?: \w+)?)\b"
)
# "The Thai minister": the one person of that country the report names most.
_DEMONYM_DESCRIBED = re.compile(
    r"\b[Tt]he ([A-Z][a-z]+) (?:foreign |prime |trade )?(?:minister|president|leader|premier)\b"
)
_LEADER = re.compile(r"President|Prime Minister|Premier|Chancellor|King|Emir|Amir|Sultan|Leader")
_NEGATED = re.compile(r"\b(?:did not (?:take part|attend)|not take part|was not present)\b")
_FUTURE = re.compile(
    r"\b(?:will|would|shall|scheduled|planned|plans? to|is to|are to|to be held|expected|"
    r"to hold|to meet|next (?:meeting|session|round))\b"
)
_QUOTE = re.compile(r"[\"“][^\"”]*[\"”]")
_SPECIFIC = ("commission_session", "summit", "working_group", "call", "bilateral", "visit")


@dataclass
class Event:
    kind: str
    date: FuzzyDate
    dated: bool  # the date is written for this event, not carried from context
    place: Mention | None  # where it was, as the report names it
    people: list[Person]
    roles: dict[int, str]  # id(person) → the title written with them here
    sentences: list[Sentence]
    name: str = ""
    planned: bool = False
    summit: SummitMention | None = None
    body: BodyMention | None = None
    countries: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    unnamed: bool = False  # opened without naming anyone: "foreign ministers met"
    cancelled: bool = False  # a summit's meeting that will not take place

    def tell(self, sentence: Sentence) -> None:
        """Add a sentence that goes on about this meeting (read in order: the last is newest)."""
        if not self.sentences or sentence.index > self.sentences[-1].index:
            self.sentences.append(sentence)

    def add_people(self, people: list[tuple[Person, str]]) -> None:
        ids = {id(p) for p in self.people}
        for person, role in people:
            if id(person) not in ids:
                ids.add(id(person))
                self.people.append(person)
            if role and not self.roles.get(id(person)):
                self.roles[id(person)] = role


class MeetingReader:
    """Reads a report's sentences in order into events: a sentence opens one, adds to the one
    it refers back to, or goes on about the last; when and where come from `Context`."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        today: dt.date,
        base: dt.date,
        place: Mention | None,
        dated_report: bool = True,
        dateline_end: int = 0,
    ) -> None:
        self.gazetteer = gazetteer
        self.today = today
        # Without the report's date, "today" is only a guess: no meeting is old by it.
        self.dated_report = dated_report
        self.dateline_end = dateline_end  # the dateline's date is the report's, no meeting's
        self.base = base  # the day relative dates count from: the dateline's, else the report's
        self.context = Context(gazetteer, today, FuzzyDate(base), place)
        self.events: list[Event] = []
        self.last_people: list[Person] = []
        self.report_people: list[Person] = []
        self._reported: set[int] = set()
        self.mentioned: dict[Person, int] = {}  # how often each person is named so far
        self.headings = 0  # the sentences before this one are headings (see `read`)

    def read(
        self, sentences: list[Sentence], mentions: dict[int, list[PersonMention]]
    ) -> list[Event]:
        # Lines before the first sentence that ends as one does are headings: a headline,
        # a byline, a date line ("Telephone Talk between Foreign Minister Iwaya and …").
        self.headings = next((s.index for s in sentences if re.search(r"[.!?][\"”’]?$", s.text)), 0)
        for sentence in sentences:
            self._sentence(sentence, mentions[sentence.index])
            # A sentence told of a meeting is that meeting's last one (they are read in order).
            held = [event for event in self.events[-4:] if not event.planned]
            if not any(event.sentences[-1].index == sentence.index for event in held):
                self._about_one_meeting(sentence, mentions[sentence.index])
            named = [m.person for m in mentions[sentence.index] if not m.reference]
            for person in named:
                if id(person) not in self._reported:
                    self._reported.add(id(person))
                    self.report_people.append(person)
            for mention in mentions[sentence.index]:
                self.mentioned[mention.person] = self.mentioned.get(mention.person, 0) + 1
        for event in self.events:
            self._attendees(event)
        return [e for e in self.events if self._worth_drafting(e)]

    # One sentence --------------------------------------------------------------------

    def _sentence(self, sentence: Sentence, mentions: list[PersonMention]) -> None:
        text = sentence.text
        if sentence.index <= self.headings and not re.search(r"[.!?]$", text) and len(text) < 160:
            return  # the headline: what the report goes on to tell
        quoted = [m.span() for m in _QUOTE.finditer(text)]
        dates = [
            d
            for d in dates_in(text, self.base)
            if not inside(d.start, quoted) and sentence.start + d.start >= self.dateline_end
        ]
        triggers = reported_in(text, quoted)
        people = [m for m in mentions if participant(m, text, quoted)]
        if _NEGATED.search(text):
            return
        if not triggers:
            joint = joint_subject(text, people)
            if joint is None:
                if self.events and (GROUP.search(text) or _GOES_ON.match(text)):
                    # "The two ministers reviewed cooperation in defence …": more on the last.
                    last = self._last_held(text)
                    last.tell(sentence)
                self._remember(text, dates, mentions)
                return
            triggers = [joint]
        reference = self._referenced(text, triggers)
        if reference is not None:
            speakers = [
                m for m in mentions if m not in people and participant(m, text, quoted, True)
            ]
            self._add_to(reference, sentence, people + speakers, text)
            self._remember(text, dates, mentions)
            return
        for region_start, region_end, clause_triggers in clauses(text, triggers, dates):
            self._clause(
                sentence,
                text,
                region_start,
                region_end,
                clause_triggers,
                dates,
                people,
            )
        self._remember(text, dates, mentions)

    def _referenced(self, text: str, triggers: list[Trigger]) -> Event | None:
        """The event a sentence goes on about, when it opens no new one."""
        if not self.events or _NEW_MARKER.search(text):
            return None
        start = _REFERENCE_START.match(text)
        if start and not _FUTURE.search(text[: triggers[0].end + 40]):
            named = re.match(
                r"^(?:[A-Z]+:\s+)?The ((?:[A-Z][\w'’-]*\s+){1,4}(?:Meeting|Session))", text
            )
            if named:
                for event in reversed(self.events):
                    if named.group(1).lower().strip() in event.name.lower():
                        return event
            first_clause = text[: triggers[1].start] if len(triggers) > 1 else text
            dated = [d for d in dates_in(first_clause, self.base) if not deadline(first_clause, d)]
            if not dated:
                return self._last_held(text)
        if all(t.referring for t in triggers):
            return self._last_held(text)
        if any(re.match(r"represented by", text[t.start :], re.IGNORECASE) for t in triggers):
            return self._last_held(text)
        return None

    def _last_held(self, text: str) -> Event | None:
        """The meeting a sentence refers back to: the last one held, or the summit named."""
        if re.search(r"\bthe [Ss]ummit\b", text):
            summit = next((e for e in reversed(self.events) if e.kind == "summit"), None)
            if summit:
                return summit
        if _FUTURE.search(text):
            return self.events[-1]
        return next((e for e in reversed(self.events) if not e.planned), self.events[-1])

    def _clause(self, sentence, text, start, end, triggers, dates, people) -> None:
        region = text[start:end]
        kind = kind_of(region, triggers)
        clause_people = [m for m in people if start <= m.start < end]
        participants = [(m.person, m.title) for m in clause_people]
        offset = start if start else 0
        named = tuple(m.start - offset for m in clause_people)
        # Up to where the next clause begins: in "… in a phone call on Sunday, and that the
        # three foreign ministers would meet …", the three ministers belong to what follows.
        told = text[start:end]
        after = triggers[-1].end - start
        cut = next((m.start() + after for m in CLAUSE_END.finditer(told[after:])), len(told))
        participants += [(p, "") for p in self._implied(told[:cut], named)]
        date, dated, note = self.context.date_of(text, start, end, dates, triggers[0].start)
        if self.dated_report and dated and date.end < self.today - dt.timedelta(days=40):
            return  # history, not a meeting of this report
        future = bool(_FUTURE.search(region)) or (dated and date.start > self.today)
        if (future and not dated) or (HOPED.search(region) and not dated):
            return  # hoped for, not scheduled
        place = (
            None
            if kind == "call"
            else self.context.place_of(text, start, end, triggers[0].start, people)
        )
        if future and place is self.context.place and place is not None:
            named = [m for m in self.context.cities(text, people) if start <= m.start < end]
            place = named[0] if named else None  # a planned meeting is where the report says
        summits = [s for s in summits_in(text) if start <= s.start < end]
        bodies = [
            b
            for b in bodies_in(text)
            if (
                start <= b.start < end
                or (b.session and (start == 0 or re.match(r"(?i)session|meeting|round", region)))
            )
            and not re.search(
                r"\b(?:convene|to hold|agreed to|agreeing to)\b[^.;]{0,25}$",
                text[max(0, b.start - 60) : b.start],
            )
        ]
        event = Event(
            kind=kind,
            date=date,
            dated=dated,
            place=place,
            people=[],
            roles={},
            sentences=[sentence],
            name=name_in(region),
            planned=future and date.end >= self.today,
            summit=summit_of(summits),
            body=body_of(bodies, kind),
            countries=self.context.countries(text[: triggers[0].start]),
            notes=[note] if note else [],
        )
        event.add_people(participants)
        event.unnamed = not event.people
        if event.planned and not self._worth_drafting(event):
            return  # "in the second half of 2026", "in South Africa": not yet a meeting to record
        if event.body and event.kind not in ("call",):
            working = re.search(
                r"working group|sub-group|subgroup|task force|technical committee",
                event.body.name,
                re.IGNORECASE,
            )
            event.kind = "working_group" if working else "commission_session"
        at_summit = event.summit and (
            re.search(
                r"\b(?:attend|attended|hosted|host|at|for|of)\s+the\s+(?:\w+\s+){0,3}$",
                text[max(0, event.summit.start - 40) : event.summit.start],
            )
            or re.fullmatch(r"(?:\d+\.\s+)?(?:The\s+)?", text[: event.summit.start])
        )
        if at_summit and re.search(r"\b(?:prepar\w*|ahead of)\b", text[: event.summit.start]):
            at_summit = False  # a meeting that prepares the summit
        if event.summit and event.summit.number and at_summit:
            event.kind = (
                "summit" if event.kind not in ("call", "commission_session") else event.kind
            )
        if "separate" in region.lower() and len(event.people) > 2:
            self._separately(event, clause_people, region, start)
            return
        self._merge_or_add(event, region)

    def _separately(
        self, event: Event, mentions: list[PersonMention], region: str, offset: int
    ) -> None:
        """ "held separate bilateral meetings with A and B": one meeting with each."""
        cut = region.lower().find(" with ")
        hosts = [m for m in mentions if m.start - offset < cut] or [m for m in mentions][:1]
        guests = [m for m in mentions if m not in hosts]
        for guest in guests:
            # Each meeting its own lists: what is told of one is not told of the others.
            single = Event(
                **{
                    **event.__dict__,
                    "people": [],
                    "roles": {},
                    "notes": list(event.notes),
                    "sentences": list(event.sentences),
                    "countries": set(event.countries),
                }
            )
            single.add_people([(m.person, m.title) for m in hosts] + [(guest.person, guest.title)])
            self.events.append(single)

    def _merge_or_add(self, event: Event, region: str) -> None:
        fresh = bool(_NEW_MARKER.search(region))
        for previous in reversed(self.events[-3:]):
            if fresh or previous.planned != event.planned:
                break
            same_day = previous.date == event.date or not event.dated or not previous.dated
            calls = {previous.kind, event.kind} & {"call"}
            if not same_day or (calls and previous.kind != event.kind):
                continue
            places = {m.city for m in (previous.place, event.place) if m and m.city}
            if len(places) > 1 and event.place is not self.context.place:
                continue  # named apart: Moscow, then Yekaterinburg
            mine = {id(p) for p in event.people}
            theirs = {id(p) for p in previous.people}
            if (
                not mine
                or not theirs
                or mine == theirs
                or (mine & theirs and re.search(r"\bthe (?:meeting|talks|session)\b", region))
            ):
                self._merge(previous, event)
                return
        self.events.append(event)

    def _merge(self, into: Event, event: Event) -> None:
        into.add_people([(p, event.roles.get(id(p), "")) for p in event.people])
        if not into.dated and event.dated:
            into.date, into.dated = event.date, True
        into.place = into.place or event.place
        if _SPECIFIC.index(event.kind) < _SPECIFIC.index(into.kind):
            into.kind = event.kind
        into.summit = into.summit or event.summit
        into.body = into.body or event.body
        into.name = into.name or event.name
        into.countries |= event.countries
        for sentence in event.sentences:
            into.tell(sentence)

    def _add_to(self, event: Event, sentence: Sentence, people, text) -> None:
        event.add_people([(m.person, m.title) for m in people])
        event.add_people([(p, "") for p in self._implied(text) if p not in event.people])
        event.countries |= self.context.countries(
            text[: min(t.start for t in triggers_in(text))] if triggers_in(text) else text
        )
        if event.place is None and event.kind != "call":
            event.place = self.context.place_of(text, 0, len(text), 0, people)
        event.tell(sentence)
        if not event.body:
            event.body = body_of(bodies_in(text), event.kind)
        if not event.summit:
            event.summit = summit_of(summits_in(text))

    def _about_one_meeting(self, sentence: Sentence, mentions: list[PersonMention]) -> None:
        """A sentence no meeting took that names only people of one recent meeting goes on
        about it: "With Sugiono, he discussed defence cooperation" after separate meetings
        with Sugiono and Balakrishnan. Not when it tells of an earlier time."""
        named = {id(m.person) for m in mentions}
        if not named or _NEGATED.search(sentence.text):
            return
        theirs = [
            event
            for event in self.events[-4:]
            if not event.planned and named & {id(p) for p in event.people}
        ]
        if len(theirs) != 1 or not named <= {id(p) for p in theirs[0].people}:
            return
        event = theirs[0]
        if any(found.value.end < event.date.start for found in dates_in(sentence.text, self.base)):
            return  # "… last visited in March 2024"
        event.tell(sentence)

    # Who, and what is worth drafting --------------------------------------------------

    def _implied(self, text: str, named: tuple[int, ...] = ()) -> list[Person]:
        """People a sentence names without their names: "he", "the two ministers"."""
        implied: list[Person] = []
        pronoun = PRONOUN.search(text)
        group = GROUP.search(text)
        if group and self.events and len(named) < 2:
            implied += self._group(group.group(0)).people
        described = _DESCRIBED.search(text)
        of_country = _DEMONYM_DESCRIBED.search(text)
        country = self.gazetteer.country(of_country.group(1)) if of_country else None
        if country:
            theirs = [p for p in self.mentioned if p.country == country]
            if theirs:
                implied.append(max(theirs, key=lambda p: self.mentioned[p]))
        elif described and self.mentioned:
            implied.append(
                max(self.mentioned, key=lambda p: (self.mentioned[p], -self.report_people.index(p)))
            )
        elif pronoun and self.last_people and not any(start < pronoun.start() for start in named):
            implied.append(self.last_people[0])  # "she" is whoever this sentence named first
        for match in re.finditer(r"\b(?:his|her) ([A-Z][\w-]+) counterpart\b(?!,? [A-Z])", text):
            country = self.gazetteer.country(match.group(1))
            known = [p for p in reversed(self.report_people) if country and p.country == country]
            implied += known[:1]
        return implied

    def _group(self, words: str) -> Event:
        """ "the two leaders": the last meeting of leaders, not the ministers' after it."""
        rank = _LEADER if re.search(r"leaders|presidents|prime ministers", words, re.I) else None
        for event in reversed(self.events[-6:]):
            if rank is None or sum(bool(rank.search(p.title)) for p in event.people) >= 2:
                return event
        return self.events[-1]

    def _remember(self, text: str, dates: list[Found], people: list[PersonMention]) -> None:
        """What the next sentence may leave out: the day, the place, who "he" is."""
        last = self.events[-1] if self.events else None
        told = last and last.dated and not last.planned and last.sentences[-1].text == text
        self.context.remember(text, dates, people, (last.date, last.place) if told else None)
        if people:
            self.last_people = [people[0].person]

    def _attendees(self, event: Event) -> None:
        """A meeting of several countries' ministers: for each country no one was named for
        at the meeting, the first of its ministers the report names (another, named for a
        later meeting, did not join them at this one)."""
        if len(event.countries) < 3 or not event.unnamed:
            return
        present = {person.country for person in event.people}
        for person in self.report_people:
            if person.country in event.countries - present and re.search(
                r"minister|secretary", person.title, re.IGNORECASE
            ):
                event.add_people([(person, person.title)])
                present.add(person.country)

    def _worth_drafting(self, event: Event) -> bool:
        if event.planned:
            return event.place is not None and event.date.precision not in (
                Precision.YEAR,
                Precision.HALF,
                Precision.QUARTER,
            )
        if len(event.people) >= 2:
            return True
        text = " ".join(s.text for s in event.sentences)
        if len(event.people) == 1 and event.kind == "visit" and event.place:
            # One person opening a consulate or laying a wreath: an event to record.
            return bool(re.search(r"\b(?:inaugurated|opened|laid a wreath|paid homage)\b", text))
        named = event.kind in ("commission_session", "working_group", "summit") or event.name
        return not event.people and bool(named) and event.place is not None and event.dated
