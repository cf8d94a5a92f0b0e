"""What in a sentence tells of a meeting, and who in it takes part.

The words that report a meeting ("held talks", "co-chaired the 27th Session", "spoke by
phone") and of what kind, the clauses of a sentence each tells of, what a clause names
the meeting (its name, summit or commission), and which people named in it took part.
The vocabulary is in `data/meeting_words.json`.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .bodies import BodyMention, SummitMention
from .dates import Found
from .names import PersonMention

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
    r"held(?= (?:the|a|an|their) (?:[\w–’'-]+ ){0,6}(?:summit|talks|meeting|consultations)\b)|"
    r"(?:will|would|to) hold its|"
    r"(?:will|would|to) hold an? (?:[\w-]+ ){0,3}(?:summit|meeting|talks)|"
    r"(?:will|would|to) meet|represented by)(?![\w-])",
    re.IGNORECASE,
)
_NOT_PARTICIPANT = re.compile(
    rf"(?:{_phrases(_WORDS['not_participant_before'])})\s*$", re.IGNORECASE
)
PAST = re.compile(
    r"\b(?:last met|previously met|first met|had met|previous|last visited|first visited|"
    r"recalled|recalling|in the past|ago|last held|last tripartite|were raised|was raised|"
    r"last meeting|previous meeting)\b",
    re.IGNORECASE,
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
GROUP = re.compile(
    r"\b(?:[Tt]he two|[Bb]oth|[Tt]he four|[Tt]he three|[Aa]ll three|[Aa]ll four) "
    r"(?:[Mm]inisters|[Ll]eaders|sides|"
    r"[Ff]oreign [Mm]inisters|[Pp]rime [Mm]inisters|[Pp]residents|co-chairs)\b|"
    r"^(?:The|the) (?:[Mm]inisters|[Ll]eaders|co-chairs)\b|\btheir (?:co-)?chairmanship\b|^They\b",
)
PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_JOINT = re.compile(
    r"\b(?:agreed|signed|discussed|reaffirmed|pledged|decided|exchanged views|reviewed)\b"
)
HOPED = re.compile(
    r"\b(?:a date to be agreed|at an early date|in the coming (?:months|weeks)|soon)\b"
)


@dataclass
class Trigger:
    start: int
    end: int
    kind: str
    referring: bool


def triggers_in(text: str) -> list[Trigger]:
    found: list[Trigger] = []
    for kind, pattern in _KINDS.items():
        for match in pattern.finditer(text):
            found.append(Trigger(match.start(), match.end(), kind, False))
    for match in _EVENT.finditer(text):
        if not any(t.start <= match.start() < t.end for t in found):
            found.append(Trigger(match.start(), match.end(), "talks", False))
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


def reported_in(text: str, quoted: list[tuple[int, int]]) -> list[Trigger]:
    """The triggers that report a meeting: not in a quote, not a body set up, not the past."""
    return [
        t
        for t in triggers_in(text)
        if not inside(t.start, quoted)
        and not _NOT_AN_EVENT.search(text[max(0, t.start - 80) : t.start])
        and not PAST.search(text[max(0, t.start - 30) : t.end])
    ]


def joint_subject(text: str, people: list[PersonMention]) -> Trigger | None:
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
    return Trigger(verb.start(), verb.end(), "talks", False)


def clauses(text: str, triggers: list[Trigger], dates: list[Found]):
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
        alone = not own and not GROUP.search(region) and not PRONOUN.search(region)
        if own or not merged:
            if alone and index + 1 < len(parts) and not merged:
                pending = part  # "… was preceded in Maputo by a" + "Meeting on 22 September"
                continue
            merged.append(part)
        else:
            if HOPED.search(region) or re.match(r"(?:would|will|shall)\b", region):
                continue  # "and that the ministers would meet at a date to be agreed"
            merged[-1][1] = part[1]
            merged[-1][2] += part[2]
    if pending is not None:
        merged.append(pending)
    return [tuple(part) for part in merged]


def kind_of(region: str, triggers: list[Trigger]) -> str:
    kinds = {t.kind for t in triggers}
    if kinds & {"call", "video"} or _KINDS["call"].search(region) or _KINDS["video"].search(region):
        return "call"
    if kinds <= {"visit"} and not re.search(r"\bmet\b|\btalks\b|\bmeet\b", region):
        return "visit"
    return "bilateral"


def name_in(region: str) -> str:
    named = re.search(
        r"((?:[A-Z][\w'’-]*\s+){1,6}(?:Meeting|Session|Forum|Dialogue|Consultations))\b", region
    )
    return named.group(1).strip() if named else ""


def summit_of(summits: list[SummitMention]) -> SummitMention | None:
    return next((s for s in summits if s.name or s.number), None)


def body_of(bodies: list[BodyMention], kind: str) -> BodyMention | None:
    with_session = [b for b in bodies if b.session]
    if with_session:
        return with_session[0]
    groups = [
        b
        for b in bodies
        if re.search(r"working group|sub-group|task force|committee", b.name, re.IGNORECASE)
    ]
    return groups[0] if groups and kind != "call" else None


def participant(mention: PersonMention, text: str, quoted, speaking=False) -> bool:
    if inside(mention.start, quoted):
        return False
    after = text[mention.end : mention.end + 30]
    if after[:2] in ("'s", "’s") and not re.match(
        r"..\s+(?:\w+\s+)?(?:meeting|talks|visit|call)", after
    ):
        return False  # "Merz's predecessor", but "Modi's meeting with …"
    if not speaking and re.match(r",?\s+(?:told|said|says|added|noted|stressed)\b", after):
        return False  # who spoke of it, not necessarily who met
    return not _NOT_PARTICIPANT.search(text[max(0, mention.start - 60) : mention.start])


def inside(position: int, spans) -> bool:
    return any(s <= position < e for s, e in spans)
