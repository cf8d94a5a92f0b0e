"""A report's text: cleaned, cut into paragraphs and sentences, with its own details.

Every sentence keeps its offsets in the stored text (the source record's `text`), so a
review page can highlight exactly what each drafted record was read from.
"""

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..fuzzydates import FuzzyDate

DATA = Path(__file__).resolve().parent.parent / "data"

# Words after which a full stop does not end a sentence: honorifics, initials, months.
ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "gen",
        "lt",
        "col",
        "st",
        "no",
        "sr",
        "jr",
        "vs",
        "smt",
        "hon",
        "rt",
        "mt",
        "ft",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "e.g",
        "i.e",
        "approx",
    ]
)
# …and every honorific written with a full stop ("Amb.", "Engr.", "Hon.").
ABBREVIATIONS |= {
    h.rstrip(".").lower()
    for h in json.loads((DATA / "titles.json").read_text(encoding="utf-8"))["honorifics"]
    if h.endswith(".") and " " not in h
}
# A list item or a numbered decision is a sentence of its own: "1.", "(ii)", "–", "-".
LIST_ITEM = re.compile(r"^\s*(?:\(?[0-9ivx]{1,4}[.)]|[-–—•*·])\s+", re.IGNORECASE)
MAX_SENTENCE = 600  # characters; real sentences are shorter
_SENTENCE_END = re.compile(r"[.!?;:][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9À-ÖØ-Þ])")
# C0 and C1 controls (the import refuses them in text), and marks that hide or reorder text.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offsets in the stored text
    end: int
    paragraph: int
    index: int
    listed: bool = False  # a list item: its subject is the paragraph that introduced the list


@dataclass(frozen=True)
class Dateline:
    place: str  # as written: "SANTIAGO", "Hanoi"
    publisher: str | None
    date_text: str | None  # "March 4", "18 February 2027"
    end: int = 0  # where it ends in the stored text: the report proper starts there


@dataclass
class Report:
    text: str  # what the source record stores: paragraphs separated by blank lines
    paragraphs: list[tuple[int, str]]  # (offset, paragraph)
    sentences: list[Sentence]
    published: dt.date | None
    dateline: Dateline | None


def cleaned(text: str) -> str:
    """Text any database takes: no NUL or control characters, no lone surrogates."""
    text = text.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(text) else text
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub(" ", text)


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def report_read(raw: str) -> Report:
    lines = cleaned(raw).split("\n")
    published, date_line = date_line_of(lines)
    if date_line is not None:
        del lines[date_line]
    # Paragraphs: blank lines part them, and each list item stands alone.
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip() or LIST_ITEM.match(line):
            if current:
                paragraphs.append(" ".join(current))
            current = [] if not line.strip() else [line]
            continue
        current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    paragraphs = [" ".join(p.split()) for p in paragraphs if p.strip()]
    text = "\n\n".join(paragraphs)
    placed, offset = [], 0
    for paragraph in paragraphs:
        placed.append((offset, paragraph))
        offset += len(paragraph) + 2
    sentences: list[Sentence] = []
    for number, (offset, paragraph) in enumerate(placed):
        listed = bool(LIST_ITEM.match(paragraph))
        for start, end in _sentence_spans(paragraph):
            sentences.append(
                Sentence(
                    paragraph[start:end],
                    offset + start,
                    offset + end,
                    number,
                    len(sentences),
                    listed,
                )
            )
    return Report(text, placed, sentences, published, _dateline(placed))


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.start() + 1
        if paragraph[match.start()] in ";:" and not LIST_ITEM.match(paragraph):
            continue  # only list items end at a semicolon; prose runs on
        word = re.search(r"([\w.]+)\W*$", paragraph[max(start, end - 12) : end])
        if paragraph[match.start()] == "." and word:
            last = word.group(1).rstrip(".").lower()
            if last in ABBREVIATIONS or len(last) == 1 or last.count(".") >= 1:
                continue  # "Dr. S. Jaishankar", "Nov. 19", "U.S. dollars"
        spans.append((start, match.end()))
        start = match.end()
    if paragraph[start:].strip():
        spans.append((start, len(paragraph)))
    spans = [piece for span in spans for piece in _bounded(paragraph, *span)]
    return [(s, e - (len(paragraph[s:e]) - len(paragraph[s:e].rstrip()))) for s, e in spans]


