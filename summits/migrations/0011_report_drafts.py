"""Report drafts: a report on its way in, reviewed in the browser before it is imported.

The groups get their permissions on it by the rule of 0002: Analysts everything, Viewers view.
"""

from importlib import import_module

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

create_groups = import_module("summits.migrations.0002_analyst_and_viewer_groups").create_groups


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0010_due_sort_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportDraft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                ("publisher", models.CharField(max_length=200)),
                ("published_on", models.DateField()),
                ("url", models.URLField(blank=True, max_length=500, verbose_name="URL")),
                (
                    "file_name",
                    models.CharField(
                        blank=True,
                        help_text="The uploaded file the text was read from, if any.",
                        max_length=300,
                    ),
                ),
                ("text", models.TextField(verbose_name="report text")),
                (
                    "records",
                    models.JSONField(
                        default=list, help_text="The drafted records and their review."
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draft", "being reviewed"),
                            ("reviewed", "reviewed, not imported"),
                            ("imported", "imported"),
                        ],
                        db_index=True,
                        default="draft",
                        max_length=10,
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "fixture",
                    models.TextField(
                        blank=True,
                        help_text="The records as imported, in fixture JSON.",
                        verbose_name="reviewed fixture",
                    ),
                ),
                (
                    "outcomes",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Per imported record: its model, key and outcome.",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "imports",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The import it was loaded by.",
                        related_name="drafts",
                        to="summits.reportimport",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("state__in", ["draft", "reviewed", "imported"])),
                        name="reportdraft_state_valid",
                    )
                ],
            },
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
