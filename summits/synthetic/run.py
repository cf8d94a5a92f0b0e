"""What every stage of a generation shares: its sizes and span, its draw and its writes.

One seeded random generator for the whole run: the same seed gives the same data only
while the stages draw from it in the same order. Rows are written in bulk, without
signals, and counted per model for the command's report.
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models

from ..bulk import rows_insert
from ..models import Country, Sector, Source
from .vocabulary import CITIES

# Rows per INSERT statement.
BATCH_SIZE = 1000
# How far back the archive reaches from its last day.
YEARS = 15
# The default last day: fixed, so that a seed alone decides the data.
DEFAULT_UNTIL = dt.date(2026, 11, 1)


@dataclass(frozen=True)
class Sizes:
    items: int = 100_000
    summits: int = 120  # over all series
    meetings: int = 10_000
    people: int = 2_000
    updates_per_item: int = 10  # on average; an item has 0 to twice as many


class Run:
    """One generation: its sizes, span and seeded draw, the reference data it builds on
    (countries and sectors, from the migrations) and the rows it has written."""

    def __init__(
        self, sizes: Sizes, seed: int, until: dt.date, progress: Callable[[str], None]
    ) -> None:
        self.sizes, self.until, self.progress = sizes, until, progress
        self.rng = random.Random(seed)
        self.first_day = dt.date(until.year - YEARS, 1, 1)
        self.counts: Counter[str] = Counter()
        self.countries = {c.iso2: c for c in Country.objects.filter(iso2__in=CITIES)}
        self.sectors = list(Sector.objects.order_by("slug"))
        missing = set(CITIES) - set(self.countries)
        if missing or not self.sectors:
            raise ValueError(
                f"reference data missing (countries {sorted(missing)} or sectors): "
                "run `manage.py migrate` first"
            )

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def insert[M: models.Model](self, objects: Sequence[M]) -> Sequence[M]:
        if objects:
            type(objects[0]).objects.bulk_create(objects, batch_size=BATCH_SIZE)
            self.counts[type(objects[0])._meta.label] += len(objects)
        return objects

    def insert_rows(self, model: type[models.Model], fields: list[str], rows: list[tuple]) -> None:
        """Insert rows given as tuples, one value per field, already as the database
        takes them (see bulk.rows_insert)."""
        rows_insert(model, [model._meta.get_field(name) for name in fields], rows, convert=False)
        self.counts[model._meta.label] += len(rows)

    def source(self, slug: str, title: str, publisher: str, day: dt.date, kind: str) -> Source:
        """A source, written at once: records cite it by its id."""
        source = Source(
            slug=f"{day:%Y-%m-%d}-{slug}"[:120],
            title=title,
            publisher=publisher,
            published_on=day,
            url=f"https://example.org/synthetic/{day:%Y/%m/%d}/{slug}",
            kind=kind,
        )
        return self.insert([source])[0]
