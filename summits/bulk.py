"""Rows inserted in bulk with one prepared statement, past the ORM: for the report importer
and the synthetic-data generator, which write tens of thousands to millions of rows.

The ORM's bulk_create compiles SQL for every batch of a few hundred rows (SQLite caps a
statement's parameters) and builds a model instance per row: for a large report that was
most of the import's time, and for the generator several times the cost of the insert.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router


def rows_insert(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Iterable[Sequence[Any]],
    *,
    convert: bool = True,
) -> None:
    """INSERT rows, one value per field in order, with one prepared statement.

    Values go through each field's own conversion (as the ORM would convert them) unless
    convert is False: values already as the database takes them (numbers, text) are then
    passed as they are, which saves a call per value on a million rows.
    """
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    if convert:
        prepare = [f.get_db_prep_save for f in fields]
        params = [
            [to_db(value, connection) for to_db, value in zip(prepare, row, strict=True)]
            for row in rows
        ]
    else:
        params = list(rows)
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
