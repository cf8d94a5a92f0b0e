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
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..fuzzydates import FuzzyDate, Precision
from .bodies import BodyMention, SummitMention, bodies_in, summits_in
from .dates import Found, dates_in
from .people import Person, PersonMention
from .places import Gazetteer, Mention
from .text import Sentence

DATA = Path(__file__).resolve().parent.parent / "data"
_WORDS = json.loads((DATA / "meeting_words.json").read_text(encoding="utf-8"))


def _phrases(words: list[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_KINDS = {
    kind: re.compile(rf"(?<![\w-])(?:{_phrases(words)})(?![\w-])", re.IGNORECASE)
    for kind, words in _WORDS["kinds"].items()
}
# Words that open a meeting besides the vocabulary's: a meeting named as a noun, a session
# held, or a meeting planned.
_EVENT = re.compile(
    r"(?<![\w-])(?:meetings?|talks|consultations|session|preceded|"
    r"(?:was|were|will|would|to|is to)(?: now| also| then)? be held|was held|were held|"
    r"(?<=, )held(?= (?:at|in|on)\b)|"
    r"(?:will|would|to) hold its|"
    r"(?:will|would|to) hold an? (?:[\w-]+ ){0,3}(?:summit|meeting|talks)|"
    r"(?:will|would|to) meet|represented by)(?![\w-])",
    re.IGNORECASE,
)
_NOT_PARTICIPANT = re.compile(
    rf"(?:{_phrases(_WORDS['not_participant_before'])})\s*$", re.IGNORECASE
)
_PAST = re.compile(
    r"\b(?:last met|previously met|first met|had met|previous|last visited|first visited|"
    r"recalled|recalling|in the past|ago|last held|last tripartite|were raised|was raised|"
    r"last meeting|previous meeting)\b",
    re.IGNORECASE,
)
_REFERENCE_START = re.compile(
    r"^(?:[A-Z]+:\s+)?(?:It|They|The (?:meeting|talks|session|consultations|summit|visit|call|"
    r"(?:[A-Z][\w'’-]*\s+){1,4}(?:Meeting|Session|segment)))\b(?!\s+(?:was|were)\s+preceded)"
)
_REFERRING_TRIGGER = re.compile(
    r"\b(?:after|following|before|during|at|attended|ahead of|on the (?:margins|sidelines) of|"
    r"for|at the end of|ended|review|of)\s+the\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# A meeting only named as the thing set up, or as a time: "set up a working group",
# "before the leaders meet".
_NOT_AN_EVENT = re.compile(
    r"\b(?:set up|establish|create|form|launch|setting up|establishing)\s+"
    r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}$"
    r"|\b(?:before|after|when|until|once)\s+the\s+\w+\s+$",
    re.IGNORECASE,
)
_NEW_MARKER = re.compile(
    r"\b(?:separate|separately|also held|later held|the day before|the previous day|"
    r"a day earlier|preceded|followed|the following day|the next day|bilateral (?:talks|meetings?)|"
    r"(?:sidelines|margins) of)\b",
    re.IGNORECASE,
)
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
_GROUP = re.compile(
    r"\b(?:[Tt]he two|[Bb]oth|[Tt]he four|[Tt]he three|[Aa]ll three|[Aa]ll four) "
    r"(?:[Mm]inisters|[Ll]eaders|sides|"
    r"[Ff]oreign [Mm]inisters|[Pp]rime [Mm]inisters|[Pp]residents|co-chairs)\b|"
    r"^(?:The|the) (?:[Mm]inisters|[Ll]eaders|co-chairs)\b|\btheir (?:co-)?chairmanship\b|^They\b",
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
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_JOINT = re.compile(
    r"\b(?:agreed|signed|discussed|reaffirmed|pledged|decided|exchanged views|reviewed)\b"
)
_NEGATED = re.compile(r"\b(?:did not (?:take part|attend)|not take part|was not present)\b")
_FUTURE = re.compile(
    r"\b(?:will|would|shall|scheduled|planned|plans?|is to|are to|to be held|expected|"
    r"to hold|to meet|next (?:meeting|session|round))\b"
)
_HOPED = re.compile(
    r"\b(?:a date to be agreed|at an early date|in the coming (?:months|weeks)|soon)\b"
)
_DEADLINE = re.compile(r"\b(?:by|before|until|till|within)\s*$", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“][^\"”]*[\"”]")
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


@dataclass
class _Trigger:
    start: int
    end: int
    kind: str
    referring: bool


class MeetingReader:
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
        self.context_date = FuzzyDate(base)
        self.context_place = place  # where the report's meetings are: the dateline's city
        self.mentioned_place: Mention | None = None  # the last city named, for "there"
        self.events: list[Event] = []
        self.last_people: list[Person] = []
        self.report_people: list[Person] = []
        self._reported: set[int] = set()
        self.mentioned: dict[Person, int] = {}  # how often each person is named so far

    def read(
        self, sentences: list[Sentence], mentions: dict[int, list[PersonMention]]
    ) -> list[Event]:
        for sentence in sentences:
            self._sentence(sentence, mentions[sentence.index])
            named = [m.person for m in mentions[sentence.index] if not m.reference]
            for person in named:
                if id(person) not in self._reported:
                    self._reported.add(id(person))
                    self.report_people.append(person)
            for mention in mentions[sentence.index]:
                self.mentioned[mention.person] = self.mentioned.get(mention.person, 0) + 1
        for event in self.events:
            self._attendees(event, mentions, sentences)
        return [e for e in self.events if self._worth_drafting(e)]

    # One sentence --------------------------------------------------------------------

    def _sentence(self, sentence: Sentence, mentions: list[PersonMention]) -> None:
        text = sentence.text
        if sentence.index == 0 and not re.search(r"[.!?]$", text) and len(text) < 160:
            return  # the headline: what the report goes on to tell
        quoted = [m.span() for m in _QUOTE.finditer(text)]
        dates = [
            d
            for d in dates_in(text, self.base)
            if not _inside(d.start, quoted) and sentence.start + d.start >= self.dateline_end
        ]
        triggers = [
            t
            for t in self._triggers(text)
            if not _inside(t.start, quoted)
            and not _NOT_AN_EVENT.search(text[max(0, t.start - 80) : t.start])
            and not _PAST.search(text[max(0, t.start - 30) : t.end])
        ]
        people = [m for m in mentions if self._participant(m, text, quoted)]
        if _NEGATED.search(text):
            return
        if not triggers:
            joint = self._joint_subject(text, people)
            if joint is None:
                if self.events and (_GROUP.search(text) or _GOES_ON.match(text)):
                    # "The two ministers reviewed cooperation in defence …": more on the last.
                    last = self._last_held(text)
                    last.tell(sentence)
                self._remember(text, dates, mentions)
                return
            triggers = [joint]
        reference = self._referenced(text, triggers)
        if reference is not None:
            speakers = [
                m for m in mentions if m not in people and self._participant(m, text, quoted, True)
            ]
            self._add_to(reference, sentence, people + speakers, dates, text)
            self._remember(text, dates, mentions)
            return
        for region_start, region_end, clause_triggers in self._clauses(text, triggers, dates):
            self._clause(
                sentence,
                text,
                region_start,
                region_end,
                clause_triggers,
                dates,
                people,
                triggers[0].start,
            )
        self._remember(text, dates, mentions)

    def _triggers(self, text: str) -> list[_Trigger]:
        found: list[_Trigger] = []
        for kind, pattern in _KINDS.items():
            for match in pattern.finditer(text):
                found.append(_Trigger(match.start(), match.end(), kind, False))
        for match in _EVENT.finditer(text):
            if not any(t.start <= match.start() < t.end for t in found):
                found.append(_Trigger(match.start(), match.end(), "talks", False))
        found.sort(key=lambda t: (t.start, -t.end))
        found = [
            t for i, t in enumerate(found) if not any(o.start <= t.start < o.end for o in found[:i])
        ]
        for trigger in found:
            before = text[max(0, trigger.start - 60) : trigger.start]
            trigger.referring = bool(_REFERRING_TRIGGER.search(before)) and trigger.kind not in (
                "call",
                "video",
            )
            # "The talks followed …", "The Session was preceded by …": the subject is the
            # meeting already told of; the new one comes after the verb.
            if re.fullmatch(r"(?:[A-Z]+:\s+)?(?:The|It)\s+", text[: trigger.start]) and re.match(
                r"\w+\s+(?:was |were )?(?:preceded|followed)\b", text[trigger.start :]
            ):
                trigger.referring = True
        return sorted(found, key=lambda t: t.start)

    def _joint_subject(self, text: str, people: list[PersonMention]) -> _Trigger | None:
        """ "X and her Indian counterpart Y agreed Tuesday …": two sides acting together."""
        verb = _JOINT.search(text)
        if not verb or len(people) < 2:
            return None
        before = [m for m in people if m.end <= verb.start()]
        if len(before) < 2 or " and " not in text[before[0].end : before[1].start + 1]:
            return None
        if (
            len({m.person.country for m in before[:2]}) < 2
            and "counterpart" not in text[: verb.start()]
        ):
            return None
        return _Trigger(verb.start(), verb.end(), "talks", False)

    def _referenced(self, text: str, triggers: list[_Trigger]) -> Event | None:
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
            dated = [d for d in dates_in(first_clause, self.base) if not _deadline(first_clause, d)]
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

    def _clauses(self, text: str, triggers: list[_Trigger], dates: list[Found]):
        """Parts of a sentence that tell of different meetings, each from one trigger to the
        next; a part with neither a date nor a person of its own joins its neighbour."""
        live = [t for t in triggers if not t.referring] or triggers
        parts = []
        for index, trigger in enumerate(live):
            start = 0 if index == 0 else trigger.start
            end = live[index + 1].start if index + 1 < len(live) else len(text)
            parts.append([start, end, [trigger]])
        owned = {
            index: [d for d in dates if part[0] <= d.start < part[1]]
            for index, part in enumerate(parts)
        }
        merged: list[list] = []
        pending = None
        for index, part in enumerate(parts):
            if pending is not None:
                part = [pending[0], part[1], pending[2] + part[2]]
                pending = None
            own = owned[index] or [d for d in dates if part[0] <= d.start < part[1]]
            region = text[part[0] : part[1]]
            alone = not own and not _GROUP.search(region) and not _PRONOUN.search(region)
            if own or not merged:
                if alone and index + 1 < len(parts) and not merged:
                    pending = part  # "… was preceded in Maputo by a" + "Meeting on 22 September"
                    continue
                merged.append(part)
            else:
                if _HOPED.search(region) or re.match(r"(?:would|will|shall)\b", region):
                    continue  # "and that the ministers would meet at a date to be agreed"
                merged[-1][1] = part[1]
                merged[-1][2] += part[2]
        if pending is not None:
            merged.append(pending)
        return [tuple(part) for part in merged]

    def _clause(self, sentence, text, start, end, triggers, dates, people, first_trigger) -> None:
        region = text[start:end]
        kind = self._kind(region, triggers)
        clause_people = [m for m in people if start <= m.start < end]
        participants = [(m.person, m.title) for m in clause_people]
        offset = start if start else 0
        named = tuple(m.start - offset for m in clause_people)
        participants += [(p, "") for p in self._implied(region if start else text[:end], named)]
        date, dated, note = self._date(text, start, end, dates, triggers[0].start)
        if self.dated_report and dated and date.end < self.today - dt.timedelta(days=40):
            return  # history, not a meeting of this report
        future = bool(_FUTURE.search(region)) or (dated and date.start > self.today)
        if (future and not dated) or (_HOPED.search(region) and not dated):
            return  # hoped for, not scheduled
        place = None if kind == "call" else self._place(text, start, end, triggers[0].start, people)
        if future and place is self.context_place and place is not None:
            named = [m for m in self._cities(text, people) if start <= m.start < end]
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
            name=self._name(region),
            planned=future and date.end >= self.today,
            summit=self._summit_of(summits, region),
            body=self._body_of(bodies, kind),
            countries=self._countries(text[: triggers[0].start]),
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
            single = Event(
                **{**event.__dict__, "people": [], "roles": {}, "notes": list(event.notes)}
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
            if len(places) > 1 and event.place is not self.context_place:
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

    def _add_to(self, event: Event, sentence: Sentence, people, dates, text) -> None:
        event.add_people([(m.person, m.title) for m in people])
        event.add_people([(p, "") for p in self._implied(text) if p not in event.people])
        event.countries |= self._countries(
            text[: min(t.start for t in self._triggers(text))] if self._triggers(text) else text
        )
        if event.place is None and event.kind != "call":
            event.place = self._place(text, 0, len(text), 0, people)
        event.tell(sentence)
        if not event.body:
            event.body = self._body_of(bodies_in(text), event.kind)
        if not event.summit:
            event.summit = self._summit_of(summits_in(text), text)

    # Who, when, where, what ------------------------------------------------------------

    def _participant(self, mention: PersonMention, text: str, quoted, speaking=False) -> bool:
        if _inside(mention.start, quoted):
            return False
        after = text[mention.end : mention.end + 30]
        if after[:2] in ("'s", "’s") and not re.match(
            r"..\s+(?:\w+\s+)?(?:meeting|talks|visit|call)", after
        ):
            return False  # "Merz's predecessor", but "Modi's meeting with …"
        if not speaking and re.match(r",?\s+(?:told|said|says|added|noted|stressed)\b", after):
            return False  # who spoke of it, not necessarily who met
        return not _NOT_PARTICIPANT.search(text[max(0, mention.start - 60) : mention.start])

    def _implied(self, text: str, named: tuple[int, ...] = ()) -> list[Person]:
        """People a sentence names without their names: "he", "the two ministers"."""
        implied: list[Person] = []
        pronoun = _PRONOUN.search(text)
        group = _GROUP.search(text)
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

    def _date(self, text, start, end, dates, trigger) -> tuple[FuzzyDate, bool, str]:
        usable = [d for d in dates if not _deadline(text, d)]
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
        context = self.context_date
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

    def _place(self, text, start, end, trigger, people) -> Mention | None:
        cities = self._cities(text, people)
        region = text[start:end] if start else text[:end]
        inside = [m for m in cities if start <= m.start < end or (start == 0 and m.start < end)]
        here = _HERE.search(text, trigger, min(end, trigger + 40))
        if here and here.group(0).lower() == "here" and self.context_place:
            return self.context_place  # "held talks here on Monday"
        if not inside and _THERE.search(region) and self.mentioned_place:
            return self.mentioned_place  # "It will now be held there": the city just named
        if not inside and _HERE.search(region) and self.context_place:
            return self.context_place
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
        return self.context_place

    def _cities(self, text: str, people) -> list[Mention]:
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

    def _kind(self, region: str, triggers: list[_Trigger]) -> str:
        kinds = {t.kind for t in triggers}
        if (
            kinds & {"call", "video"}
            or _KINDS["call"].search(region)
            or _KINDS["video"].search(region)
        ):
            return "call"
        if kinds <= {"visit"} and not re.search(r"\bmet\b|\btalks\b|\bmeet\b", region):
            return "visit"
        return "bilateral"

    def _name(self, region: str) -> str:
        named = re.search(
            r"((?:[A-Z][\w'’-]*\s+){1,6}(?:Meeting|Session|Forum|Dialogue|Consultations))\b", region
        )
        return named.group(1).strip() if named else ""

    def _summit_of(self, summits: list[SummitMention], region: str) -> SummitMention | None:
        return next((s for s in summits if s.name or s.number), None)

    def _body_of(self, bodies: list[BodyMention], kind: str) -> BodyMention | None:
        with_session = [b for b in bodies if b.session]
        if with_session:
            return with_session[0]
        groups = [
            b
            for b in bodies
            if re.search(r"working group|sub-group|task force|committee", b.name, re.IGNORECASE)
        ]
        return groups[0] if groups and kind != "call" else None

    def _countries(self, text: str) -> set[str]:
        return {
            m.country
            for m in self.gazetteer.mentions(text)
            if m.country and (m.state or not m.city)
        }

    def _remember(self, text: str, dates: list[Found], people: list[PersonMention]) -> None:
        """What the next sentence may leave out: the day, the place, who "he" is."""
        flashback = re.search(r"\b(?:preceded|the day before|the previous day)\b", text)
        for date in [] if flashback else dates:
            if (
                date.value.precision == Precision.DAY
                and not _deadline(text, date)
                and date.value.start <= self.today
                and not _PAST.search(text)
            ):
                self.context_date = date.value
                break
        if self.events and self.events[-1].dated and not self.events[-1].planned:
            last = self.events[-1]
            if last.sentences[-1].text == text and not flashback:
                self.context_date = last.date  # "earlier in Moscow": the next visit too
            if last.place and last.sentences[-1].text == text:
                self.context_place = last.place
        if people:
            self.last_people = [people[0].person]
        cities = self._cities(text, people)
        if cities:
            self.mentioned_place = cities[-1]

    def _attendees(self, event: Event, mentions, sentences) -> None:
        """A meeting of several countries' ministers: those of them the report names."""
        if len(event.countries) < 3 or not event.unnamed:
            return
        for person in self.report_people:
            if person.country in event.countries and re.search(
                r"minister|secretary", person.title, re.IGNORECASE
            ):
                event.add_people([(person, person.title)])

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


def _deadline(text: str, date: Found) -> bool:
    """ "by 31 December", "within six months": when something is due, not when it met."""
    return bool(
        _DEADLINE.search(text[max(0, date.start - 20) : date.start])
        or re.match(r"(?:within|by|before)\b", date.text, re.IGNORECASE)
    )


def _inside(position: int, spans) -> bool:
    return any(s <= position < e for s, e in spans)


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
