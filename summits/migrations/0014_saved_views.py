"""Saved views: a list's filters, sort and columns under a name, private or shared, with
an optional digest by mail.

The groups get their permissions on it by the rule of 0002 (Analysts everything, Viewers
view): in the admin analysts can tidy up shared views; on the pages every reader saves,
opens and deletes their own views whatever their group.
"""

from importlib import import_module

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

create_groups = import_module("summits.migrations.0002_analyst_and_viewer_groups").create_groups


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0013_key_patterns_and_item_owners"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SavedView",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                (
                    "list_key",
                    models.CharField(
                        choices=[
                            ("action-items", "Action items"),
                            ("meetings", "Meetings"),
                            ("summits", "Summits"),
                            ("series", "Summit series"),
                            ("commissions", "Commissions"),
                            ("agreements", "Agreements"),
                            ("documents", "Outcome documents"),
                            ("people", "People"),
                            ("organisations", "Organisations"),
                            ("sources", "Sources"),
                        ],
                        db_index=True,
                        max_length=20,
                        verbose_name="list",
                    ),
                ),
                (
                    "query",
                    models.CharField(
                        blank=True,
                        help_text="Filters, sort, page size and columns as a query string, in the "
                        "list form's order, without blanks or a page number.",
                        max_length=2000,
                    ),
                ),
                (
                    "shared",
                    models.BooleanField(
                        default=False,
                        help_text="Everyone who reads the tracker sees it, not only its owner.",
                    ),
                ),
                (
                    "digest",
                    models.CharField(
                        choices=[("none", "no mail"), ("daily", "daily"), ("weekly", "weekly")],
                        default="none",
                        max_length=10,
                        verbose_name="mail me this list",
                    ),
                ),
                (
                    "last_sent",
                    models.DateTimeField(
                        blank=True,
                        editable=False,
                        help_text="When its digest was last mailed.",
                        null=True,
                    ),
                ),
                (
                    "created",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated", models.DateTimeField(auto_now=True)),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="saved_views",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["list_key", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        models.F("owner"),
                        models.F("list_key"),
                        django.db.models.functions.text.Lower("name"),
                        name="savedview_unique_name",
                        violation_error_message=(
                            "You already have a view of this list by that name."
                        ),
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("name", ""), _negated=True), name="savedview_name_given"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "list_key__in",
                                [
                                    "action-items",
                                    "meetings",
                                    "summits",
                                    "series",
                                    "commissions",
                                    "agreements",
                                    "documents",
                                    "people",
                                    "organisations",
                                    "sources",
                                ],
                            )
                        ),
                        name="savedview_list_key_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("digest__in", ["none", "daily", "weekly"])),
                        name="savedview_digest_valid",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
