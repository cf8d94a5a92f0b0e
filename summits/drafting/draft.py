"""From what the stages found to the draft fixture: records in `fixtures/reports/` form.

Every record carries a "draft" note for the reviewer: the sentence it was read from,
its spans in the stored text, what to check, and the recorded records it may be.
Records already recorded are referred to, never drafted again; a summit already
recorded gets only the changes the report gives (a new status or date), to review.
"""

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from anyascii import anyascii
from django.utils import timezone

from ..fuzzydates import FuzzyDate
from ..models import Source, ordinal
from .bodies import BodyMention, bodies_in, series_key, summit_status, summits_in
from .commitments import Commitment, commitments_in
from .dates import dates_in
from .meetings import Event, MeetingReader
from .people import PeopleReader, Person
from .places import City, Mention, gazetteer
from .recorded import Recorded, ascii_slug
from .sectors import sectors_in
from .text import Report, Sentence, publisher_of, report_read

_PREPARES = re.compile(
    r"\b(?:preparations? for|ahead of|prepare|run-up to|in the lead-up to)\b", re.IGNORECASE
)
_MINISTRY = re.compile(r"\b(?:Ministry|Department|Government|Office|Council|Agency|Commission)\b")


@dataclass
class _Summit:
    key: tuple[str, int]
    name: str
    sentences: list[Sentence]
    event: Event | None = None


