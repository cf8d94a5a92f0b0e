"""Draft a report fixture from a plain-text news report, for an analyst to review.

Deterministic and offline: patterns for dates, titles and summit names, the people,
places, summits and commissions already recorded, and two vocabularies kept as data
(`data/sector_keywords.json`, `data/gazetteer.json`). Every drafted record carries a
"draft" note with the sentence it came from and what to check; `import_report` shows
those notes as review warnings. Records already in the database are referred to, not
drafted again, so a draft never overwrites what an analyst curated: it adds the new
report as a source (a citation) instead.
"""

import calendar
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from ..fuzzydates import FuzzyDate, Precision
from ..models import (
    ActionItem,
    Commission,
    Country,
    Meeting,
    Person,
    Place,
    Source,
    Status,
    Summit,
    SummitSeries,
)

DATA = Path(__file__).resolve().parent.parent / "data"

# Words that make a sentence a meeting, and the kind of meeting they make.
MEETING_VERBS = [
    (
        r"held (?:phone|telephone) talks|(?:phone|telephone|video) call|spoke (?:by phone )?with",
        "call",
    ),
    (r"inaugurated|opened|paid homage|laid a wreath|visited|toured", "visit"),
    (
        r"met(?! expectations)|meets|meeting with|held talks|holds talks|talks with|"
        r"co-chaired|received|hosted|held a meeting|bilateral meeting",
        "bilateral",
    ),
]
# Words that make a sentence a commitment to follow up.
COMMITMENT = re.compile(
    r"\b(?:agreed to|agreed on|will\b|committed to|pledged to|decided to|resolved to|"
    r"undertook to|signed|underscored the importance of implementing|"
    r"emphasi[sz]ed the need to)",
)
# "aide to President Putin", "visit of President Lula": named, but not taking part.
NOT_A_PARTICIPANT = re.compile(r"\b(?:to|of|for|from)\s+$")
CONTINUES = re.compile(
    r"^(?:During|At) the (?:meeting|talks|call|visit)|^Both|^They\b|^The (?:meeting|talks|"
    r"leaders|two sides|two leaders|ministers|sides)\b|^This (?:engagement|meeting|visit|"
    r"interaction|call)|^Key areas|discussed|^In the talks"
)
TITLE = (
    r"(?:(?:First|Deputy|Vice|Acting|Senior|Chief|Prime)\s+)*"
    r"(?:Prime Minister|President|Vice President|Premier|Chancellor|Foreign Minister|"
    r"Foreign Secretary|External Affairs Minister|State Councillor|"
    r"(?:Defen[cs]e|Finance|Trade|Commerce|Energy|Home|Interior|Economy|Industry|"
    r"Agriculture|Health|Education|Economic Development) Minister|"
    r"Minister of (?:Foreign|External) Affairs|Minister of (?:Commerce and Industry|Defen[cs]e|"
    r"Finance|Trade|Energy|Economy)|Minister|Secretary of State|Secretary|"
    r"National Security Adviser|Ambassador|Governor|Mayor|Chairman|Chairwoman|King|Queen|"
    r"Crown Prince|Emir|Sultan)"
)
# A capitalised word; an apostrophe only inside a name (O'Brien), not "Modi's".
NAME_WORD = r"[A-Z][a-zA-Z\u00C0-\u024F\-]+(?:['’][A-Z][a-zA-Z\-]+)?"
NAME = (
    rf"((?:Dr\.?\s+)?(?:(?:[A-Z]\.?\s+)+{NAME_WORD}|{NAME_WORD}"
    rf"(?:\s+(?:(?:da|de|do|dos|van|von|bin|al)\s+)?{NAME_WORD}){{1,3}}))"
)
APPOSITIVE = re.compile(
    rf"{NAME},\s+((?:the\s+)?(?:an?\s+)?(?:aide|adviser|advisor|envoy|chairman|chair|head|"
    r"minister|secretary|ambassador|governor|spokesperson|president|director|chief)\b[^,.;]{0,120})"
)
ABBREVIATIONS = {
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
}


@dataclass
class _Found:
    start: int
    end: int
    text: str
    value: Any = None
    note: str = ""
    relative: bool = False  # "earlier", "next year": read against the report's date


@dataclass
class _Sentence:
    text: str
    paragraph: int


@dataclass
class _Vocabulary:
    """What the database and the data files know, read once per draft."""

    people: list[dict]
    places: dict[str, tuple[str, str | None]]  # name → (slug or "", country ISO)
    countries: dict[str, str]  # name or demonym → ISO
    country_names: dict[str, str]  # ISO → name
    sectors: dict[str, list[str]]
    taken: dict[str, set[str]] = field(default_factory=dict)  # model → slugs in the database


