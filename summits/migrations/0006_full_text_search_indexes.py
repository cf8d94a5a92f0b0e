"""GIN indexes for the free-text search `q` of the action-item and meeting lists.

PostgreSQL only: the index is on the very expression `summits.search.document()` builds,
so the planner uses it for `q`. SQLite searches by substring, which no index serves, so
nothing changes there. Not in the models' Meta: a GIN index cannot be created on SQLite.
"""

from django.db import migrations

from summits import search


def add_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name in search.DOCUMENTS:
        schema_editor.add_index(apps.get_model("summits", model_name), search.index(model_name))


def remove_indexes(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name in search.DOCUMENTS:
        schema_editor.remove_index(apps.get_model("summits", model_name), search.index(model_name))


class Migration(migrations.Migration):
    dependencies = [("summits", "0005_calendar_feed_tokens")]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
