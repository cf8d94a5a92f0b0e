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
        # PostgreSQL runs the tally triggers once per statement (migration 0024): a
        # statement per row would change each hot tally row once per row, and the
        # versions of a row changed in one transaction pile up (the next change walks
        # them all). A few hundred rows a statement keep them few.
        for start in range(0, len(params), ROWS_PER_STATEMENT):
            chunk = params[start : start + ROWS_PER_STATEMENT]
            cursor.execute(sql + ", ".join([values] * len(chunk)), [v for r in chunk for v in r])
