"""What every stage of a generation shares: its sizes and span, its draw and its writes.

One seeded random generator for the whole run: the same seed gives the same data only
while the stages draw from it in the same order. Rows are written in bulk, without
signals, and counted per model for the command's report.

Every row gets its id here, the next after the table's last, rather than from the
database: a batch then needs no ids read back, so each is written as one prepared
statement run over its rows (SQLite) or one COPY (PostgreSQL), not compiled as the ORM's
bulk_create compiles SQL for each batch. The foreign keys are checked at the commit
(Django declares them deferrable), so sources can wait in a buffer while the records
citing them are made (see source). `finish` writes what waits and moves PostgreSQL's id
sequences past the ids given.
"""

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from psycopg import sql

from ..bulk import rows_insert
from ..models import Country, Sector, Source
from .vocabulary import CITIES

# Sources kept before they are written together.
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


# Fields whose values the database takes as Python holds them (text, numbers, ids):
# written without the field's conversion, which for a million rows costs seconds.
_AS_THEY_ARE = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)

# Reports a stage's progress: its name, the records done and the records it will write.
Progress = Callable[[str, int, int], None]


class Run:
    """One generation: its sizes, span and seeded draw, the reference data it builds on
    (countries and sectors, from the migrations) and the rows it has written."""

    def __init__(self, sizes: Sizes, seed: int, until: dt.date, progress: Progress) -> None:
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
        self.last_ids: dict[type[models.Model], int] = {}
        self.sources: list[Source] = []  # written by the batch (see source)

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def next_ids(self, model: type[models.Model], count: int) -> range:
        """`count` ids for new rows of `model`, after the last in its table or given."""
        if model not in self.last_ids:
            self.last_ids[model] = model.objects.aggregate(last=models.Max("pk"))["last"] or 0
        first = self.last_ids[model] + 1
        self.last_ids[model] += count
        return range(first, first + count)

    def insert[M: models.Model](self, objects: Sequence[M]) -> Sequence[M]:
        """Write model instances, each given its id first (as bulk_create would return
        it); a related record assigned before it had its id is read again, as the ORM
        does on saving."""
        if not objects:
            return objects
        model = type(objects[0])
        new = [obj for obj in objects if obj.pk is None]  # a source has its id already
        for obj, pk in zip(new, self.next_ids(model, len(new)), strict=True):
            obj.pk = pk
        for obj in objects:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
            obj._state.adding = False
        fields = model._meta.concrete_fields
        converted = [
            (index, field)
            for index, field in enumerate(fields)
            if not isinstance(field, _AS_THEY_ARE)
        ]
        attnames = [field.attname for field in fields]
        rows = []
        for obj in objects:
            row = [getattr(obj, name) for name in attnames]
            for index, field in converted:
                row[index] = field.get_db_prep_save(row[index], connection)
            rows.append(row)
        self._write(model, fields, rows)
        return objects

    def insert_rows(self, model: type[models.Model], fields: list[str], rows: list[tuple]) -> None:
        """Insert rows given as tuples, one value per field, already as the database
        takes them (see bulk.rows_insert)."""
        self._write(model, [model._meta.get_field(name) for name in fields], rows)

    def _write(
        self, model: type[models.Model], fields: Sequence[models.Field], rows: list[Any]
    ) -> None:
        """PostgreSQL: one COPY, several times faster than INSERTs over a million rows.
        SQLite: one prepared INSERT run over every row."""
        if not rows:
            return
        if self.sources and model is not Source:
            self.sources_write()
        if connection.vendor == "postgresql":
            copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(model._meta.db_table),
                sql.SQL(", ").join(sql.Identifier(field.column) for field in fields),
            )
            with connection.cursor() as cursor, cursor.cursor.copy(copy) as writer:
                for row in rows:
                    writer.write_row(row)
        else:
            rows_insert(model, fields, rows, convert=False)
        self.counts[model._meta.label] += len(rows)

    def source(self, slug: str, title: str, publisher: str, day: dt.date, kind: str) -> Source:
        """A source, its id given at once (records cite it by its id); the row is written
        with the next ones, in a batch, and before any other rows are.

        Other rows wait for none: while a row cites a source not yet written, SQLite
        looks for the rows citing each new row of any table (to see whether it was the
        one missing), by a full scan where the citing column's index is dropped for the
        load (generate._indexes_built_after): at a million items, minutes.
        """
        source = Source(
            pk=self.next_ids(Source, 1)[0],
            slug=f"{day:%Y-%m-%d}-{slug}"[:120],
            title=title,
            publisher=publisher,
            published_on=day,
            url=f"https://example.org/synthetic/{day:%Y/%m/%d}/{slug}",
            kind=kind,
        )
        self.sources.append(source)
        if len(self.sources) == BATCH_SIZE:
            self.sources_write()
        return source

    def sources_write(self) -> None:
        sources, self.sources = self.sources, []
        self.insert(sources)

    def finish(self) -> None:
        """Write the sources that wait; move PostgreSQL's id sequences (which do not see
        ids given explicitly) past the ids given."""
        self.sources_write()
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.last_ids)):
                cursor.execute(statement)
