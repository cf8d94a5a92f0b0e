"""Summits and standing bodies a report names: their editions, sessions and status.

"the 24th India-Russia Annual Summit", "a Mercosur leaders' summit", "the fifth
Jordanian-Egyptian-Iraqi tripartite summit … has been cancelled"; "the 27th Session of
the … Commission (IRIGC-TEC)", "the thirty-second session", "a Working Group on …".
Numbers come in digits or words.
"""

import functools
import re
from dataclasses import dataclass

from anyascii import anyascii

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS_TH = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60}
ORDINAL = (
    r"(?i:\d{1,3}(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy)[- ])?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|thirtieth|fortieth|fiftieth|sixtieth)"
)


def ordinal_value(text: str) -> int | None:
    word = text.lower().strip()
    digits = re.match(r"(\d+)", word)
    if digits:
        return int(digits.group(1))
    if word in _TENS_TH:
        return _TENS_TH[word]
    if word in _TEENS:
        return 10 + _TEENS.index(word)
    parts = re.split(r"[- ]", word)
    tens = _TENS.get(parts[0], 0) if len(parts) == 2 else 0
    unit = parts[-1]
    return tens + _UNITS.index(unit) + 1 if unit in _UNITS else None


_CAP = r"[A-ZÀ-ÞĀ-ỹ][\w’'.&]*(?:[–-][A-ZÀ-ÞĀ-ỹ][\w’'.&]*)*"
SUMMIT = re.compile(
    rf"(?:(?P<ordinal>{ORDINAL})\s+)?"
    rf"(?P<name>(?:{_CAP}(?:\s*[–-]\s*{_CAP}|\s+{_CAP})*\s+)?(?:(?:annual|tripartite|trilateral|"
    r"bilateral|leaders['’]?|heads of state|[Aa]nnual|Leaders['’]?)\s+)*)"
    r"(?P<word>[Ss]ummit)\b"
    r"(?:\s+between\s+(?P<between>(?:the\s+)?[A-Z][\w ]+?\s+and\s+(?:the\s+)?[A-Z][\w ]+?)"
    r"(?=\s+(?:was|is|will|in|on|at)\b|[,.]))?"
)
_BODY_HEAD = (
    r"(?:Inter-?[Gg]overnmental\s+|Joint\s+|Bi-?[Nn]ational\s+|Binational\s+|Higher\s+|High-Level\s+)*"
    r"(?:Commission|Committee|Cabinet|Council|Consultations|Dialogue|Working Group|Sub-Group|"
    r"Subgroup|Task Force|Mechanism)(?!\s+(?:Secretary|Minister|Member|Office|Decision))"
)
BODY = re.compile(
    rf"(?P<name>(?:{_CAP}(?:\s*[–-]\s*{_CAP})*\s+(?:(?:and|of|on|for)\s+(?={_CAP}))?)*"
    rf"{_BODY_HEAD}"
    rf"(?:\s+(?:on|for|of)\s+(?:the\s+)?{_CAP}(?:,?\s+(?:and\s+|&\s+)?{_CAP})*)?)"
    r"(?:\s*\((?P<acronym>[A-Z][\w-]{1,15})\))?"
)
# Lower-case bodies named by what they cover: "the working group on cross-border
# infrastructure", "the joint technical committee on the Basra-Aqaba oil pipeline".
BODY_LOWER = re.compile(
    r"\b(?P<name>(?:joint\s+)?(?:technical\s+)?(?:working group|committee|sub-group|task force)"
    r"\s+on\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,5}?)(?=[,;.]|\s+(?:which|that|met|will|would|is|was|whose|under|to|within|by|in|at|"
    r"before|for|from|on|later|earlier|next|this|soon)\b)"
)
SESSION = re.compile(
    rf"\b(?P<ordinal>{ORDINAL})\s+(?:[Mm]inisterial\s+|[Pp]lenary\s+)?"
    r"(?P<unit>[Ss]ession|[Mm]eeting|[Rr]ound|[Ee]dition)\b(?:\s+of\s+(?:the\s+|their\s+|its\s+)?)?",
    re.IGNORECASE,
)
ITS_SESSION = re.compile(
    rf"\b(?:its|their)\s+(?:(?P<ordinal>{ORDINAL})|next|first)\s+(?:[Mm]inisterial\s+)?"
    r"(?:session|meeting|round)\b",
    re.IGNORECASE,
)
_CANCELLED = re.compile(r"\b(?:cancel(?:l?ed|s|l?ing)?|called off|scrapped)\b", re.IGNORECASE)
_POSTPONED = re.compile(
    r"\b(?:postpone[ds]?|postponing|delay(?:ed)?|put off|deferred|rescheduled)\b", re.IGNORECASE
)


@dataclass
class SummitMention:
    start: int
    end: int
    text: str
    name: str  # the series as written: "India-Russia Annual Summit"
    number: int | None


@dataclass
class BodyMention:
    start: int
    end: int
    name: str
    acronym: str
    session: int | None = None  # "the 27th Session of the …"


