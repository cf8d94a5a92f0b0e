"""A trigram full-text index for the sources' free-text search `q` on SQLite, as
0009_sqlite_trigram_search made for action items and meetings: LIKE read the full text of
every source for each search (the site search's slowest query at 100,000 items).
PostgreSQL keeps its search of sources as it was.
"""

from importlib import import_module

from django.db import migrations

# The same tables and triggers as 0009's, for the fields of sources as written now.
trigram = import_module("summits.migrations.0009_sqlite_trigram_search")
COLUMNS = {"summits_source": ("title", "publisher", "text")}


def create_indexes(apps, schema_editor) -> None:
    trigram.create_indexes(apps, schema_editor, COLUMNS)


def drop_indexes(apps, schema_editor) -> None:
    trigram.drop_indexes(apps, schema_editor, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("summits", "0014_saved_views")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
