"""Rows inserted in bulk with one prepared statement, past the ORM: for the report importer
and the synthetic-data generator, which write tens of thousands to millions of rows.

The ORM's bulk_create compiles SQL for every batch of a few hundred rows (SQLite caps a
statement's parameters) and builds a model instance per row: for a large report that was
most of the import's time, and for the generator several times the cost of the insert.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router

# Rows per INSERT on PostgreSQL: far below its 65,535 parameters at any model's width.
ROWS_PER_STATEMENT = 500


def rows_insert(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Iterable[Sequence[Any]],
    *,
    convert: bool = True,
) -> None:
    """INSERT rows, one value per field in order, with one prepared statement (on
    PostgreSQL, one statement per ROWS_PER_STATEMENT rows).

    Values go through each field's own conversion (as the ORM would convert them) unless
    convert is False: values already as the database takes them (numbers, text) are then
    passed as they are, which saves a call per value on a million rows.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    values = "({})".format(", ".join(["%s"] * len(fields)))
    sql = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    if convert:
        prepare = [f.get_db_prep_save for f in fields]
        params = [
            [to_db(value, connection) for to_db, value in zip(prepare, row, strict=True)]
            for row in rows
        ]
    else:
        params = list(rows)
    if not params:
        return
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(sql + values, params)
            return
        # PostgreSQL runs the tally triggers once per statement (migration 0025): a
        # statement per row would change each hot tally row once per row, and the
        # versions of a row changed in one transaction pile up (the next change walks
        # them all). A few hundred rows a statement keep them few.
        for start in range(0, len(params), ROWS_PER_STATEMENT):
            chunk = params[start : start + ROWS_PER_STATEMENT]
            cursor.execute(sql + ", ".join([values] * len(chunk)), [v for r in chunk for v in r])


# SQLite's ANALYZE reads about this many rows of each index rather than every row:
# statistics good enough for the planner at a fraction of the time (80 ms against a
# second at 100,000 items).
SQLITE_ANALYSIS_LIMIT = 1000


def statistics_refresh(models_written: Iterable[type[models.Model]]) -> None:
    """Fresh query-planner statistics for the tables of `models_written` and their
    many-to-many links, after rows were loaded in bulk. SQLite has none until ANALYZE
    runs, and plans with old ones as if the tables had not grown: a filtered list then
    counts through the wrong index. PostgreSQL's autovacuum would get there a minute
    later. ANALYZE may run inside the loading transaction (VACUUM may not)."""
    by_database: dict[str, set[str]] = {}
    for model in models_written:
        tables = by_database.setdefault(router.db_for_write(model), set())
        tables.add(model._meta.db_table)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                tables.add(through._meta.db_table)
    for alias, tables in by_database.items():
        connection = connections[alias]
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
            for table in sorted(tables):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
