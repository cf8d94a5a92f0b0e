"""The commitments a report gives, as records: each action item with its citation, first
status update and evidence, linked to the meeting it came from and the summit it prepares,
and the ministries responsible for it."""

import datetime as dt
import re

from django.utils import timezone

from .acronyms import expanded
from .commitments import Commitment, commitments_in
from .documents import NumberedDocument
from .origins import Origins
from .recorded import ascii_slug
from .records import Draft
from .sectors import sectors_in
from .summit_records import SummitRecords
from .text import Sentence


class CommitmentRecords:
    """Drafts the report's commitments, with the organisations responsible for them."""

    def __init__(
        self,
        draft: Draft,
        summits: SummitRecords,
        session_slugs: list[str],
        document: NumberedDocument | None = None,
        document_slug: str | None = None,
    ) -> None:
        self.draft = draft
        self.document = document if document_slug else None  # the one the report is
        self.document_slug = document_slug
        self.summits = summits
        self.session_slugs = session_slugs  # sessions the report tells of, drafted or recorded

    def add_all(self, meetings: list[dict], base: dt.date) -> None:
        paragraphs: dict[int, list[Sentence]] = {}
        for sentence in self.draft.report.sentences:
            paragraphs.setdefault(sentence.paragraph, []).append(sentence)
        self.origins = Origins(meetings)
        prefix = (
            ascii_slug(self.draft.publisher).upper()[:12].strip("-") or "REPORT"
        ) + f"-{self.draft.today:%Y%m%d}"
        number = 0
        prose = self.document.prose if self.document else set()
        for commitment in commitments_in(self.draft.report.sentences, base, prose):
            number += 1
            ref = f"{prefix}-{number}"
            while ref in self.draft.recorded.refs:
                number += 1
                ref = f"{prefix}-{number}"
            meeting = self._origin(commitment, meetings)
            summit = meeting["summit"] if meeting else None
            if summit is None and re.search(r"\bsummit\b", commitment.text, re.IGNORECASE):
                upcoming = [s for s in self.summits.found.values()]
                summit = upcoming[0].key if len(upcoming) == 1 else None
            if summit and meeting and self._made_at(summit, meeting):
                summit = self.summits.following(summit)
            due = commitment.due.value if commitment.due else None
            review = "drafted commitment: check its wording, link and due date"
            if due is None and summit:
                due = self.summits.date(summit)
                review += "; no deadline given: due by the summit it prepares"
            # "the AITIGA review" is about trade: read with the acronym's long form.
            title = expanded(commitment.title, self.draft.acronyms)
            sectors = sectors_in(title, self.draft.recorded.sectors)
            if not sectors:  # what its paragraph, or the meeting it came from, was about
                sectors = self.draft.sectors(paragraphs[commitment.sentence.paragraph])
            if not sectors and meeting and meeting.get("event"):
                sectors = self.draft.sectors(meeting["event"].sentences)
            sentences = [commitment.sentence]
            fields = {
                "ref": ref,
                "title": commitment.title,
                "text": commitment.text,
                "sectors": [[s] for s in sectors],
                "origin_meeting": [meeting["slug"]] if meeting else None,
                "paragraph": self._paragraph(commitment.sentence),
                "target_summit": list(summit) if summit else None,
                "due_start": due.start.isoformat() if due else None,
                "due_precision": due.precision.value if due else "",
                "priority": 2,
                "responsible": [
                    [self.draft.organisation(*r, sentences)] for r in commitment.responsible
                ],
            }
            self.draft.add("actionitem", fields, sentences, review)
            self.draft.cite("actionitemcitation", "action_item", [ref], sentences)
            as_of = min(self.draft.today, timezone.localdate()).isoformat()
            self.draft.add(
                "statusupdate",
                {
                    "action_item": [ref],
                    "as_of": as_of,
                    "sequence": 1,
                    "status": "not_assessed",
                    "note": f"Drafted from {self.draft.publisher}, {self.draft.today:%d %b %Y}.",
                },
                sentences,
            )
            self.draft.cite("statusupdateevidence", "status_update", [ref, as_of, 1], sentences)

    def _made_at(self, summit: tuple[str, int], meeting: dict) -> bool:
        """Whether a commitment was made at the summit itself (at a meeting held on or after
        its first day), not in the run-up to it: it is then followed up at the next one."""
        event = meeting.get("event")
        held = self.summits.date(summit)
        return bool(event and not event.planned and held and event.date.start >= held.start)

    def _origin(self, commitment: Commitment, meetings: list[dict]) -> dict | None:
        """The meeting a commitment came from: the one its sentence tells of, or the last
        meeting held before it in the report."""
        anchor = commitment.intro or commitment.sentence
        if self.session_slugs and re.search(
            r"\b(?:commission|session|committee)\b", commitment.text, re.IGNORECASE
        ):
            # "implementing decisions made during the commission": its session.
            slug = self.session_slugs[0]
            summit = (
                next(iter(self.summits.found.values())).key
                if len(self.summits.found) == 1
                else None
            )
            found = next((m for m in meetings if m["slug"] == slug), None)
            return found or {"slug": slug, "summit": summit}
        return self.origins.of(anchor, commitment.sentence)

    def _paragraph(self, sentence: Sentence) -> list | None:
        """The numbered paragraph of the outcome document a commitment is drawn from."""
        number = self.document.number_of(sentence) if self.document else None
        return [self.document_slug, number] if number else None