_MECHANISM = re.compile(
    r"Joint|Working Group|Sub-?[Gg]roup|Task Force|[Tt]echnical [Cc]ommittee|working group|"
    r"task force|sub-group|[A-Z][\w’']+\s*[–-]\s*[A-Z][\w’']+|Bi-?[Nn]ational|Binational|"
    r"Inter-?[Gg]overnmental|High-Level|Higher"
)


def is_mechanism(name: str) -> bool:
    """A body two or more countries share (a commission, a working group), not a
    national institution ("People's Committee", "European Council")."""
    return bool(_MECHANISM.search(name))


def _around(pattern: re.Pattern, anchor: re.Pattern, text: str, reach: int = 160):
    """Matches of `pattern` that contain a match of `anchor`, searched only near it: the
    long patterns for names stay linear in the text however it is made."""
    seen: set[tuple[int, int]] = set()
    for hit in anchor.finditer(text):
        start = max(0, hit.start() - reach)
        for match in pattern.finditer(text, start, min(len(text), hit.end() + reach)):
            if match.start() <= hit.start() < match.end() and match.span() not in seen:
                seen.add(match.span())
                yield match


_SUMMIT_WORD = re.compile(r"[Ss]ummit\b")
_BODY_WORD = re.compile(
    r"Commission|Committee|Cabinet|Council|Consultations|Dialogue|Working Group|Sub-Group|"
    r"Subgroup|Task Force|Mechanism|working group|committee|sub-group|task force"
)


@functools.lru_cache(maxsize=512)
def summits_in(text: str) -> list[SummitMention]:
    """Summits a sentence names (the stages ask often; the answer is kept: do not change it)."""
    found = []
    for match in _around(SUMMIT, _SUMMIT_WORD, text):
        name = " ".join(match.group("name").split())
        name = re.sub(r"^(?:the|a|an|this|next|last|first)(?:\s+|$)", "", name, flags=re.IGNORECASE)
        number = ordinal_value(match.group("ordinal")) if match.group("ordinal") else None
        written = re.match(rf"({ORDINAL})\s+", name)
        if written and number is None:  # "The Ninth Mexico-Canada Leaders' Summit"
            number, name = ordinal_value(written.group(1)), name[written.end() :]
        if match.group("between"):
            parties = re.split(r"\s+and\s+", match.group("between"))
            parties = [re.sub(r"^(?:the\s+)?(?:Republic of\s+)?", "", p.strip()) for p in parties]
            name = "-".join(parties) + (" " + name if name else "")
        name = re.sub(r"\bleaders['’]?\s*", "", name, flags=re.IGNORECASE).strip()
        if not name or not re.search(r"[A-Z]", name):
            name = ""
        series = f"{name} Summit".strip() if name else ""
        found.append(SummitMention(match.start(), match.end(), match.group(0), series, number))
    return found


@functools.lru_cache(maxsize=512)
def bodies_in(text: str) -> list[BodyMention]:
    """Commissions and other bodies a sentence names (kept like `summits_in`)."""
    found: list[BodyMention] = []
    for pattern in (BODY, BODY_LOWER):
        for match in _around(pattern, _BODY_WORD, text):
            name = " ".join(match.group("name").split()).rstrip(".")
            name = re.sub(r"^(?:The|A|An)\s+", "", name)
            start = match.start("name") + match.group("name").find(name.split()[0])
            if any(b.start <= start < b.end for b in found):
                continue
            if re.match(rf"^{ORDINAL}\s", name, re.IGNORECASE):
                name = name.split(None, 1)[1]  # "Fifth Session of …" is read by SESSION
            name = re.sub(rf"^(?:{ORDINAL})\s+", "", name, flags=re.IGNORECASE)
            name = re.sub(r"^(?:Session|Meeting|Round)\s+of\s+(?:the\s+)?", "", name)
            acronym = match.groupdict().get("acronym") or ""
            if is_mechanism(name):
                found.append(BodyMention(start, match.end(), name, acronym))
    for body in found:
        before = text[max(0, body.start - 60) : body.start]
        session = list(SESSION.finditer(before))
        if session and session[-1].end() >= len(before) - 1:
            body.session = ordinal_value(session[-1].group("ordinal"))
            continue
        ordinal = re.search(rf"\b({ORDINAL})\s+(?:the\s+)?$", before, re.IGNORECASE)
        if ordinal:
            body.session = ordinal_value(ordinal.group(1))
            continue
        its = ITS_SESSION.search(text, body.end, body.end + 60)
        if its and its.group("ordinal"):
            body.session = ordinal_value(its.group("ordinal"))
    return found


def summit_status(text: str) -> str | None:
    if _CANCELLED.search(text):
        return "cancelled"
    if _POSTPONED.search(text):
        return "postponed"
    return None


def series_key(name: str) -> str:
    """A series name compared loosely: case, dashes, "EU" for "European Union", word order."""
    text = anyascii(name).lower().replace("european union", "eu")
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(sorted(w for w in words if w not in ("the", "of", "republic", "summit")))
