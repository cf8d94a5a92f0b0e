"""What a refused write must leave unchanged: every table's rows, as one digest each."""

import hashlib

from django.db import connection


def database_digest() -> dict[str, str]:
    """Per table of the project's models, a hash of its rows: two equal digests mean no
    row was added, removed or changed, and a difference names the table. Far cheaper
    than `dumpdata`, which looks up every natural key again."""
    digest = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            digest[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digest
