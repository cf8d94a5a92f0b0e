"""Commitments a report records: what was agreed, by whom, by when.

"agreed to …", "pledged to …", "decided that … would …", "will …", numbered decisions
("1. The Department of Transport … shall finalise … by 31 January 2026"), the operative
paragraphs of a joint statement ("2. The Leaders agreed …") and targets ("$100 billion
by 2030"). A sentence with two commitments gives two, each with its own deadline. A
planned meeting, a journey or a description is not a commitment, and neither is what was
signed: `signed` drafts those as agreements.
"""

import datetime as dt
import re
from dataclasses import dataclass

from .dates import Found, dates_in
from .signed import is_signed_list
from .text import LIST_ITEM, Sentence

CUE = re.compile(
    r"\b(?:agreed|agree|agreeing|pledged|pledging|committed|undertook|resolved|decided|"
    r"will|would|shall|tasked|aims? to|aimed to|reaffirmed (?:a|the) (?:goal|target)|"
    r"set (?:a|the) target|adopted|underscored the importance of|emphasi[sz]ed the need to)\b"
)
# Introductions to a list of commitments: "The two sides agreed to:", "The BNC adopted the
# following decisions:", "The documents signed were:", "… exchange of documents including:".
_LIST_INTRO = re.compile(
    r"(?:agreed|decisions|decided|signed|documents|instruments|agreements|outcomes|including|"
    r"two sides|following)[^.]*:$",
    re.IGNORECASE,
)
# What follows a cue when no commitment is made: a meeting, a journey, an agenda.
_NOT_A_COMMITMENT = re.compile(
    r"^(?:\w+ly\s+)?(?:now\s+)?(?:hold|meet|convene|be held|take place|visit|attend|host|travel|"
    r"fly|go|arrive|review the implementation|also be|be attended|continue his|continue her)\b"
)
_SPLIT = re.compile(
    r",?\s+and\s+to\s+|,\s+to\s+|;\s+(?:to\s+)?|,\s+while\s+|\s+and\s+that\s+|,\s+and\s+(?=\w+\s+(?:will|would|shall)\b)"
)
_QUOTE = re.compile(r"[\"“][^\"”]*[\"”]")
_DEADLINE_WORD = re.compile(
    r"\b(?:by|before|until|till|within|no later than|in|from)\s+(?:the\s+)?$", re.IGNORECASE
)


# Who is to act: "The Department of Transport and Mozambique's Ministry of Transport and
# Logistics shall …", "The Ministry of Energy of Burkina Faso will …".
ORGANISATION = re.compile(
    r"(?:(?P<owner>[A-Z][\w-]+(?: [A-Z][\w-]+)?)['’]s\s+)?"
    r"(?P<name>(?:[A-Z][\w'’-]*\s+){0,4}?(?:Ministry|Department|Agency|Office|Service|Authority|"
    r"Board|Bank|Secretariat)(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'’-]*"
    r"(?:(?:,\s*|\s+and\s+|\s+&\s+|\s+of\s+|\s+)[A-Z][\w'’-]*)*)?)"
)


@dataclass
class Commitment:
    title: str
    text: str  # the whole sentence, as written
    sentence: Sentence
    due: Found | None
    intro: Sentence | None = None  # the sentence that introduced its list
    responsible: tuple[tuple[str, str | None], ...] = ()  # (name, owner as written)


def commitments_in(
    sentences: list[Sentence], base: dt.date, prose: set[int] = frozenset()
) -> list[Commitment]:
    """The commitments in a report's sentences. Paragraphs in `prose` are the numbered
    paragraphs of an outcome document: read as prose, not as list items."""
    found: list[Commitment] = []
    intro: Sentence | None = None
    for sentence in sentences:
        text = sentence.text
        if not sentence.listed or sentence.paragraph in prose:
            intro = sentence if _LIST_INTRO.search(text) else None
            if intro:
                continue
        elif intro is None or is_signed_list(intro):
            continue
        body = LIST_ITEM.sub("", text).strip()
        if sentence.listed and intro is not None and not CUE.search(body):
            found.append(_commitment(body, sentence, base, intro))
            continue
        unquoted = _QUOTE.sub(lambda m: " " * len(m.group(0)), body)
        cue = CUE.search(unquoted)
        if cue is None or body.endswith("?"):
            continue
        subject = body[: cue.start()].strip()
        responsible = tuple(
            (m.group("name"), m.group("owner")) for m in ORGANISATION.finditer(subject)
        )
        rest = body[cue.end() :]
        parts = [p for p in _SPLIT.split(rest) if p.strip()]
        for part in parts:
            linked = re.match(r"\s*(to|that)\s+", part) or re.match(r"\s*(to|that)\s+", rest)
            # "…, while Kenya will fast-track …": a part with its own subject and modal.
            own_subject = re.match(r"\s*[A-Z][\w’' –-]{0,60}?\s+(?:will|would|shall)\s+", part)
            # "agreed to eliminate …, to harmonise …": each infinitive keeps its "to".
            part = re.sub(r"^\s*(?:to|that)\s+", "", part).strip(" ,;.")
            clause = re.sub(r"^(?:[\w’' –-]{0,60}?\s+)?(?:will|would|shall)\s+", "", part)
            if _NOT_A_COMMITMENT.match(clause) or len(part.split()) < 3:
                continue
            if len(parts) == 1:
                title = body
            elif own_subject:
                title = part
            else:
                verb = f"{cue.group(0)} {linked.group(1)}" if linked else cue.group(0)
                title = f"{subject} {verb} {part}".strip()
            found.append(_commitment(title, sentence, base, intro, part, responsible))
    return found


def _commitment(
    title: str,
    sentence: Sentence,
    base: dt.date,
    intro: Sentence | None,
    part: str = "",
    responsible: tuple = (),
) -> Commitment:
    scope = part or title
    dates = dates_in(scope, base)
    due = next(
        (
            d
            for d in dates
            if _DEADLINE_WORD.search(scope[max(0, d.start - 20) : d.start])
            or d.text.lower().startswith(("within", "the end", "by"))
        ),
        None,
    )
    due = due or (dates[0] if dates else None)
    title = title.strip(" ;.")
    title = title[:1].upper() + title[1:]
    return Commitment(title[:300], sentence.text, sentence, due, intro, responsible)
