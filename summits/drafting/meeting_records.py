"""The meetings a report tells of, as records: each with its participations, citations and
commission; a meeting already recorded is cited, not drafted again."""

import re

from ..models import ordinal
from .bodies import BodyMention, bodies_in
from .meetings import Event
from .names import Person
from .records import Draft
from .summit_records import SummitRecords
from .text import Sentence


class MeetingRecords:
    """Drafts meetings (and the commissions they are sessions of), or finds them recorded."""

    def __init__(
        self,
        draft: Draft,
        summits: SummitRecords,
        recorded_meetings: dict,
        recorded_sessions: dict[tuple[str, int], str],
    ) -> None:
        self.draft = draft
        self.summits = summits
        self.recorded_meetings = recorded_meetings
        self.recorded_sessions = recorded_sessions
        self.bodies: dict[str, str] = {}  # body name → commission slug
        self.sessions: dict[tuple[str, int], str] = {}  # (commission, number) → meeting
        self.session_slugs: list[str] = []  # sessions the report tells of, drafted or recorded
        self.participants: set[tuple[str, str]] = set()  # (meeting, person) drafted
        self.linked: set[str] = set()  # recorded meetings already found in this report

    def cite_recorded_sessions(self, sentences: list[Sentence]) -> None:
        """Every body the report names, and the recorded sessions it cites."""
        for sentence in sentences:
            for body in bodies_in(sentence.text):
                slug = self.commission(body, [sentence])  # named, even if none of it is drafted
                recorded = self.recorded_sessions.get((slug, body.session))
                if recorded:  # "following the 26th Session": the report cites a recorded one
                    self.draft.cite("meetingcitation", "meeting", [recorded], [sentence])
                    self.session_slugs.append(recorded)

    def meeting(self, event: Event) -> dict:
        sentences = event.sentences
        if event.cancelled:
            return {"slug": None, "event": event, "summit": None}
        place = self.draft.place(event.place, sentences)
        commission = self.commission(event.body, sentences) if event.body else None
        session = event.body.session if event.body and event.kind == "commission_session" else None
        people = [self.draft.person(p, sentences) for p in event.people]
        surnames = [_surname(p) for p in event.people]
        summit = self.summits.of(event)
        existing = self._recorded_meeting(event, people, commission, session)
        if existing:
            self.draft.cite("meetingcitation", "meeting", [existing], sentences)
            return {"slug": existing, "event": event, "summit": summit}
        if (
            event.kind == "summit"
            and event.planned
            and not event.people
            and summit in self.draft.recorded.summits
        ):
            return {"slug": None, "event": event, "summit": summit}  # the summit says it all
        if (commission, session) in self.sessions:
            # A session told of twice (its date in one place, its co-chairs in another) is
            # one meeting: the second telling adds its people.
            slug = self.sessions[(commission, session)]
            self._participations(slug, event, people, sentences)
            self.draft.cite("meetingcitation", "meeting", [slug], sentences)
            return {"slug": slug, "event": event, "summit": summit}
        stamp = {"day": "%Y-%m-%d", "year": "%Y"}.get(event.date.precision.value, "%Y-%m")
        if commission and session:
            slug = self.draft.recorded.free_slug("meeting", f"{commission}-{session}", 120)
        else:
            who = "-".join(surnames) or (event.body.name if event.body else event.name) or "meeting"
            slug = self.draft.recorded.free_slug(
                "meeting", f"{event.date.start:{stamp}}-{who}", 120
            )
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
            "sectors": [[s] for s in self.draft.sectors(sentences)],
        }
        review = [
            "planned meeting: check it" if event.planned else "new meeting: check it",
            *event.notes,
        ]
        if place is None and event.kind != "call":
            review.append("no place found")
        self.draft.add("meeting", fields, sentences, "; ".join(review))
        if commission and session:
            self.sessions[(commission, session)] = slug
            self.session_slugs.append(slug)
        self._participations(slug, event, people, sentences)
        self.draft.cite("meetingcitation", "meeting", [slug], sentences)
        return {"slug": slug, "event": event, "summit": summit}

    def _participations(self, slug: str, event: Event, people: list[str], sentences) -> None:
        for person, person_slug in zip(event.people, people, strict=True):
            if (slug, person_slug) in self.participants:
                continue
            self.participants.add((slug, person_slug))
            side = person.country
            self.draft.country(side, sentences)
            role = event.roles.get(id(person)) or person.title
            self.draft.add(
                "participation",
                {
                    "meeting": [slug],
                    "person": [person_slug],
                    "role": role[:300],
                    "side": [side] if side else None,
                },
                sentences[:1],
            )

    def _title(self, event: Event, surnames: list[str]) -> str:
        place = event.place.city.name if event.place and event.place.city else ""
        where = f" in {place}" if place else ""
        if event.kind == "commission_session" and event.body:
            number = f"{ordinal(event.body.session)} " if event.body.session else ""
            return f"{number}session of the {event.body.acronym or event.body.name}"
        if event.kind == "working_group" and event.body:
            return f"{event.body.name} meeting{where}"
        if event.kind == "summit":
            summit = next((s for s in self.summits.found.values() if s.event is event), None)
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
        # "intergovernmental consultations", "strategic talks": the kind the report names.
        named = re.search(r"\b(?:([a-z-]+(?:al|ic|ary|level))\s+)?((?i:consultations))\b", text)
        named = named or re.search(r"\b(?:([a-z-]+(?:al|ic|ary|level))\s+)?(talks)\b", text)
        noun = event.name or (" ".join(filter(None, named.groups())).lower() if named else "talks")
        title = f"{who} {noun}{where}".strip() if who else f"{event.name or 'Meeting'}{where}"
        if sidelines:
            title += f" on the sidelines of the {sidelines.group(1).strip()}"
        return title

    def _recorded_meeting(self, event: Event, people: list[str], commission, session) -> str | None:
        """The recorded meeting this event is: the same session, or the same day, kind and
        people (and place, when two recorded meetings would do)."""
        if commission and session and (commission, session) in self.recorded_sessions:
            return self.recorded_sessions[(commission, session)]
        place = (
            self.draft.place_slugs.get(event.place.city)
            if event.place and event.place.city
            else None
        )
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

    def commission(self, body: BodyMention, sentences: list[Sentence]) -> str:
        name = body.name
        if name in self.bodies:
            return self.bodies[name]
        match = self.draft.recorded.commission(name, body.acronym)
        if match.slug:
            self.bodies[name] = match.slug
            return match.slug
        slug = self.draft.recorded.free_slug("commission", body.acronym or name)
        countries = self.draft.countries_named(name)
        for country in countries:
            self.draft.country(country, sentences)
        fields = {
            "slug": slug,
            "name": name[:300],
            "acronym": body.acronym[:40],
            "parent": None,
            "countries": [[c] for c in countries],
            "description": "",
        }
        self.draft.add(
            "commission",
            fields,
            sentences[:1],
            "new commission or body: check its name",
            match.candidates,
        )
        self.bodies[name] = slug
        return slug


def _surname(person: Person) -> str:
    words = [w for w in person.name.split() if not re.fullmatch(r"[A-Z]\.?|Jr\.?", w)]
    if not words:
        return person.name
    # Family name first where names are written so: "Szijjártó Péter", "Kim Jung-kwan".
    # (Vietnamese names are too, but people are called by the last: "Minister Diên".)
    if person.country in ("CN", "KR", "KP", "HU") and len(words) >= 2:
        return words[0]
    return words[-1]
