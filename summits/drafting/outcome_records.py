"""What a summit or a meeting produced, as records: the outcome document a report is (with
its numbered paragraphs), and the agreements it says were signed (with their signatories,
who took part in the meeting they signed at)."""

import re

from .commitments import ORGANISATION
from .documents import NumberedDocument
from .names import PersonMention
from .origins import Origins
from .records import Draft
from .signed import SignedDocument
from .summit_records import SummitRecords
from .text import Sentence


class OutcomeRecords:
    def __init__(
        self,
        draft: Draft,
        summits: SummitRecords,
        meetings: list[dict],
        participants: set[tuple[str, str]],
        mentions: dict[int, list[PersonMention]],
    ) -> None:
        self.draft = draft
        self.summits = summits
        self.origins = Origins(meetings)
        self.participants = participants  # (meeting, person) drafted so far
        self.mentions = mentions  # sentence index → the people it names

    def document(self, document: NumberedDocument) -> str:
        """The outcome document and its paragraphs; its slug, for commitments to cite."""
        first = document.sentences[min(document.sentences)][0]
        meeting = self.origins.of(first, document.heading)
        summit, slug, day, _ = self._origin(meeting)
        adopted = day or self.draft.today
        slug = self.draft.recorded.free_slug(
            "outcomedocument", f"{adopted.isoformat()}-{document.title}", 120
        )
        review = "drafted outcome document: check its title, kind and where it was adopted"
        if not (summit or meeting):
            review += "; give the summit or the meeting that adopted it"
        fields = {
            "slug": slug,
            "title": document.title,
            "kind": document.kind,
            "summit": summit,
            "meeting": [meeting["slug"]] if meeting and meeting.get("slug") else None,
            "adopted_on": adopted.isoformat(),
            "source": [self.draft.source],
        }
        self.draft.add("outcomedocument", fields, [document.heading], review)
        for number, text in document.texts.items():
            self.draft.add(
                "paragraph",
                {"document": [slug], "number": number, "text": text},
                document.sentences.get(number, [])[:1],
            )
        return slug

    def agreements(self, signed: list[SignedDocument]) -> None:
        taken: set[str] = set()
        for found in signed:
            if found.title.lower() in taken:
                continue  # told twice: in a list and again in prose
            taken.add(found.title.lower())
            self._agreement(found)

    def _agreement(self, found: SignedDocument) -> None:
        sentences = [found.sentence]
        meeting = self.origins.of(found.intro or found.sentence, found.sentence)
        summit, meeting_slug, day, place = self._origin(meeting, sentences)
        slug = self.draft.recorded.free_slug(
            "agreement", f"{(day or self.draft.today).isoformat()}-{found.title}", 120
        )
        signers = self._signers(found)
        organisations = [self.draft.organisation(*party, sentences) for party in _parties(found)]
        sides = {m.person.country for m in signers if m.person.country}
        sides |= {self.draft.organisation_country(slug) for slug in organisations} - {None}
        if len(sides) < 2 and meeting and meeting.get("event"):
            event = meeting["event"]
            sides |= {p.country for p in event.people if p.country} | set(event.countries)
        for iso in sides:
            self.draft.country(iso, sentences)
        review = "drafted agreement: check its title, kind, parties, signatories and dates"
        fields = {
            "slug": slug,
            "title": found.title,
            "kind": found.kind,
            "level": found.level,
            "countries": [[iso] for iso in sorted(sides)],
            "organisations": [[slug] for slug in dict.fromkeys(organisations)],
            "summit": summit,
            "meeting": [meeting_slug] if meeting_slug else None,
            "signed_on": day.isoformat() if day else None,
            "place": [place] if place else None,
            "entry_into_force": None,
            "expires_on": None,
            "renews_automatically": False,
            "status": "signed",
            "superseded_by": None,
            "mechanisms": [],
            "action_items": [],
            "notes": "",
        }
        self.draft.add("agreement", fields, sentences, review)
        self.draft.cite("agreementcitation", "agreement", [slug], sentences)
        for mention in signers:
            person = self.draft.person(mention.person, sentences)
            role = (mention.title or mention.person.title)[:300]
            side = [mention.person.country] if mention.person.country else None
            if meeting_slug and (meeting_slug, person) not in self.participants:
                # A signatory took part in the meeting they signed at (the import checks it).
                self.participants.add((meeting_slug, person))
                self.draft.add(
                    "participation",
                    {"meeting": [meeting_slug], "person": [person], "role": role, "side": side},
                    sentences,
                    "signed an agreement at this meeting: check they took part",
                )
            self.draft.add(
                "signatory",
                {"agreement": [slug], "person": [person], "role": role, "side": side},
                sentences,
            )

    def _signers(self, found: SignedDocument) -> list[PersonMention]:
        """The people named after "signed by" / "exchanged by", once each."""
        text = found.sentence.text
        by = re.compile(r"\b(?:signed|exchanged|initialled)\s+(?:\w+\s+){0,3}?by\b", re.I)
        after = by.search(text, found.signers_at) or by.search(text)
        if after is None:
            return []
        people, seen = [], set()
        for mention in self.mentions.get(found.sentence.index, []):
            if mention.start >= after.end() and id(mention.person) not in seen:
                seen.add(id(mention.person))
                people.append(mention)
        return people

    def _origin(self, meeting: dict | None, sentences: list[Sentence] = ()) -> tuple:
        """(summit key, meeting slug, day, place slug) of where something was adopted or
        signed; the day only when the meeting's day is known."""
        summit = meeting.get("summit") if meeting else None
        if summit is None and len(self.summits.found) == 1:
            held = next(iter(self.summits.found.values()))
            summit = held.key if held.event and not held.event.planned else None
        event = meeting.get("event") if meeting else None
        day = event.date.start if event and event.date.precision.value == "day" else None
        place = self.draft.place(event.place, sentences or event.sentences) if event else None
        slug = meeting.get("slug") if meeting else None
        return (list(summit) if summit else None), slug, day, place


def _parties(found: SignedDocument) -> list[tuple[str, str | None]]:
    """Ministries and agencies that are parties: named in the title ("a memorandum between
    the Trade Promotion Agency and …"), after "signed by", or as who signed ("the Qatar
    Investment Authority and the Oman Investment Authority signed …")."""
    text = found.sentence.text
    spans = [found.title]
    by = re.search(r"\b(?:signed|exchanged)\s+by\b", text)
    if by:
        spans.append(text[by.end() :])
    verb = re.search(r"\b(?:signed|exchanged)\b", text)
    if verb and found.intro is None and not by:
        spans.append(text[: verb.start()].rsplit(",", 1)[-1])  # the clause's subject
    return [
        (m.group("name"), m.group("owner")) for span in spans for m in ORGANISATION.finditer(span)
    ]
