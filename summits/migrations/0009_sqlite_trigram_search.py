"""Trigram full-text indexes for the free-text search `q` of the action-item and meeting lists.

SQLite only (PostgreSQL has its GIN indexes, 0006_full_text_search_indexes). Per table an
FTS5 table with the trigram tokenizer indexes the search fields, so that `summits.search`
finds a word as a case-insensitive substring through an index instead of LIKE over every
row. "External content": the FTS table stores only the index and reads the text from the
model's table; triggers keep the index in step with every write, ORM or raw SQL.

A later migration that remakes one of these tables on SQLite (Django does so for most
AlterField operations) drops its triggers: it must create them again and rebuild the
index. Until then `summits.search` falls back to LIKE for that model.
"""

from django.db import OperationalError, migrations

# The fields of summits.search.DOCUMENTS when this migration was written, as literals: a
# migration must build the same tables whatever DOCUMENTS becomes later.
COLUMNS = {
    "summits_actionitem": ("ref", "title", "text"),
    "summits_meeting": ("title", "summary", "slug"),
}


def _statements(table: str, columns: tuple[str, ...]) -> list[str]:
    """The FTS table `<table>_search`, its triggers `<table>_search_<event>`, its rebuild."""
    fts = f"{table}_search"
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    # External content needs 'delete' to be given the values that were indexed: the old row.
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        "content_rowid='id', tokenize='trigram case_sensitive 0')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        # Only writes to these columns change the index: a status update does not reindex.
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF id, {names} ON {table} "
        f"BEGIN {delete} {insert} END",
        # Index the rows already there.
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def create_indexes(apps, schema_editor, tables: dict | None = None) -> None:
    # `tables`: for a later migration indexing other tables the same way.
    if schema_editor.connection.vendor != "sqlite":
        return
    for table, columns in (tables or COLUMNS).items():
        create, *rest = _statements(table, columns)
        try:
            schema_editor.execute(create)
        except OperationalError as error:
            # An SQLite built without FTS5: no index, and search keeps to LIKE.
            if "no such module" in str(error):
                return
            raise
        for statement in rest:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor, tables: dict | None = None) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in tables or COLUMNS:
        for event in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_search")


class Migration(migrations.Migration):
    dependencies = [("summits", "0008_indexes_for_dashboard")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
