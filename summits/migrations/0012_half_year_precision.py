"""A half-year precision for fuzzy dates ("second half of 2026").

The precision's choices live in each date's check constraint, which SQLite changes by
remaking the table: that drops the triggers that keep the action items' and meetings'
trigram search indexes (0009) in step, so they are made again and the indexes rebuilt,
after the change and after undoing it.
"""

import importlib

from django.conf import settings
from django.db import migrations, models

_SEARCH = importlib.import_module("summits.migrations.0009_sqlite_trigram_search")


def restore_search_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, columns in _SEARCH.COLUMNS.items():
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
                [f"{table}_search"],
            )
            if cursor.fetchone() is None:
                continue  # an SQLite without FTS5: search keeps to LIKE
            _create, *triggers_and_rebuild = _SEARCH._statements(table, columns)
            for event in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
            for statement in triggers_and_rebuild:
                schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0011_report_drafts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Undoing this migration remakes the tables last: the triggers are restored after.
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.RemoveConstraint(
            model_name="actionitem",
            name="actionitem_due_precision_valid",
        ),
        migrations.RemoveConstraint(
            model_name="meeting",
            name="meeting_date_precision_valid",
        ),
        migrations.RemoveConstraint(
            model_name="summit",
            name="summit_date_precision_valid",
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="due_precision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("day", "day"),
                    ("early", "early month (1–10)"),
                    ("mid", "mid-month (11–20)"),
                    ("late", "late month (21–end)"),
                    ("month", "month"),
                    ("quarter", "quarter"),
                    ("half", "half-year"),
                    ("year", "year"),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="historicalactionitem",
            name="due_precision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("day", "day"),
                    ("early", "early month (1–10)"),
                    ("mid", "mid-month (11–20)"),
                    ("late", "late month (21–end)"),
                    ("month", "month"),
                    ("quarter", "quarter"),
                    ("half", "half-year"),
                    ("year", "year"),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="historicalmeeting",
            name="date_precision",
            field=models.CharField(
                choices=[
                    ("day", "day"),
                    ("early", "early month (1–10)"),
                    ("mid", "mid-month (11–20)"),
                    ("late", "late month (21–end)"),
                    ("month", "month"),
                    ("quarter", "quarter"),
                    ("half", "half-year"),
                    ("year", "year"),
                ],
                default="day",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="historicalsummit",
            name="date_precision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("day", "day"),
                    ("early", "early month (1–10)"),
                    ("mid", "mid-month (11–20)"),
                    ("late", "late month (21–end)"),
                    ("month", "month"),
                    ("quarter", "quarter"),
                    ("half", "half-year"),
                    ("year", "year"),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="date_precision",
            field=models.CharField(
                choices=[
                    ("day", "day"),
                    ("early", "early month (1–10)"),
                    ("mid", "mid-month (11–20)"),
                    ("late", "late month (21–end)"),
                    ("month", "month"),
                    ("quarter", "quarter"),
                    ("half", "half-year"),
                    ("year", "year"),
                ],
                default="day",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="summit",
            name="date_precision",
            field=models.CharField(
                blank=True,
                choices=[
                    ("day", "day"),
                    ("early", "early month (1–10)"),
                    ("mid", "mid-month (11–20)"),
                    ("late", "late month (21–end)"),
                    ("month", "month"),
                    ("quarter", "quarter"),
                    ("half", "half-year"),
                    ("year", "year"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="actionitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("due_precision", ""), ("due_start__isnull", True)),
                    models.Q(
                        (
                            "due_precision__in",
                            ["day", "early", "mid", "late", "month", "quarter", "half", "year"],
                        ),
                        ("due_start__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="actionitem_due_precision_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("date_precision", ""), ("date_start__isnull", True)),
                    models.Q(
                        (
                            "date_precision__in",
                            ["day", "early", "mid", "late", "month", "quarter", "half", "year"],
                        ),
                        ("date_start__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="meeting_date_precision_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="summit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("date_precision", ""), ("date_start__isnull", True)),
                    models.Q(
                        (
                            "date_precision__in",
                            ["day", "early", "mid", "late", "month", "quarter", "half", "year"],
                        ),
                        ("date_start__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="summit_date_precision_valid",
            ),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
    ]
