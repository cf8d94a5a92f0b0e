"""Notifications: a summit's watchers, what each user is told (Notification) and how they
want each kind mailed (NotificationPreference); background tasks as the admin lists them
(BackgroundTask, a proxy of django-tasks-db's table).

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
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("summits", "0020_api_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BackgroundTask",
            fields=[],
            options={
                "verbose_name": "background task",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("django_tasks_database.dbtaskresult",),
        ),
        migrations.AddField(
            model_name="summit",
            name="watchers",
            field=models.ManyToManyField(
                blank=True, related_name="watched_summits", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.CreateModel(
            name="Notification",
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
                        choices=[
                            ("item_changed", "an action item I own or watch changes"),
                            ("summit_changed", "a summit I watch changes date or status"),
                            ("reminder", "an action item I own falls due or becomes overdue"),
                        ],
                        max_length=20,
                    ),
                ),
                ("key", models.CharField(max_length=120)),
                ("message", models.CharField(max_length=500)),
                ("url", models.CharField(max_length=300)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("read_at", models.DateTimeField(blank=True, null=True)),
                ("emailed_at", models.DateTimeField(blank=True, null=True)),
                ("mail_error", models.CharField(blank=True, max_length=500)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["user", "read_at"], name="notification_unread_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("user", "key"), name="notification_unique_key"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["item_changed", "summit_changed", "reminder"])
                        ),
                        name="notification_kind_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="NotificationPreference",
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
                        choices=[
                            ("item_changed", "an action item I own or watch changes"),
                            ("summit_changed", "a summit I watch changes date or status"),
                            ("reminder", "an action item I own falls due or becomes overdue"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "delivery",
                    models.CharField(
                        choices=[
                            ("immediately", "by e-mail, immediately"),
                            ("digest", "by e-mail, in the daily digest"),
                            ("never", "not by e-mail (only in the app)"),
                        ],
                        default="immediately",
                        max_length=12,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_preferences",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "kind"), name="notificationpreference_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("delivery__in", ["immediately", "digest", "never"])),
                        name="notificationpreference_delivery_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