class Draft:
    def __init__(
        self,
        text: str,
        publisher: str | None,
        published: dt.date | None,
        source_url: str,
        title: str | None,
    ) -> None:
        self.report: Report = report_read(text)
        self.recorded = Recorded()
        self.places = gazetteer()
        self.notes_on_source: list[str] = []
        if published is None and self.report.published is None:
            self.notes_on_source.append("no date line found: publication date set to today")
        self.today = published or self.report.published or timezone.localdate()
        self.given_date = published is not None
        found_publisher = publisher_of(self.report)
        if not publisher and not found_publisher:
            self.notes_on_source.append("publisher not named in the text: give it")
        self.publisher = (publisher or found_publisher or "Unknown publisher")[:200]
        self.records: list[dict] = []
        self.cited: set[tuple] = set()
        self.countries_used: dict[str, list[Sentence]] = {}  # ISO → where it came up
        self.place_slugs: dict[City, str] = {}
        self.person_slugs: dict[int, str] = {}
        self.sessions: dict[tuple[str, int], str] = {}  # (commission, number) → meeting
        self.session_slugs: list[str] = []  # sessions the report tells of, drafted or recorded
        self.participants: set[tuple[str, str]] = set()  # (meeting, person) drafted
        self.organisations: dict[tuple[str, str | None], str] = {}  # (name, country) → slug
        self.linked: set[str] = set()  # recorded meetings already found in this report
        self.summit_dates: dict[tuple[str, int], FuzzyDate] = {}
        self.source = self._source(title, source_url)

    # Output -------------------------------------------------------------------------

    def add(
        self,
        model: str,
        fields: dict,
        sentences: list[Sentence],
        review: str = "",
        candidates: list[dict] | None = None,
    ) -> None:
        if model.endswith(("citation", "evidence")):
            # One citation per record and source: the first sentence that supports it.
            cited = (model, *(str(v) for k, v in fields.items() if k != "quote"))
            if cited in self.cited:
                return
            self.cited.add(cited)
        draft: dict = {}
        if sentences:
            draft["sentence"] = sentences[0].text
            draft["spans"] = [[s.start, s.end] for s in sentences]
        if review:
            draft["review"] = review
        if candidates:
            draft["candidates"] = candidates
        self.records.append({"model": f"summits.{model}", "fields": fields, "draft": draft})

    def cite(self, model: str, target: str, key_value: list, sentences: list[Sentence]) -> None:
        quote = " ".join(s.text for s in sentences)[:2000]
        fields = {target: key_value, "source": [self.source], "quote": quote}
        self.add(model, fields, sentences)

    # The report -----------------------------------------------------------------------

    def draft(self) -> list[dict]:
        report = self.report
        base = self.today
        dateline_place = None
        if report.dateline:
            if report.dateline.date_text:
                found = dates_in(report.dateline.date_text, self.today)
                base = found[0].value.start if found else base
            city = self.places.city(report.dateline.place)
            if city:
                start = (
                    report.sentences[0].text.find(report.dateline.place) if report.sentences else 0
                )
                dateline_place = Mention(
                    start, start + len(report.dateline.place), report.dateline.place, city
                )
        self.people = PeopleReader(self.places, self.recorded.people)
        mentions = self.people.read(report.sentences)
        dated = bool(self.report.published or not self.notes_on_source or self.given_date)
        dateline_end = report.dateline.end if report.dateline else 0
        reader = MeetingReader(self.places, self.today, base, dateline_place, dated, dateline_end)
        events = reader.read(report.sentences, mentions)
        self.bodies: dict[str, str] = {}  # body name → commission slug
        self.recorded_meetings = self.recorded.meetings_on({e.date.start for e in events})
        named = [b for s in report.sentences for b in bodies_in(s.text)]
        commissions = {self.recorded.commission(b.name, b.acronym).slug for b in named}
        self.recorded_sessions = self.recorded.sessions(commissions - {None})
        self.summits = self._summits(events)
        meetings = [self._meeting(event) for event in events]
        for sentence in report.sentences:
            for body in bodies_in(sentence.text):
                slug = self.commission(body, [sentence])  # named, even if none of it is drafted
                recorded = self.recorded_sessions.get((slug, body.session))
                if recorded:  # "following the 26th Session": the report cites a recorded one
                    self.cite("meetingcitation", "meeting", [recorded], [sentence])
                    self.session_slugs.append(recorded)
        self._commitments(events, meetings, base)
        self._countries()
        return self.records

    def _source(self, title: str | None, url: str) -> str:
        sentences = self.report.sentences
        first = sentences[0].text if sentences else "Untitled report"
        title = " ".join((title or first).split())[:300]
        words = ascii_slug(title).split("-")
        while len("-".join(words)) > 60 and len(words) > 1:
            words.pop()
        # Date, publisher, the title's first words, as in fixtures/reports/. Not made unique:
        # the same report drafted again keeps its slug, so importing it changes nothing.
        slug = f"{self.today.isoformat()}-{ascii_slug(self.publisher)[:20]}-{'-'.join(words)}"
        slug = slug[:120].strip("-")
        kind = Source.Kind.NEWS_REPORT
        if re.search(r"joint statement|joint declaration", title, re.IGNORECASE):
            kind = Source.Kind.JOINT_STATEMENT
        elif _MINISTRY.search(self.publisher):
            kind = Source.Kind.PRESS_RELEASE
        fields = {
            "slug": slug,
            "title": title,
            "publisher": self.publisher,
            "published_on": self.today.isoformat(),
            "url": url,
            "kind": kind,
            "text": self.report.text,
        }
        review = "; ".join(["check title, publisher and date", *self.notes_on_source])
        self.add("source", fields, sentences[:1], review)
        return slug

    # Places, people, countries ----------------------------------------------------------

    def country(self, iso: str | None, sentences: list[Sentence]) -> None:
        if iso:
            self.countries_used.setdefault(iso, sentences[:1])

    def place(self, mention: Mention | None, sentences: list[Sentence]) -> str | None:
        if mention is None or mention.city is None:
            return None
        city = mention.city
        if city in self.place_slugs:
            return self.place_slugs[city]
        name = city.name
        written = mention.text.title() if mention.text.isupper() else mention.text
        if written.isascii() or anyascii(written).lower() in anyascii(name).lower():
            # As the report writes it: "Cebu" (GeoNames: "Cebu City"), "Khiva" ("Xiva");
            # but "Hà Nội" is Hanoi.
            name = written
        slug = self.recorded.place(name, city.country) or self.recorded.place(
            city.name, city.country
        )
        if slug is None:
            slug = self.recorded.free_slug("place", name)
            self.country(city.country, sentences)
            self.add(
                "place",
                {"slug": slug, "name": name, "country": [city.country]},
                sentences[:1],
                f"new place: {name}, {self.places.country_names.get(city.country, city.country)}",
            )
        self.place_slugs[city] = slug
        return slug

    def person(self, person: Person, sentences: list[Sentence]) -> str:
        if person.slug:
            return person.slug
        if id(person) in self.person_slugs:
            return self.person_slugs[id(person)]
        slug = self.recorded.free_slug("person", person.name)
        self.person_slugs[id(person)] = slug
        self.country(person.country, sentences)
        review = "new person: check the name, title and country"
        candidates = self.people.candidates(person)
        if candidates:
            review += "; may be someone recorded"
        fields = {
            "slug": slug,
            "name": person.name[:200],
            "aliases": "",
            "title": person.title[:300],
            "country": [person.country] if person.country else None,
        }
        self.add("person", fields, sentences[:1], review, candidates)
        return slug

    def _countries(self) -> None:
        """Countries the draft refers to that are not recorded yet, from ISO 3166."""
        missing = sorted(set(self.countries_used) - self.recorded.countries)
        records = [
            {
                "model": "summits.country",
                "fields": {"iso2": iso, "name": self.places.country_names.get(iso, iso)[:100]},
                "draft": {
                    "sentence": self.countries_used[iso][0].text,
                    "spans": [[s.start, s.end] for s in self.countries_used[iso]],
                    "review": "new country, from ISO 3166",
                },
            }
            for iso in missing
        ]
        self.records[1:1] = records  # after the source, before what refers to them

    # Summits and commissions --------------------------------------------------------------

    def _summits(self, events: list[Event]) -> dict[str, _Summit]:
        """The summits the report tells of, by series: drafted, or changes to recorded ones."""
        found: dict[str, _Summit] = {}
        sentences = self.report.sentences
        for index, sentence in enumerate(sentences):
            for mention in summits_in(sentence.text):
                if not mention.name or re.search(
                    r"\b(?:last|first|previous)\b[^.]{0,20}$",
                    sentence.text[max(0, mention.start - 40) : mention.start],
                ):
                    continue
                if self.places.city(mention.name.removesuffix(" Summit")):
                    continue  # "the Astana Summit": named for where it met
                told = [sentence]
                for following in sentences[index + 1 : index + 3]:
                    if re.match(r"(?:The summit|It)\b", following.text):
                        told.append(following)
                series = series_key(mention.name)
                summit = found.get(series)
                if summit is None:
                    summit = self._summit(mention, told, events)
                    if summit:
                        found[series] = summit
                elif mention.number and summit.key[1] == mention.number:
                    summit.sentences += [s for s in told if s not in summit.sentences]
        return found

    def _summit(self, mention, told: list[Sentence], events: list[Event]) -> _Summit | None:
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
            for d in dates_in(told[0].text[mention.end :], self.today)
            if not d.text.lower().startswith(("by", "within"))
        ]
        if status == "postponed":
            dates = [d for d in dates_in(text, self.today) if d.value.start > self.today][
                -1:
            ] or dates
        date = event.date if event and event.dated else (dates[0].value if dates else None)
        if date and date.end < self.today - dt.timedelta(days=40) and not status:
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
            after = [m for m in self.places.mentions(rest) if m.city and not m.demonym]
            place = after[0] if after else None
        if not (mention.number or status in ("cancelled", "postponed") or (date and place)):
            return None
        match = self.recorded.summit_series(mention.name)
        review = []
        if match.slug:
            series = match.slug
        else:
            series = self.recorded.free_slug("summitseries", mention.name)
            countries = self._countries_named(mention.name)
            for country in countries:
                self.country(country, told)
            name = " ".join(w[:1].upper() + w[1:] for w in mention.name.split())
            name = re.sub(r"(?<=\w)\s*[-–]\s*(?=[A-Z])", "–", name)  # "India–Russia", as recorded
            self.add(
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
            numbers = [n for s, n in self.recorded.summits if s == series]
            upcoming = [
                n
                for (s, n), summit in self.recorded.summits.items()
                if s == series and summit["status"] in ("anticipated", "scheduled", "postponed")
            ]
            number = (upcoming or [max(numbers, default=0) + 1])[-1]
            review.append(f"the report gives no number: {ordinal(number)} assumed")
        place_slug = self.place(place, told)
        fields = {
            "series": [series],
            "number": number,
            "host_place": [place_slug] if place_slug else None,
            "date_start": date.start.isoformat() if date else None,
            "date_precision": date.precision.value if date else "",
            "status": status,
        }
        if date:
            self.summit_dates[(series, number)] = date
        recorded = self.recorded.summits.get((series, number))
        if recorded is None:
            self.add(
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
                self.add("summit", changed, told, f"proposed change to a recorded summit: {said}")
        self.cite("summitcitation", "summit", [series, number], told)
        return _Summit((series, number), mention.name, list(told), event)

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

    def _countries_named(self, name: str) -> list[str]:
        """ "Germany–South Africa Binational Summit" → DE, ZA."""
        countries = []
        for part in re.split(r"\s*[–-]\s*", name):
            words = part.split()
            # The longest run of words that names a country: "South Africa", "Viet Nam".
            for size in range(len(words), 0, -1):
                found = [
                    self.places.country(" ".join(words[i : i + size]))
                    for i in range(len(words) - size + 1)
                ]
                if any(found):
                    countries += [c for c in found if c]
                    break
        return list(dict.fromkeys(countries))

    def commission(self, body: BodyMention, sentences: list[Sentence]) -> str:
        name = body.name
        if name in self.bodies:
            return self.bodies[name]
        match = self.recorded.commission(name, body.acronym)
        if match.slug:
            self.bodies[name] = match.slug
            return match.slug
        slug = self.recorded.free_slug("commission", body.acronym or name)
        countries = self._countries_named(name)
        for country in countries:
            self.country(country, sentences)
        fields = {
            "slug": slug,
            "name": name[:300],
            "acronym": body.acronym[:40],
            "parent": None,
            "countries": [[c] for c in countries],
            "description": "",
        }
        self.add(
            "commission",
            fields,
            sentences[:1],
            "new commission or body: check its name",
            match.candidates,
        )
        self.bodies[name] = slug
        return slug

    # Meetings --------------------------------------------------------------------------

    def _meeting(self, event: Event) -> dict:
        sentences = event.sentences
        if event.cancelled:
            return {"slug": None, "event": event, "summit": None}
        place = self.place(event.place, sentences)
        commission = self.commission(event.body, sentences) if event.body else None
        session = event.body.session if event.body and event.kind == "commission_session" else None
        people = [self.person(p, sentences) for p in event.people]
        surnames = [_surname(p) for p in event.people]
        summit = self._summit_of(event)
        existing = self._recorded_meeting(event, people, commission, session)
        if existing:
            self.cite("meetingcitation", "meeting", [existing], sentences)
            return {"slug": existing, "event": event, "summit": summit}
        if (
            event.kind == "summit"
            and event.planned
            and not event.people
            and summit in self.recorded.summits
        ):
            return {"slug": None, "event": event, "summit": summit}  # the summit says it all
        if (commission, session) in self.sessions:
            # A session told of twice (its date in one place, its co-chairs in another) is
            # one meeting: the second telling adds its people.
            slug = self.sessions[(commission, session)]
            self._participations(slug, event, people, sentences)
            self.cite("meetingcitation", "meeting", [slug], sentences)
            return {"slug": slug, "event": event, "summit": summit}
        stamp = {"day": "%Y-%m-%d", "year": "%Y"}.get(event.date.precision.value, "%Y-%m")
        if commission and session:
            slug = self.recorded.free_slug("meeting", f"{commission}-{session}", 120)
        else:
            who = "-".join(surnames) or (event.body.name if event.body else event.name) or "meeting"
            slug = self.recorded.free_slug("meeting", f"{event.date.start:{stamp}}-{who}", 120)
        fields = {
            "slug": slug,
            "title": self._title(event, surnames)[:300],
            "kind": event.kind,
            "date_start": event.date.start.isoformat(),
            "date_precision": event.date.precision.value,
            "place": [place] if place else None,
            "summit": list(summit) if summit else None,
            "commission": [commission] if commission else None,
            "session_number": session,
            "summary": " ".join(s.text for s in sentences)[:2000],
            "sectors": [[s] for s in self._sectors(sentences)],
        }
        review = [
            "planned meeting: check it" if event.planned else "new meeting: check it",
            *event.notes,
        ]
        if place is None and event.kind != "call":
            review.append("no place found")
        self.add("meeting", fields, sentences, "; ".join(review))
        if commission and session:
            self.sessions[(commission, session)] = slug
            self.session_slugs.append(slug)
        self._participations(slug, event, people, sentences)
        self.cite("meetingcitation", "meeting", [slug], sentences)
        return {"slug": slug, "event": event, "summit": summit}

    def _participations(self, slug: str, event: Event, people: list[str], sentences) -> None:
        for person, person_slug in zip(event.people, people, strict=True):
            if (slug, person_slug) in self.participants:
                continue
            self.participants.add((slug, person_slug))
            side = person.country
            self.country(side, sentences)
            role = event.roles.get(id(person)) or person.title
            self.add(
                "participation",
                {
                    "meeting": [slug],
                    "person": [person_slug],
                    "role": role[:300],
                    "side": [side] if side else None,
                },
                sentences[:1],
            )

    def _sectors(self, sentences: list[Sentence]) -> list[str]:
        """What a passage is about; a commission's name ("… on Trade, Economic, Scientific
        and Cultural Cooperation") says what it covers, not what was discussed."""
        text = " ".join(s.text for s in sentences)
        for sentence in sentences:
            for body in bodies_in(sentence.text):
                text = text.replace(body.name, " ")
        return sectors_in(text, self.recorded.sectors)

    def _title(self, event: Event, surnames: list[str]) -> str:
        place = event.place.city.name if event.place and event.place.city else ""
        where = f" in {place}" if place else ""
        if event.kind == "commission_session" and event.body:
            number = f"{ordinal(event.body.session)} " if event.body.session else ""
            return f"{number}session of the {event.body.acronym or event.body.name}"
        if event.kind == "working_group" and event.body:
            return f"{event.body.name} meeting{where}"
        if event.kind == "summit":
            summit = next((s for s in self.summits.values() if s.event is event), None)
            if summit or event.summit:
                number = summit.key[1] if summit else event.summit.number
                name = summit.name if summit else event.summit.name
                return f"{ordinal(number)} {name}" if number else name
        who = "–".join(surnames)
        if event.kind == "call":
            return f"{who} call".strip()
        if event.kind == "visit":
            # What the visit was for: "Jaishankar inaugurated Indian consulates in …".
            text = event.sentences[0].text
            did = re.search(
                r"\b(?:inaugurated|opened|paid homage|laid a wreath|visited|toured|"
                r"called on|paid a courtesy call)\b[^,;.]*",
                text,
            )
            if did:
                return f"{who} {did.group(0)}".strip()
        text = " ".join(s.text for s in event.sentences)
        sidelines = re.search(
            r"(?:sidelines|margins) of the ((?:[A-Z][\w'’-]*\s*)+(?:\([A-Z]+\))?)", text
        )
        noun = event.name or ("consultations" if "consultations" in text.lower() else "talks")
        title = f"{who} {noun}{where}".strip() if who else f"{event.name or 'Meeting'}{where}"
        if sidelines:
            title += f" on the sidelines of the {sidelines.group(1).strip()}"
        return title

    def _summit_of(self, event: Event) -> tuple[str, int] | None:
        for summit in self.summits.values():
            if summit.event is event or set(summit.sentences) & set(event.sentences):
                return summit.key
        text = " ".join(s.text for s in event.sentences)
        if _PREPARES.search(text) and len(self.summits) == 1:
            return next(iter(self.summits.values())).key
        return None

    def _recorded_meeting(self, event: Event, people: list[str], commission, session) -> str | None:
        """The recorded meeting this event is: the same session, or the same day, kind and
        people (and place, when two recorded meetings would do)."""
        if commission and session and (commission, session) in self.recorded_sessions:
            return self.recorded_sessions[(commission, session)]
        place = self.place_slugs.get(event.place.city) if event.place and event.place.city else None
        same = [
            meeting
            for meeting in self.recorded_meetings.get(event.date.start, [])
            if people
            and set(people) == meeting["people"]
            and meeting["kind"] == event.kind
            and meeting["slug"] not in self.linked
        ]
        if not same:
            return None
        # Of several (two visits in a day): the same place, else one with none recorded.
        best = max(same, key=lambda m: (m["place"] == place, m["place"] is None))
        self.linked.add(best["slug"])
        return best["slug"]

    # Commitments --------------------------------------------------------------------------

    def _commitments(self, events: list[Event], meetings: list[dict], base: dt.date) -> None:
        self.paragraphs: dict[int, list[Sentence]] = {}
        for sentence in self.report.sentences:
            self.paragraphs.setdefault(sentence.paragraph, []).append(sentence)
        # Which drafted meeting each sentence tells of, and the meetings held in reading order:
        # a commitment's origin is looked up, not searched for.
        drafted = [m for m in meetings if m["slug"]]
        self.told_in = {s.index: m for m in reversed(drafted) for s in m["event"].sentences}
        held = sorted(
            (m["event"].sentences[0].index, -n, m)
            for n, m in enumerate(drafted)
            if not m["event"].planned
        )
        self.held_starts = [index for index, _, _ in held]
        self.held = [m for _, _, m in held]
        prefix = (ascii_slug(self.publisher).upper()[:12] or "REPORT") + f"-{self.today:%Y%m%d}"
        number = 0
        for commitment in commitments_in(self.report.sentences, base):
            number += 1
            ref = f"{prefix}-{number}"
            while ref in self.recorded.refs:
                number += 1
                ref = f"{prefix}-{number}"
            meeting = self._origin(commitment, meetings)
            summit = meeting["summit"] if meeting else None
            if summit is None and re.search(r"\bsummit\b", commitment.text, re.IGNORECASE):
                upcoming = [s for s in self.summits.values()]
                summit = upcoming[0].key if len(upcoming) == 1 else None
            due = commitment.due.value if commitment.due else None
            review = "drafted commitment: check its wording, link and due date"
            if due is None and summit:
                due = self._summit_date(summit)
                review += "; no deadline given: due by the summit it prepares"
            sectors = sectors_in(commitment.title, self.recorded.sectors)
            if not sectors:  # what its paragraph, or the meeting it came from, was about
                sectors = self._sectors(self.paragraphs[commitment.sentence.paragraph])
            if not sectors and meeting and meeting.get("event"):
                sectors = self._sectors(meeting["event"].sentences)
            sentences = [commitment.sentence]
            fields = {
                "ref": ref,
                "title": commitment.title,
                "text": commitment.text,
                "sectors": [[s] for s in sectors],
                "origin_meeting": [meeting["slug"]] if meeting else None,
                "target_summit": list(summit) if summit else None,
                "due_start": due.start.isoformat() if due else None,
                "due_precision": due.precision.value if due else "",
                "priority": 2,
                "responsible": [[self.organisation(*r, sentences)] for r in commitment.responsible],
            }
            self.add("actionitem", fields, sentences, review)
            self.cite("actionitemcitation", "action_item", [ref], sentences)
            as_of = min(self.today, timezone.localdate()).isoformat()
            self.add(
                "statusupdate",
                {
                    "action_item": [ref],
                    "as_of": as_of,
                    "sequence": 1,
                    "status": "not_started",
                    "note": f"Drafted from {self.publisher}, {self.today:%d %b %Y}.",
                },
                sentences,
            )
            self.cite("statusupdateevidence", "status_update", [ref, as_of, 1], sentences)

    def organisation(self, name: str, owner: str | None, sentences: list[Sentence]) -> str:
        """A ministry or agency named as responsible: recorded, or drafted with its country."""
        country = self.places.country(owner) if owner else None
        of = re.search(r"\s+of\s+(?:the\s+)?([A-Z][\w' -]+)$", name)
        if of and self.places.country(of.group(1)):
            country = country or self.places.country(of.group(1))
            name = name[: of.start()]  # "Ministry of Energy of Burkina Faso" → its name, BF
        name = re.sub(r"^The\s+", "", name)
        if (name, country) in self.organisations:
            return self.organisations[(name, country)]
        match = self.recorded.organisation(name, country)
        slug = match.slug
        if slug is None:
            slug = self.recorded.free_slug("organisation", f"{name} {country or ''}".strip())
            self.country(country, sentences)
            kind = "agency" if re.search(r"Agency|Service|Authority|Board", name) else "ministry"
            fields = {
                "slug": slug,
                "name": name[:200],
                "acronym": "",
                "kind": kind,
                "country": [country] if country else None,
                "parent": None,
            }
            review = "new organisation: check its name and country"
            self.add("organisation", fields, sentences[:1], review, match.candidates)
        self.organisations[(name, country)] = slug
        return slug

    def _summit_date(self, key: tuple[str, int]) -> FuzzyDate | None:
        if key in self.summit_dates:
            return self.summit_dates[key]
        recorded = self.recorded.summits.get(key)
        if recorded and recorded["date_start"]:
            return FuzzyDate(recorded["date_start"], recorded["date_precision"])
        return None

    def _origin(self, commitment: Commitment, meetings: list[dict]) -> dict | None:
        """The meeting a commitment came from: the one its sentence tells of, or the last
        meeting held before it in the report."""
        anchor = commitment.intro or commitment.sentence
        if self.session_slugs and re.search(
            r"\b(?:commission|session|committee)\b", commitment.text, re.IGNORECASE
        ):
            # "implementing decisions made during the commission": its session.
            slug = self.session_slugs[0]
            summit = next(iter(self.summits.values())).key if len(self.summits) == 1 else None
            found = next((m for m in meetings if m["slug"] == slug), None)
            return found or {"slug": slug, "summit": summit}
        for sentence in (anchor, commitment.sentence):
            if sentence.index in self.told_in:
                return self.told_in[sentence.index]
        before = bisect.bisect_right(self.held_starts, anchor.index)
        return self.held[before - 1] if before else None


def _surname(person: Person) -> str:
    words = [w for w in person.name.split() if not re.fullmatch(r"[A-Z]\.?|Jr\.?", w)]
    if not words:
        return person.name
    # Family name first where names are written so: "Szijjártó Péter", "Kim Jung-kwan".
    # (Vietnamese names are too, but people are called by the last: "Minister Diên".)
    if person.country in ("CN", "KR", "KP", "HU") and len(words) >= 2:
        return words[0]
    return words[-1]


def report_draft(
    *,
    text: str,
    publisher: str | None = None,
    published: dt.date | None = None,
    source_url: str = "",
    title: str | None = None,
) -> list[dict]:
    """A draft report fixture from a report's text: a list of records to review."""
    return Draft(text, publisher, published, source_url, title).draft()