def _vocabulary() -> _Vocabulary:
    gazetteer = json.loads((DATA / "gazetteer.json").read_text(encoding="utf-8"))
    sectors = json.loads((DATA / "sector_keywords.json").read_text(encoding="utf-8"))
    sectors.pop("_comment", None)
    country_names = dict(Country.objects.values_list("iso2", "name"))
    countries = {name: iso for iso, name in country_names.items()}
    for iso, names in gazetteer["country_names"].items():
        countries.update(dict.fromkeys(names, iso))
    countries.update(gazetteer["demonyms"])
    countries = {name: iso for name, iso in countries.items() if iso in country_names}
    places = {name: ("", iso) for name, iso in gazetteer["cities"].items() if iso in country_names}
    for slug, name, iso in Place.objects.values_list("slug", "name", "country__iso2"):
        places[name] = (slug, iso)
    people = []
    for person in Person.objects.values("slug", "name", "aliases", "title", "country__iso2"):
        variants = [person["name"], *[a.strip() for a in person["aliases"].splitlines()]]
        people.append({**person, "variants": [v for v in variants if v]})
    return _Vocabulary(people, places, countries, country_names, sectors)


# Text ----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return " ".join(text.split())


def _sentences(paragraphs: list[str]) -> list[_Sentence]:
    out = []
    for number, paragraph in enumerate(paragraphs):
        start = 0
        for match in re.finditer(r"[.!?][\"”’)]*\s+(?=[A-Z\"“‘(0-9])", paragraph):
            word = re.search(r"(\w+)\W*$", paragraph[start : match.start() + 1])
            if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
                continue  # "Dr. S Jaishankar", "Nov. 19", an initial
            out.append(_Sentence(paragraph[start : match.end()].strip(), number))
            start = match.end()
        if paragraph[start:].strip():
            out.append(_Sentence(paragraph[start:].strip(), number))
    return out


def _words(names: list[str]) -> re.Pattern:
    """One pattern that finds any of `names` as whole words, longest first."""
    variants = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not variants:
        return re.compile(r"(?!x)x")
    parts = [re.escape(v).replace(r"\.", r"\.?").replace(r"\ ", r"\s+") for v in variants]
    return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


# Dates ---------------------------------------------------------------------------------