def _bounded(paragraph: str, start: int, end: int) -> list[tuple[int, int]]:
    """A "sentence" longer than any real one (a pasted table, a run-on) cut at a comma or
    a space, so every later stage works on pieces of bounded length: linear in the text."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = max(
            paragraph.rfind(", ", start, start + MAX_SENTENCE),
            paragraph.rfind(" ", start, start + MAX_SENTENCE),
        )
        cut = cut + 1 if cut > start else start + MAX_SENTENCE
        pieces.append((start, cut))
        start = cut
    return [*pieces, (start, end)]


def date_line_of(lines: list[str]) -> tuple[dt.date | None, int | None]:
    """The date line ("date 2025-11-20", "Published: 20 November 2025") and its index."""
    for index, line in enumerate(lines[:5]):
        match = re.match(r"\s*(?:date|published|dated)\b\s*[:\-]?\s*(.+)$", line, re.IGNORECASE)
        if match:
            try:
                return FuzzyDate.parse(match.group(1).strip()).start, index
            except ValueError:
                continue
    return None, None


# "SANTIAGO, March 4 (Xinhua) --", "Hanoi (VNA) –", "PORTO ALEGRE, Brazil, Nov 9 (Reuters) -",
# "ANTALYA, Türkiye", "Brussels, 18 February 2027".
_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-Þ][\w’'.\- ]{1,40}?)"
    r"(?:,\s*(?P<country>[A-ZÀ-Þ][\w’' ]{1,30}?))??"
    r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})(?:[,/]? ?\d{4})?|"
    r"\d{1,2}\.\d{1,2}\.\d{4}))?"
    r"\s*(?:\((?P<publisher>[^()]{2,40})\))?\s*(?:\.?--|\.?[-–—]|:)\s+"
)


def _dateline(paragraphs: list[tuple[int, str]]) -> Dateline | None:
    for offset, paragraph in paragraphs[:2]:
        match = _DATELINE.match(paragraph)
        if match and (
            match.group("publisher") or match.group("place").isupper() or match.group("date")
        ):
            place, publisher, date = match.group("place", "publisher", "date")
            return Dateline(place, publisher, date, offset + match.end())
        parts = [p.strip() for p in re.split(r"\s+[-–—|]\s+", paragraph)]
        if 2 <= len(parts) <= 4 and len(paragraph) < 120 and re.search(r"\d{4}", parts[0]):
            # "January 21, 2027 - Ottawa, Ontario - Global Affairs Canada"
            publisher = parts[2] if len(parts) > 2 else None
            return Dateline(parts[1].split(",")[0], publisher, parts[0], offset + len(paragraph))
        # A line of its own: "ANTALYA, Türkiye" or "Brussels, 18 February 2027".
        short = re.fullmatch(
            r"(?P<place>[A-ZÀ-Þ][\w’'.\- ]{1,40}?),\s*(?P<rest>[\w ,]{2,40})", paragraph
        )
        if short and (short.group("place").isupper() or re.search(r"\d{4}", short.group("rest"))):
            date = short.group("rest") if re.search(r"\d", short.group("rest")) else None
            return Dateline(short.group("place"), None, date, offset + len(paragraph))
    return None


# Who published it: "(Reuters)", "— Xinhua", "Based On PTI Report", "Source: Ministry of …",
# "Issued by the Department of …", a last line naming an agency alone ("VNA").
_CREDITS = [
    re.compile(r"\bbased on (?:an? )?(?P<name>[A-Z][\w&.\- ]{0,40}?) reports?\b", re.IGNORECASE),
    re.compile(
        r"(?:^|[.(]\s*)(?:source|issued by|released by|courtesy)\s*:?\s+(?:the\s+)?"
        r"(?P<name>[^\n;]{2,120})",
        re.IGNORECASE,
    ),
    re.compile(r"^[—–-]+\s*(?P<name>[A-Z][\w&.\- ]{1,40})$"),
    re.compile(r"^\((?P<name>[A-Z][\w&.\- ]{1,30})\)$"),
]


def publisher_of(report: Report) -> str | None:
    paragraphs = [p for _, p in report.paragraphs]
    for paragraph in reversed(paragraphs[-3:]):
        for pattern in _CREDITS:
            match = pattern.search(paragraph)
            if match:
                # "Ministry of External Affairs, New Delhi": the name before its place.
                name = match.group("name").split(",")[0].strip().rstrip(".")
                return name.rstrip(")") if name.count(")") > name.count("(") else name
        if re.fullmatch(r"[A-Z]{2,8}", paragraph):
            return paragraph
    if report.dateline and report.dateline.publisher:
        return report.dateline.publisher
    for paragraph in paragraphs:
        match = re.search(r"\(([A-Z][A-Za-z]{1,12})\)\s*[-–—:]", paragraph)
        if match:
            return match.group(1)
    return None
