"""Give the two groups their permissions on the models added since 0002 (import log,
calendar feed tokens, history), by the same rule: Analysts everything, Viewers view."""

from importlib import import_module

from django.db import migrations

# Idempotent: creates missing permissions, then adds them to the existing groups.
create_groups = import_module("summits.migrations.0002_analyst_and_viewer_groups").create_groups


class Migration(migrations.Migration):
    dependencies = [("summits", "0006_full_text_search_indexes")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
