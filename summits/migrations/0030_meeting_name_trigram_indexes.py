"""Trigram indexes of the meetings' titles and slugs on PostgreSQL, for the meeting
picker and the meetings named in a filter box (summits/queries/picking.py).

Their `icontains` is `UPPER(column) LIKE '%TEXT%'`, which no B-tree serves: a whole
title typed read every meeting (100,000 at 1,000,000 items: 96-132 ms). A GIN index of
pg_trgm on the very expression answers it from the text's trigrams (10,000 meetings:
29 -> 1.4 ms), as SQLite's trigram table does there (0009_sqlite_trigram_search).
Not in the models' Meta: a GIN index cannot be created on SQLite.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# On the expressions Django writes for `icontains` on PostgreSQL: UPPER("title"::text).
FIELDS = ("title", "slug")


def add_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX meeting_{field}_trgm ON summits_meeting "
            f"USING gin (UPPER({field}::text) gin_trgm_ops)"
        )


def remove_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX meeting_{field}_trgm")


class Migration(migrations.Migration):
    dependencies = [("summits", "0029_summit_fresh_index")]

    # TrigramExtension does nothing on SQLite.
    operations = [TrigramExtension(), migrations.RunPython(add_indexes, remove_indexes)]