_MONTH_NAMES = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
_MONTH_NAMES["sept"] = 9
_MONTH = (
    r"(?P<month>"
    + "|".join(sorted({name.capitalize() for name in _MONTH_NAMES}, key=len, reverse=True))
    + r")\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_THIRD = r"(?P<third>early|mid|late|the (?:beginning|middle|end) of|(?:beginning|middle|end) of)"
_DATE_PATTERNS = [
    (rf"\b{_THIRD}[\s-]+{_MONTH}(?:,?\s+{_YEAR})?\b", "third"),
    (rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", "day"),
    (rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", "day"),
    (r"\b(?:Q(?P<q>[1-4])|(?P<qword>first|second|third|fourth) quarter of)\s+" + _YEAR, "quarter"),
    (rf"\b(?:in|by|during|until|from|since|of)\s+{_MONTH}(?:,?\s+{_YEAR})?\b", "month"),
    (rf"\b{_MONTH}\s+{_YEAR}\b", "month"),
    (rf"\b(?:in|by|during|until|for|since)\s+{_YEAR}\b", "year"),
    (
        r"\b(?P<rel>later this month|earlier this month|this month|next month|last month|"
        r"next year|this year|last year|earlier|yesterday|next week|last week|"
        r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
        "relative",
    ),
]
_THIRD_OF = {"early": "early", "mid": "mid", "late": "late"}
_THIRD_OF |= {"the beginning of": "early", "beginning of": "early"}
_THIRD_OF |= {"the middle of": "mid", "middle of": "mid", "the end of": "late", "end of": "late"}


def _nearest_year(month: int, day: int, today: dt.date) -> int:
    """A month named without a year: the one nearest the report's date."""
    candidates = [today.year - 1, today.year, today.year + 1]
    return min(candidates, key=lambda y: abs((dt.date(y, month, min(day, 28)) - today).days))


def _third_of(day: dt.date) -> Precision:
    return (
        Precision.EARLY_MONTH
        if day.day <= 10
        else (Precision.MID_MONTH if day.day <= 20 else Precision.LATE_MONTH)
    )


def _relative(phrase: str, today: dt.date) -> tuple[FuzzyDate, str]:
    phrase = phrase.lower()
    first = today.replace(day=1)
    if phrase == "later this month":
        if today.day >= 20:  # what is left of the month is its last third
            return FuzzyDate(first, Precision.LATE_MONTH), ""
        return FuzzyDate(first, Precision.MONTH), ""
    if phrase in ("earlier this month", "earlier"):
        # The report's own third of the month: "earlier" is usually the same visit.
        return FuzzyDate(today, _third_of(today)), f"“{phrase}” read as the report's days"
    if phrase == "this month":
        return FuzzyDate(first, Precision.MONTH), ""
    if phrase in ("next month", "last month"):
        step = 32 if phrase == "next month" else -1
        return FuzzyDate((first + dt.timedelta(days=step)).replace(day=1), Precision.MONTH), ""
    if phrase in ("next year", "this year", "last year"):
        year = today.year + {"next year": 1, "this year": 0, "last year": -1}[phrase]
        return FuzzyDate(dt.date(year, 1, 1), Precision.YEAR), ""
    if phrase == "yesterday":  # not "today": "the relevance of his ideals today"
        return FuzzyDate(today - dt.timedelta(days=1)), ""
    if phrase in ("next week", "last week"):
        day = today + dt.timedelta(days=7 if phrase == "next week" else -7)
        return FuzzyDate(day, _third_of(day)), f"“{phrase}” read as a third of a month"
    weekday = list(calendar.day_name).index(phrase.split()[1].capitalize())
    day = today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    return FuzzyDate(day), f"“{phrase}” read as the last such day before the report"


def find_dates(text: str, today: dt.date) -> list[_Found]:
    """Dates a sentence gives, as fuzzy dates, resolved against the report's date."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _DATE_PATTERNS:
        for match in re.finditer(pattern, text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            try:
                date, note = _date_of(match, kind, today)
            except (ValueError, KeyError):
                continue  # "February 30": not a date
            taken.append(match.span())
            found.append(
                _Found(match.start(), match.end(), match.group(0), date, note, kind == "relative")
            )
    return sorted(found, key=lambda f: f.start)


def _date_of(match: re.Match, kind: str, today: dt.date) -> tuple[FuzzyDate, str]:
    groups = match.groupdict()
    if kind == "relative":
        return _relative(groups["rel"], today)
    if kind == "quarter":
        quarter = (
            int(groups["q"])
            if groups["q"]
            else ["first", "second", "third", "fourth"].index(groups["qword"]) + 1
        )
        return FuzzyDate(dt.date(int(groups["year"]), quarter * 3 - 2, 1), Precision.QUARTER), ""
    if kind == "year":
        return FuzzyDate(dt.date(int(groups["year"]), 1, 1), Precision.YEAR), ""
    month = _MONTH_NAMES[groups["month"].lower()]
    day = int(groups.get("day") or 1)
    note = ""
    if groups.get("year"):
        year = int(groups["year"])
    else:
        year = _nearest_year(month, day, today)
        note = f"year {year} assumed"
    if kind == "day":
        return FuzzyDate(dt.date(year, month, day)), note
    if kind == "third":
        return FuzzyDate(dt.date(year, month, 1), _THIRD_OF[groups["third"]]), note
    return FuzzyDate(dt.date(year, month, 1), Precision.MONTH), note


# The report's own details ---------------------------------------------------------------


def _report_date(lines: list[str]) -> tuple[dt.date | None, int | None]:
    """The date line ("date 2025-11-20", "Published: 20 November 2025") and its index."""
    for index, line in enumerate(lines[:5]):
        match = re.match(r"\s*(?:date|published|dated)\b\s*[:\-]?\s*(.+)$", line, re.IGNORECASE)
        if match:
            try:
                return FuzzyDate.parse(match.group(1)).start, index
            except ValueError:
                continue
    return None, None


def _publisher(text: str) -> str | None:
    match = re.search(
        r"\b(?:based on|source:)\s+(?:an?\s+)?([A-Z][\w&.\- ]{0,40}?)\s+report\b",
        text,
        re.IGNORECASE,
    )
    if match:
        return match.group(1).strip()
    match = re.search(r"\(([A-Z][A-Za-z]{1,12})\)\s*[-–—:]", text)
    return match.group(1) if match else None


# The drafter ----------------------------------------------------------------------------


class _Drafter:
    def __init__(
        self,
        text: str,
        publisher: str | None,
        published: dt.date | None,
        source_url: str,
        title: str | None,
    ) -> None:
        self.vocabulary = _vocabulary()
        # Control characters (NUL above all) are no part of a report and no database takes NUL.
        text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text.replace("\r\n", "\n"))
        lines = text.split("\n")
        date, date_line = _report_date(lines)
        if date_line is not None:
            del lines[date_line]
        self.notes_on_source = []
        if published is None and date is None:
            self.notes_on_source.append("no date line found: publication date set to today")
        self.today = published or date or timezone.localdate()
        body = "\n".join(lines)
        self.paragraphs = [_clean(p) for p in re.split(r"\n\s*\n", body) if _clean(p)]
        self.sentences = _sentences(self.paragraphs)
        found_publisher = _publisher(body)
        if not publisher and not found_publisher:
            self.notes_on_source.append("publisher not named in the text: give it")
        self.publisher = (publisher or found_publisher or "Unknown publisher")[:200]
        self.source_url = source_url
        self.title = title
        self.records: list[dict] = []
        self.keys: dict[str, set] = {}
        self.drafted_people: dict[str, dict] = {}  # slug → person (new ones)
        self.long_names: list[str] = []  # commissions' full names
        self.cited: set[tuple] = set()

    # Output helpers -------------------------------------------------------------------

    def add(self, model: str, fields: dict, sentence: str = "", review: str = "") -> None:
        if model.endswith("citation"):
            # One citation per record and source: the first sentence that supports it.
            key = (model, *(json.dumps(v) for k, v in fields.items() if k != "quote"))
            if key in self.cited:
                return
            self.cited.add(key)
        draft = {k: v for k, v in (("sentence", sentence), ("review", review)) if v}
        self.records.append({"model": f"summits.{model}", "fields": fields, "draft": draft})

    def free_slug(self, model: type, text: str, max_length: int = 50) -> str:
        """A slug for a new record: not already taken in the database or this draft."""
        taken = self.vocabulary.taken.setdefault(
            model.__name__, set(model.objects.values_list("slug", flat=True))
        )
        base = slugify(re.sub(r"[–—]", "-", text))[:max_length].strip("-")
        if not base:
            base = f"{model.__name__.lower()}-{hashlib.sha1(text.encode()).hexdigest()[:8]}"
        slug, number = base, 2
        while slug in taken:
            suffix = f"-{number}"
            slug, number = base[: max_length - len(suffix)] + suffix, number + 1
        taken.add(slug)
        return slug

    def sectors_in(self, text: str) -> list[str]:
        # A commission's name ("… on Trade, Economic, Scientific … Cooperation") names
        # what it covers, not what a meeting discussed.
        for name in self.long_names:
            text = text.replace(name, "")
        lowered = text.lower()
        return [
            slug
            for slug, words in self.vocabulary.sectors.items()
            if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", lowered) for w in words)
        ]

    def countries_in(self, text: str) -> list[tuple[int, str]]:
        pattern = _words(list(self.vocabulary.countries))
        return [
            (
                m.start(),
                self.vocabulary.countries[_canonical(m.group(0), self.vocabulary.countries)],
            )
            for m in pattern.finditer(text)
        ]

    # The report -----------------------------------------------------------------------

    def draft(self) -> list[dict]:
        self.source = self.draft_source()
        self.find_people()
        self.place_slugs: dict[str, str] = {}
        self.summits = self.find_summits()
        self.sessions = self.find_sessions()
        self.meetings = self.find_meetings()
        self.find_action_items()
        return self.records

    def draft_source(self) -> str:
        first = self.sentences[0].text if self.sentences else "Untitled report"
        title = _clean(self.title or first)[:300]
        slug = self.free_slug_source(title)
        fields = {
            "slug": slug,
            "title": title,
            "publisher": self.publisher,
            "published_on": self.today.isoformat(),
            "url": self.source_url,
            "kind": Source.Kind.NEWS_REPORT,
            "text": "\n\n".join(self.paragraphs),
        }
        review = "; ".join(["check title, publisher and date", *self.notes_on_source])
        self.add("source", fields, first, review)
        return slug

    def free_slug_source(self, title: str) -> str:
        # Date, publisher, the title's first words, as in fixtures/reports/. Not made unique:
        # the same report drafted again keeps its slug, so importing it changes nothing.
        words = slugify(re.sub(r"[–—]", "-", title)).split("-")
        while len("-".join(words)) > 60 and len(words) > 1:
            words.pop()
        stem = f"{self.today.isoformat()}-{slugify(self.publisher)[:20]}-{'-'.join(words)}"
        return stem[:120].strip("-")

    # People ---------------------------------------------------------------------------

    def find_people(self) -> None:
        """New people: named after a title, or followed by one; then every mention."""
        known = {_key(v) for p in self.vocabulary.people for v in p["variants"]}
        demonyms = "|".join(
            sorted(map(re.escape, self.vocabulary.countries), key=len, reverse=True)
        )
        titled = re.compile(rf"(?:(?P<demonym>{demonyms})\s+)?(?P<title>{TITLE})\s+{NAME}")
        self.roles: dict[str, tuple[str, str | None]] = {}  # slug → (role, country)
        for sentence in self.sentences:
            for match in titled.finditer(sentence.text):
                name = match.group(len(match.groups()))
                country = self.vocabulary.countries.get(match.group("demonym") or "")
                role = " ".join(filter(None, [match.group("demonym"), match.group("title")]))
                self.propose_person(name, match.group("title"), role, country, sentence, known)
            for match in APPOSITIVE.finditer(sentence.text):
                role = _clean(match.group(2))
                countries = self.countries_in(role)
                country = countries[0][1] if countries else None
                self.propose_person(match.group(1), role, role, country, sentence, known)
        people = self.vocabulary.people + list(self.drafted_people.values())
        surnames: dict[str, list[str]] = {}
        for person in people:
            surnames.setdefault(person["name"].split()[-1], []).append(person["slug"])
        for person in people:
            surname = person["name"].split()[-1]
            # A surname alone names one person only if no one else has it and it is a
            # word ("Person 2026" is not "2026").
            if (
                len(surnames[surname]) == 1
                and re.fullmatch(NAME_WORD, surname)
                and len(surname) > 3
            ):
                person["variants"] = [*person["variants"], surname]
        self.people = people
        self.person_pattern = _words([v for p in people for v in p["variants"]])
        self.person_by_variant = {_key(v): p for p in people for v in p["variants"]}

    def propose_person(
        self,
        name: str,
        title: str,
        role: str,
        country: str | None,
        sentence: _Sentence,
        known: set[str],
    ) -> None:
        name = re.sub(r"^Dr\.?\s+", "", _clean(name))
        if _key(name) in known or name.split()[-1] in self.vocabulary.countries:
            slug = self.slug_of(name)
            if slug and slug not in self.roles:
                self.roles[slug] = (role[:300], country)
            return
        if name.split()[0] in self.vocabulary.places or name in self.vocabulary.countries:
            return  # "Moscow Mayor …" read wrongly: a place, not a name
        slug = self.free_slug(Person, name)
        full_title = title
        if country and self.vocabulary.country_names[country] not in title:
            full_title = f"{title} of {self.vocabulary.country_names[country]}"
        person = {
            "slug": slug,
            "name": name[:200],
            "aliases": "",
            "title": full_title[:300],
            "country__iso2": country,
            "variants": [name],
        }
        self.drafted_people[slug] = person
        self.roles[slug] = (role[:300], country)
        known.add(_key(name))
        fields = {
            "slug": slug,
            "name": person["name"],
            "aliases": "",
            "title": person["title"],
            "country": [country] if country else None,
        }
        self.add("person", fields, sentence.text, "new person: check name, title and country")

    def slug_of(self, name: str) -> str | None:
        person = (
            self.person_by_variant.get(_key(name)) if hasattr(self, "person_by_variant") else None
        )
        if person:
            return person["slug"]
        for p in self.vocabulary.people:
            if any(_key(v) == _key(name) for v in p["variants"]):
                return p["slug"]
        return None

    def people_in(self, text: str, participants_only: bool = False) -> list[tuple[int, dict]]:
        found, seen = [], set()
        for match in self.person_pattern.finditer(text):
            person = self.person_by_variant.get(_key(match.group(0)))
            if person is None or person["slug"] in seen:
                continue
            before = text[: match.start()]
            # Skip the title in front: "aide to [President] Putin".
            before = re.sub(rf"(?:{TITLE}\s+)?$", "", before)
            before = re.sub(r"(?:[A-Z][a-z]+(?:an|ese|ish|i)\s+)?$", "", before)
            if participants_only and NOT_A_PARTICIPANT.search(before):
                continue
            seen.add(person["slug"])
            found.append((match.start(), person))
        return found

    # Places ---------------------------------------------------------------------------

    def places_in(self, text: str, sentence: str) -> list[tuple[int, str]]:
        """(position, place slug) for each place named, drafting the new ones."""
        pattern = _words(list(self.vocabulary.places))
        found = []
        for match in pattern.finditer(text):
            name = _canonical(match.group(0), self.vocabulary.places)
            found.append((match.start(), self.place_slug(name, sentence)))
        return [(start, slug) for start, slug in found if slug]

    def place_slug(self, name: str, sentence: str) -> str | None:
        if name in self.place_slugs:
            return self.place_slugs[name]
        slug, country = self.vocabulary.places[name]
        if not slug:
            if country is None:
                return None
            slug = self.free_slug(Place, name)
            fields = {"slug": slug, "name": name, "country": [country]}
            self.add("place", fields, sentence, "new place: check its name and country")
        self.place_slugs[name] = slug
        return slug

    # Summits and commission sessions ----------------------------------------------------

    def find_summits(self) -> dict[tuple[str, int], dict]:
        pattern = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+((?:[\w’'\-–]+\s+){0,6}?)[Ss]ummit\b")
        summits: dict[tuple[str, int], dict] = {}
        for sentence in self.sentences:
            for match in pattern.finditer(sentence.text):
                number = int(match.group(1))
                if number < 1:
                    continue
                series = self.summit_series(match.group(2), sentence.text)
                after = sentence.text[match.end() :]
                places = self.places_in(after, sentence.text)
                dates = find_dates(after, self.today)
                summit = summits.setdefault(
                    (series, number), {"sentence": sentence.text, "place": None, "date": None}
                )
                summit["place"] = summit["place"] or (places[0][1] if places else None)
                summit["date"] = summit["date"] or (dates[0] if dates else None)
        for (series, number), found in summits.items():
            existing = Summit.objects.filter(series__slug=series, number=number).first()
            if existing is None:
                date = found["date"]
                status = Summit.Status.ANTICIPATED
                if date and date.value.is_past(self.today):
                    status = Summit.Status.HELD
                fields = {
                    "series": [series],
                    "number": number,
                    "host_place": [found["place"]] if found["place"] else None,
                    "date_start": date.value.start.isoformat() if date else None,
                    "date_precision": date.value.precision.value if date else "",
                    "status": status,
                }
                review = "new summit: check host, date and status"
                if date and date.note:
                    review += f" ({date.note})"
                self.add("summit", fields, found["sentence"], review)
            self.add(
                "summitcitation",
                {"summit": [series, number], "source": [self.source], "quote": found["sentence"]},
                found["sentence"],
            )
        return summits

    def summit_series(self, words: str, sentence: str) -> str:
        """The series a summit's name belongs to: found by its countries, or drafted."""
        words = _clean(words)
        isos = list(dict.fromkeys(iso for _, iso in self.countries_in(words)))
        if isos:
            for series in SummitSeries.objects.prefetch_related("countries"):
                if {c.iso2 for c in series.countries.all()} == set(isos):
                    return series.slug
            names = [self.vocabulary.country_names[iso] for iso in isos]
            # Its qualifiers ("Annual", "Binational") without the countries or "Leaders".
            rest = _words(list(self.vocabulary.countries)).sub(" ", words)
            qualifiers = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() != "leaders"]
            name = " ".join(["–".join(names), *qualifiers, "Summit"])
        else:
            name = (words.strip() + " Summit").strip()
            existing = SummitSeries.objects.filter(name__iexact=name).first()
            if existing:
                return existing.slug
        drafted = next(
            (
                r
                for r in self.records
                if r["model"] == "summits.summitseries" and r["fields"]["name"] == name[:200]
            ),
            None,
        )
        if drafted:
            return drafted["fields"]["slug"]
        slug = self.free_slug(SummitSeries, name)
        fields = {
            "slug": slug,
            "name": name[:200],
            "countries": [[iso] for iso in isos],
            "description": "",
        }
        self.add("summitseries", fields, sentence, "new summit series: check its name")
        return slug

    def find_sessions(self) -> dict[str, str]:
        """Numbered commission sessions: {sentence text: meeting slug}."""
        pattern = re.compile(
            r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:[Ss]ession|[Mm]eeting|[Rr]ound)\s+of\s+the\s+"
            r"((?:[A-Z][^.;()]{3,250}?)(?:\s*\((?P<acronym>[A-Z][A-Za-z0-9&\-]{1,38})\))"
            r"|(?:[A-Z][^.;(),]{3,250}?(?:Commission|Committee|Council|Dialogue|Mechanism)))"
        )
        sessions: dict[str, str] = {}
        for sentence in self.sentences:
            for match in pattern.finditer(sentence.text):
                number = int(match.group(1))
                acronym = match.group("acronym") or ""
                name = _clean(re.sub(r"\s*\([^)]*\)$", "", match.group(2)))
                if number < 1:
                    continue
                self.long_names.append(match.group(2))
                commission = self.commission(name, acronym, sentence.text)
                slug = self.session(commission, acronym or name, number, sentence, match.end())
                sessions[sentence.text] = slug
        return sessions

    def commission(self, name: str, acronym: str, sentence: str) -> str:
        existing = (
            Commission.objects.filter(acronym__iexact=acronym).first() if acronym else None
        ) or Commission.objects.filter(name__iexact=name).first()
        if existing:
            return existing.slug
        drafted = next(
            (
                r
                for r in self.records
                if r["model"] == "summits.commission" and r["fields"]["name"] == name[:300]
            ),
            None,
        )
        if drafted:
            return drafted["fields"]["slug"]
        slug = self.free_slug(Commission, acronym or name)
        isos = []
        for _, iso in self.countries_in(name):
            if iso not in isos:
                isos.append(iso)
        fields = {
            "slug": slug,
            "name": name[:300],
            "acronym": acronym[:40],
            "parent": None,
            "countries": [[iso] for iso in isos],
            "description": "",
        }
        self.add("commission", fields, sentence, "new commission: check its name and countries")
        return slug

    def session(
        self, commission: str, short: str, number: int, sentence: _Sentence, end: int
    ) -> str:
        existing = Meeting.objects.filter(
            commission__slug=commission, session_number=number
        ).first()
        if existing is None:
            existing_slug = next(
                (
                    r["fields"]["slug"]
                    for r in self.records
                    if r["model"] == "summits.meeting"
                    and r["fields"].get("commission") == [commission]
                    and r["fields"].get("session_number") == number
                ),
                None,
            )
            if existing_slug:
                return existing_slug
            dates = find_dates(sentence.text[end:], self.today)
            review = "new commission session: check its date and place"
            if dates:
                date = dates[0].value
            else:
                date = FuzzyDate(self.today, Precision.YEAR)
                review += " (the report gives no date: the year is a placeholder)"
            places = self.places_in(sentence.text[end:], sentence.text)
            slug = self.free_slug(Meeting, f"{commission}-{number}", 120)
            fields = {
                "slug": slug,
                "title": f"{_ordinal(number)} session of the {short}"[:300],
                "kind": Meeting.Kind.COMMISSION_SESSION,
                "date_start": date.start.isoformat(),
                "date_precision": date.precision.value,
                "place": [places[0][1]] if places else None,
                "summit": None,
                "commission": [commission],
                "session_number": number,
                "summary": sentence.text[:2000],
                "sectors": [[s] for s in self.sectors_in(sentence.text)],
            }
            self.add("meeting", fields, sentence.text, review)
        else:
            slug = existing.slug
        self.add(
            "meetingcitation",
            {"meeting": [slug], "source": [self.source], "quote": sentence.text},
            sentence.text,
        )
        return slug

    # Meetings --------------------------------------------------------------------------

    def main_summit(self, text: str) -> list | None:
        """The summit a passage prepares: one named in it, or the report's only one."""
        for (series, number), found in self.summits.items():
            if found["sentence"] == text:
                return [series, number]
        if re.search(r"\bsummit\b", text, re.IGNORECASE) and len(self.summits) == 1:
            series, number = next(iter(self.summits))
            return [series, number]
        return None

    def find_meetings(self) -> list[dict]:
        # First which sentences tell of a meeting, and who took part ("he" is the last
        # person named), then each meeting with the sentences that go on about it.
        found: list[tuple[int, str, re.Match, list[dict]]] = []
        last_people: list[dict] = []
        for index, sentence in enumerate(self.sentences):
            kind, verb = _meeting_verb(sentence.text)
            participants = [p for _, p in self.people_in(sentence.text, participants_only=True)]
            pronoun = re.search(r"\b(?:he|she|they)\b", sentence.text, re.IGNORECASE)
            if kind and (participants or (pronoun and last_people)):
                found.append((index, kind, verb, participants or last_people[:1]))
            if participants:
                last_people = participants
        starts = [index for index, *_ in found]
        meetings: list[dict] = []
        ends = [*starts[1:], len(self.sentences)][: len(found)]
        for (index, kind, verb, participants), end in zip(found, ends, strict=True):
            block = self.block(index, end)
            previous = meetings[-1] if meetings else None
            meeting = self.draft_meeting(
                self.sentences[index], kind, verb, participants, block, previous
            )
            if meeting:
                meetings.append(meeting)
        return meetings

    def block(self, index: int, end: int) -> list[_Sentence]:
        """A meeting's sentence and those that go on about it, before the next meeting."""
        sentence = self.sentences[index]
        names = {p["slug"] for _, p in self.people_in(sentence.text)}
        block = [sentence]
        for following in self.sentences[index + 1 : end]:
            same_paragraph = following.paragraph == block[-1].paragraph
            refers_back = CONTINUES.search(following.text) or any(
                p["slug"] in names for _, p in self.people_in(following.text)
            )
            if not (same_paragraph or refers_back):
                break
            block.append(following)
        return block

    def draft_meeting(
        self,
        sentence: _Sentence,
        kind: str,
        verb: re.Match,
        participants: list[dict],
        block: list[_Sentence],
        previous: dict | None,
    ) -> dict | None:
        text = sentence.text
        summit_at = min(
            [m.start() for m in re.finditer(r"\d+(?:st|nd|rd|th)\s+[^.]*?[Ss]ummit", text)]
            or [len(text)]
        )
        own = text[:summit_at]  # what follows a summit's name is about the summit
        if text in self.sessions and not participants:
            return None
        review = []
        # The first date after the verb, a written-out one before a relative one.
        found = find_dates(own, self.today)
        dates = [d for d in found if d.start >= verb.start()] or found
        dates.sort(key=lambda d: d.relative)
        if dates:
            date = dates[0].value
            if dates[0].note:
                review.append(dates[0].note)
        elif previous:
            date = FuzzyDate.parse(previous["date"])
            review.append("no date in the sentence: that of the meeting before it")
        else:
            date = FuzzyDate(self.today, Precision.MONTH)
            review.append("no date in the sentence: the report's month")
        places = self.places_in(own, text)
        after = [slug for start, slug in places if start >= verb.start()]
        place = (after or [slug for _, slug in places] or [None])[0]
        if place is None:
            review.append("no place found")
        elif len({slug for _, slug in places}) > 1:
            named = ", ".join(dict.fromkeys(self.place_name(slug) for _, slug in places))
            review.append(f"several places named ({named}): the first after the verb is taken")
        surnames = [p["name"].split()[-1] for p in participants]
        # What a visit was for: "paid homage to Mahatma Gandhi".
        clause = re.split(r",|;| to (?:review|discuss)", text[verb.start() :])[0]
        existing = self.existing_meeting(date, kind, participants, clause)
        summit = self.main_summit(" ".join(s.text for s in block))
        if existing:
            slug = existing
        else:
            stamp = {Precision.DAY: "%Y-%m-%d", Precision.YEAR: "%Y"}.get(date.precision, "%Y-%m")
            suffix = f"-{_slug_words(clause, 4)}" if kind == "visit" else ""
            slug = self.free_slug(
                Meeting, f"{date.start:{stamp}}-{'-'.join(surnames)}{suffix}", 120
            )
            where = f" in {self.place_name(place)}" if place else ""
            if kind == "visit":
                title = f"{surnames[0] if surnames else ''} {clause}".strip()
            else:
                noun = "call" if kind == "call" else "talks"
                title = f"{'–'.join(surnames)} {noun}{where}"
            sectors = sorted({s for b in block for s in self.sectors_in(b.text)})
            fields = {
                "slug": slug,
                "title": title[:300],
                "kind": kind,
                "date_start": date.start.isoformat(),
                "date_precision": date.precision.value,
                "place": [place] if place else None,
                "summit": summit,
                "commission": None,
                "session_number": None,
                "summary": " ".join(b.text for b in block)[:2000],
                "sectors": [[s] for s in sectors],
            }
            self.add("meeting", fields, text, "; ".join(["new meeting: check it", *review]))
            for person in participants:
                role, side = self.roles.get(person["slug"], (person["title"], None))
                side = side or person.get("country__iso2")
                self.add(
                    "participation",
                    {
                        "meeting": [slug],
                        "person": [person["slug"]],
                        "role": (role or "")[:300],
                        "side": [side] if side else None,
                    },
                    text,
                )
        self.add(
            "meetingcitation", {"meeting": [slug], "source": [self.source], "quote": text}, text
        )
        return {"slug": slug, "date": str(date), "block": block, "summit": summit}

    def place_name(self, slug: str) -> str:
        return next(name for name, s in self.place_slugs.items() if s == slug)

    def existing_meeting(
        self, date: FuzzyDate, kind: str, participants: list[dict], clause: str
    ) -> str | None:
        """The recorded meeting this sentence tells of: then the report is a new source.

        Same day, kind and people; of several (two visits in a day), the one whose title
        shares most words with the sentence.
        """
        slugs = {p["slug"] for p in participants}
        meetings = Meeting.objects.filter(date_start=date.start, kind=kind)
        candidates = [
            meeting
            for meeting in meetings.prefetch_related("participants")
            if slugs and {p.slug for p in meeting.participants.all()} == slugs
        ]
        words = set(re.findall(r"\w{4,}", clause.lower()))
        best = max(
            candidates,
            key=lambda m: (len(words & set(re.findall(r"\w{4,}", m.title.lower()))), m.slug),
            default=None,
        )
        return best.slug if best else None

    # Action items ----------------------------------------------------------------------

    def find_action_items(self) -> None:
        prefix = (slugify(self.publisher).upper()[:12] or "REPORT") + f"-{self.today:%Y%m%d}"
        taken = set(ActionItem.objects.filter(ref__startswith=prefix).values_list("ref", flat=True))
        number = 0
        for sentence in self.sentences:
            match = COMMITMENT.search(sentence.text)
            if not match:
                continue
            number += 1
            ref = f"{prefix}-{number}"
            meeting = self.meeting_of(sentence)
            origin = None
            if re.search(r"\bcommission\b", sentence.text, re.IGNORECASE) and self.sessions:
                origin = [next(iter(self.sessions.values()))]
            elif meeting:
                origin = [meeting["slug"]]
            summit = meeting["summit"] if meeting else self.main_summit(sentence.text)
            # Due when the sentence says, or else by the summit it is for.
            dates = find_dates(sentence.text[match.end() :], self.today)
            due = dates[0].value if dates else None
            if due is None and summit:
                found = self.summits.get(tuple(summit))
                due = found["date"].value if found and found["date"] else None
            sectors = self.sectors_in(sentence.text)
            if not sectors and meeting:
                sectors = sorted({s for b in meeting["block"] for s in self.sectors_in(b.text)})
            title = _commitment_title(match, sentence.text)
            review = "drafted commitment: check its wording, link and due date"
            if ref in taken:
                review += "; this reference is already recorded: the import updates it"
            fields = {
                "ref": ref,
                "title": title[:300],
                "text": sentence.text,
                "sectors": [[s] for s in sectors],
                "origin_meeting": origin,
                "target_summit": summit,
                "due_start": due.start.isoformat() if due else None,
                "due_precision": due.precision.value if due else "",
                "priority": ActionItem.Priority.NORMAL,
            }
            self.add("actionitem", fields, sentence.text, review)
            quote = {"source": [self.source], "quote": sentence.text}
            self.add("actionitemcitation", {"action_item": [ref], **quote}, sentence.text)
            as_of = min(self.today, timezone.localdate()).isoformat()
            self.add(
                "statusupdate",
                {
                    "action_item": [ref],
                    "as_of": as_of,
                    "sequence": 1,
                    "status": Status.NOT_STARTED,
                    "note": f"Drafted from {self.publisher}, {self.today:%d %b %Y}.",
                },
                sentence.text,
            )
            self.add(
                "statusupdateevidence", {"status_update": [ref, as_of, 1], **quote}, sentence.text
            )

    def meeting_of(self, sentence: _Sentence) -> dict | None:
        for meeting in self.meetings:
            if sentence in meeting["block"]:
                return meeting
        return None


def _meeting_verb(text: str) -> tuple[str | None, re.Match | None]:
    best: tuple[str | None, re.Match | None] = (None, None)
    for pattern, kind in MEETING_VERBS:
        match = re.search(rf"\b(?:{pattern})\b", text)
        if match and (best[1] is None or match.start() < best[1].start()):
            best = (kind, match)
    return best


def _canonical(found: str, names: dict) -> str:
    """The vocabulary's spelling of a name found with other spacing or periods."""
    wanted = _key(found)
    return next((name for name in names if _key(name) == wanted), found)


def _key(name: str) -> str:
    return re.sub(r"[\s.]+", " ", name).strip().lower()


def _commitment_title(match: re.Match, sentence: str) -> str:
    """What is to be done: "underscored the importance of implementing X" → "Implement X"."""
    phrase = match.group(0)
    rest = _clean(sentence[match.end() :]).rstrip(".")
    if "implementing" in phrase:
        rest = f"implement {rest}"
    elif phrase == "signed":
        rest = f"signed {rest}"
    return (rest[:1].upper() + rest[1:]) if rest else _clean(sentence)


def _slug_words(text: str, count: int) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", text) if len(w) > 3][1 : count + 1]
    return "-".join(words).lower()


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def report_draft(
    *,
    text: str,
    publisher: str | None = None,
    published: dt.date | None = None,
    source_url: str = "",
    title: str | None = None,
) -> list[dict]:
    """A draft report fixture from a plain-text report: a list of records to review."""
    return _Drafter(text, publisher, published, source_url, title).draft()


@dataclass(frozen=True)
class ReportDetails:
    """What a report says about itself, to pre-fill the form a draft starts from."""

    title: str | None
    publisher: str | None
    published: dt.date | None


def report_details(*, text: str) -> ReportDetails:
    lines = text.replace("\r\n", "\n").split("\n")
    date, date_line = _report_date(lines)
    if date_line is not None:
        del lines[date_line]
    body = "\n".join(lines)
    first = next((_clean(line) for line in lines if line.strip()), None)
    return ReportDetails(
        title=first[:300] if first else None, publisher=_publisher(body), published=date
    )
