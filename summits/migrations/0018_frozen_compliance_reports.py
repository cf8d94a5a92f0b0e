"""Compliance reports frozen at a cut-off date, with each commitment's status as of then.

The groups get their permissions on them by the rule of 0002: Analysts everything,
Viewers view.
"""

from importlib import import_module

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

create_groups = import_module("summits.migrations.0002_analyst_and_viewer_groups").create_groups


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0017_not_yet_assessed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ComplianceReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("interim", "interim"), ("final", "final")], max_length=10
                    ),
                ),
                (
                    "cut_off",
                    models.DateField(
                        help_text="Statuses as of the end of this day.", verbose_name="cut-off date"
                    ),
                ),
                (
                    "figures",
                    models.JSONField(
                        default=dict,
                        help_text="The scores as of the cut-off: overall and per party.",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
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
                    "summit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="compliance_reports",
                        to="summits.summit",
                    ),
                ),
            ],
            options={
                "ordering": ["summit", "cut_off", "kind"],
            },
        ),
        migrations.CreateModel(
            name="ComplianceReportEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("ref", models.CharField(max_length=60, verbose_name="reference")),
                ("title", models.CharField(max_length=300)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("not_assessed", "not yet assessed"),
                            ("not_started", "not started"),
                            ("in_progress", "in progress"),
                            ("stalled", "stalled"),
                            ("partially_fulfilled", "partially fulfilled"),
                            ("fulfilled", "fulfilled"),
                            ("not_fulfilled", "not fulfilled"),
                            ("withdrawn", "withdrawn"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "parties",
                    models.JSONField(
                        default=list, help_text="ISO codes of the countries it binds."
                    ),
                ),
                (
                    "action_item",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="summits.actionitem",
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entries",
                        to="summits.compliancereport",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "compliance report entries",
                "ordering": ["report", "ref"],
            },
        ),
        migrations.AddConstraint(
            model_name="compliancereport",
            constraint=models.UniqueConstraint(
                fields=("summit", "kind", "cut_off"), name="compliancereport_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="compliancereport",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["interim", "final"])),
                name="compliancereport_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="compliancereportentry",
            constraint=models.UniqueConstraint(
                fields=("report", "ref"), name="compliancereportentry_unique"
            ),
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
