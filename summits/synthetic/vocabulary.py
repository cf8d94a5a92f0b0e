"""The words synthetic records are made of, read from `data/` once per process.

`series.json` the summit series (each between a pair of countries, with its commission),
`cities.json` the cities of each country, `names.json` officials' first names and
surnames per country, `news_publishers.json`, `commitments.json` what items commit to
(a verb, then an object per sector) and `notes.json` an update's note per status.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class SeriesSpec:
    slug: str
    name: str
    countries: tuple[str, str]
    commission: str
    acronym: str


SERIES = tuple(
    SeriesSpec(**{**spec, "countries": tuple(spec["countries"])}) for spec in _load("series.json")
)
CITIES: dict[str, tuple[str, ...]] = {
    iso2: tuple(cities) for iso2, cities in _load("cities.json").items()
}
# Per country: first names, then surnames.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    iso2: (tuple(names["first_names"]), tuple(names["surnames"]))
    for iso2, names in _load("names.json").items()
}
NEWS_PUBLISHERS: tuple[str, ...] = tuple(_load("news_publishers.json"))

_COMMITMENTS = _load("commitments.json")
# What commitments are about: "<verb> <object>", the object chosen by the item's sector.
VERBS: tuple[str, ...] = tuple(_COMMITMENTS["verbs"])
OBJECTS: dict[str, tuple[str, ...]] = {
    sector: tuple(objects) for sector, objects in _COMMITMENTS["objects"].items()
}
# Keyed by status value ("in_progress"), which a `Status` member equals.
NOTES: dict[str, tuple[str, ...]] = {
    status: tuple(notes) for status, notes in _load("notes.json").items()
}
