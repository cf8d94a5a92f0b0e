"""What is already recorded, read once per draft, and how a drafted name is matched to it.

Names are compared as an analyst would: case, accents and punctuation aside
("Gdańsk" is "gdansk"), by acronym, and by fuzzy similarity (rapidfuzz) for spellings
that differ a little. One close match links the record; several are offered to the
reviewer as candidates rather than guessed.
"""

import re
from dataclasses import dataclass, field

from anyascii import anyascii
from django.utils.text import slugify
from rapidfuzz import fuzz, process

from ..models import (
    ActionItem,
    Commission,
    Country,
    Meeting,
    Organisation,
    Person,
    Place,
    Sector,
    Source,
    Summit,
    SummitSeries,
)
from .bodies import series_key

_CLOSE = 90  # WRatio score above which a name is a candidate for the same record


def ascii_slug(text: str) -> str:
    """A slug that keeps what accents and special letters stand for: "Đặng" → "dang"."""
    return slugify(anyascii(re.sub(r"[–—]", "-", text)))


def key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", anyascii(text).lower()))


@dataclass
class Match:
    slug: str | None  # the recorded record this is, when one matches clearly
    candidates: list[dict] = field(default_factory=list)  # {"slug", "name"} to offer


class Recorded:
    def __init__(self) -> None:
        self.people = [
            {
                "slug": p["slug"],
                "name": p["name"],
                "title": p["title"],
                "country": p["country__iso2"],
                "variants": [
                    p["name"],
                    *[a.strip() for a in p["aliases"].splitlines() if a.strip()],
                ],
            }
            for p in Person.objects.values("slug", "name", "aliases", "title", "country__iso2")
        ]
        self.countries = set(Country.objects.values_list("iso2", flat=True))
        self.sectors = set(Sector.objects.values_list("slug", flat=True))
        self.places = list(Place.objects.values("slug", "name", "country__iso2"))
        self.organisations = list(
            Organisation.objects.values("slug", "name", "acronym", "country__iso2")
        )
        self.commissions = list(Commission.objects.values("slug", "name", "acronym"))
        self.series = list(SummitSeries.objects.values("slug", "name"))
        self.summits = {
            (s["series__slug"], s["number"]): s
            for s in Summit.objects.values(
                "series__slug",
                "number",
                "status",
                "date_start",
                "date_precision",
                "host_place__slug",
            )
        }
        self.slugs = {
            "person": {p["slug"] for p in self.people},
            "place": {p["slug"] for p in self.places},
            "organisation": {o["slug"] for o in self.organisations},
            "commission": {c["slug"] for c in self.commissions},
            "summitseries": {s["slug"] for s in self.series},
            "meeting": set(Meeting.objects.values_list("slug", flat=True)),
            "source": set(Source.objects.values_list("slug", flat=True)),
        }
        self.refs = set(ActionItem.objects.values_list("ref", flat=True))

    def meetings_on(self, days: set) -> dict:
        """Recorded meetings on the days a draft's meetings fall on, in one query."""
        found: dict = {}
        meetings = Meeting.objects.filter(date_start__in=days).select_related("commission", "place")
        for meeting in meetings.prefetch_related("participants"):
            found.setdefault(meeting.date_start, []).append(
                {
                    "slug": meeting.slug,
                    "kind": meeting.kind,
                    "place": meeting.place.slug if meeting.place else None,
                    "people": {p.slug for p in meeting.participants.all()},
                }
            )
        return found

    def sessions(self, commissions: set[str]) -> dict[tuple[str, int], str]:
        """Recorded sessions of the commissions a draft names: (commission, number) → slug."""
        rows = Meeting.objects.filter(
            commission__slug__in=commissions, session_number__isnull=False
        ).values_list("commission__slug", "session_number", "slug")
        return {(commission, number): slug for commission, number, slug in rows}

    def free_slug(self, model: str, text: str, max_length: int = 50) -> str:
        """A slug for a new record: not taken in the database or earlier in this draft."""
        taken = self.slugs.setdefault(model, set())
        base = ascii_slug(text)[:max_length].strip("-") or model
        slug, number = base, 2
        while slug in taken:
            suffix = f"-{number}"
            slug, number = base[: max_length - len(suffix)].strip("-") + suffix, number + 1
        taken.add(slug)
        return slug

    def place(self, name: str, country: str) -> str | None:
        wanted = {key(name), ascii_slug(name).replace("-", " ")}
        for place in self.places:
            if place["country__iso2"] == country and (
                key(place["name"]) in wanted or place["slug"].replace("-", " ") in wanted
            ):
                return place["slug"]
        return None

    def commission(self, name: str, acronym: str) -> Match:
        for commission in self.commissions:
            if acronym and commission["acronym"].lower() == acronym.lower():
                return Match(commission["slug"])
            if key(commission["name"]) == key(name):
                return Match(commission["slug"])
        return _fuzzy(name, self.commissions)

    def organisation(self, name: str, country: str | None) -> Match:
        """Ministries share names across countries: the same name and country."""
        same = [o for o in self.organisations if country in (None, o["country__iso2"])]
        for organisation in same:
            if key(organisation["name"]) == key(name) or (
                organisation["acronym"] and organisation["acronym"] == name
            ):
                return Match(organisation["slug"])
        return _fuzzy(name, same)

    def summit_series(self, name: str) -> Match:
        wanted = series_key(name)
        for series in self.series:
            if series_key(series["name"]) == wanted:
                return Match(series["slug"])
        return _fuzzy(name, self.series)


def _fuzzy(name: str, records: list[dict]) -> Match:
    """No exact match: the recorded records close enough to offer, never linked alone."""
    choices = {r["slug"]: r["name"] for r in records}
    close = process.extract(name, choices, scorer=fuzz.WRatio, limit=3, score_cutoff=_CLOSE)
    return Match(None, [{"slug": slug, "name": found} for found, _, slug in close])
