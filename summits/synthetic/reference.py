"""Who and where: the cities, each government and its ministries, and their officials."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import slugify

from ..models import Organisation, Person, Place
from .run import Run
from .vocabulary import CITIES, NAMES


@dataclass
class Reference:
    places_by_country: dict[str, Sequence[Place]]
    # A ministry per (country, sector slug): items name the ministries responsible.
    ministries: dict[tuple[str, str], Organisation]
    # Per country: the publisher of its joint statements and press releases.
    foreign_ministry: dict[str, Organisation]
    people_by_country: dict[str, list[Person]]


def reference_write(run: Run) -> Reference:
    places_by_country = _places(run)
    ministries, foreign_ministry = _organisations(run)
    people_by_country = _people(run, ministries)
    return Reference(places_by_country, ministries, foreign_ministry, people_by_country)


def _places(run: Run) -> dict[str, Sequence[Place]]:
    return {
        iso2: run.insert(
            [Place(slug=slugify(city), name=city, country=run.countries[iso2]) for city in cities]
        )
        for iso2, cities in CITIES.items()
    }


def _organisations(
    run: Run,
) -> tuple[dict[tuple[str, str], Organisation], dict[str, Organisation]]:
    ministries: dict[tuple[str, str], Organisation] = {}
    foreign_ministry: dict[str, Organisation] = {}
    for iso2, country in run.countries.items():
        government = Organisation(
            slug=f"government-of-{slugify(country.name)}",
            name=f"Government of {country.name}",
            kind=Organisation.Kind.GOVERNMENT,
            country=country,
        )
        run.insert([government])
        foreign = Organisation(
            slug=f"foreign-affairs-{iso2.lower()}",
            name=f"Ministry of Foreign Affairs of {country.name}",
            acronym=f"MFA {iso2}",
            kind=Organisation.Kind.MINISTRY,
            country=country,
            parent=government,
        )
        sector_ministries = [
            Organisation(
                slug=f"{sector.slug}-ministry-{iso2.lower()}",
                name=f"Ministry of {sector.name} of {country.name}",
                kind=Organisation.Kind.MINISTRY,
                country=country,
                parent=government,
            )
            for sector in run.sectors
        ]
        run.insert([foreign, *sector_ministries])
        foreign_ministry[iso2] = foreign
        for sector, ministry in zip(run.sectors, sector_ministries, strict=True):
            ministries[iso2, sector.slug] = ministry
    return ministries, foreign_ministry


def _people(run: Run, ministries: dict[tuple[str, str], Organisation]) -> dict[str, list[Person]]:
    """Officials of every country, each in a ministry of their country."""
    people_by_country: dict[str, list[Person]] = {iso2: [] for iso2 in CITIES}
    seen: Counter[str] = Counter()
    people = []
    isos = sorted(CITIES)
    for index in range(run.sizes.people):
        iso2 = isos[index % len(isos)]
        first_names, surnames = NAMES[iso2]
        name = f"{run.rng.choice(first_names)} {run.rng.choice(surnames)}"
        base = slugify(name)
        seen[base] += 1
        sector = run.rng.choice(run.sectors)
        ministry = ministries[iso2, sector.slug]
        person = Person(
            slug=base if seen[base] == 1 else f"{base}-{seen[base]}",
            name=name,
            title=run.rng.choice(
                [f"Minister of {sector.name}", f"Secretary, {ministry.name}", "Ambassador"]
            ),
            country=run.countries[iso2],
            organisation=ministry,
        )
        people.append(person)
        people_by_country[iso2].append(person)
    run.insert(people)
    return people_by_country
