"""Trigram full-text indexes for searching agreements (title, notes, slug) and the
paragraphs of outcome documents (their text) on SQLite, as 0009_sqlite_trigram_search
made for action items and meetings: the site search and the agreements' and documents'
lists then find a word of three characters or more through an index, not LIKE over
every paragraph. PostgreSQL searches them as it searches sources.
"""

from importlib import import_module

from django.db import migrations

# The same tables and triggers as 0009's, for the fields as written now.
trigram = import_module("summits.migrations.0009_sqlite_trigram_search")
COLUMNS = {
    "summits_agreement": ("title", "notes", "slug"),
    "summits_paragraph": ("text",),
}


def create_indexes(apps, schema_editor) -> None:
    trigram.create_indexes(apps, schema_editor, COLUMNS)


def drop_indexes(apps, schema_editor) -> None:
    trigram.drop_indexes(apps, schema_editor, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("summits", "0018_frozen_compliance_reports")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
