"""What summits produce: outcome documents with numbered paragraphs (which commitments
cite), agreements with their parties, signatories, validity and mechanisms, and the
relations between commitments (reaffirms, extends, supersedes, depends on).

The groups get their permissions on them by the rule of 0002: Analysts everything,
Viewers view.
"""

from importlib import import_module

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

create_groups = import_module("summits.migrations.0002_analyst_and_viewer_groups").create_groups


# SQLite remakes the action items' table for some of these changes, dropping the triggers
# of its search index (0009): they are made again after, as in 0012.
_RESTORE = import_module("summits.migrations.0012_half_year_precision")


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0015_sqlite_trigram_sources"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Undoing this migration remakes the tables last: the triggers are restored after.
        migrations.RunPython(migrations.RunPython.noop, _RESTORE.restore_search_triggers),
        migrations.CreateModel(
            name="Agreement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True)),
                ("title", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("agreement", "agreement"),
                            ("mou", "memorandum of understanding"),
                            ("protocol", "protocol"),
                            ("programme", "programme"),
                            ("treaty", "treaty"),
                            ("exchange_of_letters", "exchange of letters"),
                        ],
                        default="agreement",
                        max_length=20,
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("government", "government-to-government"),
                            ("business", "business"),
                        ],
                        default="government",
                        max_length=12,
                    ),
                ),
                ("signed_on", models.DateField(blank=True, null=True, verbose_name="signed on")),
                (
                    "entry_into_force",
                    models.DateField(blank=True, null=True, verbose_name="entry into force"),
                ),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="expires on")),
                (
                    "renews_automatically",
                    models.BooleanField(
                        default=False,
                        help_text="Renewed for a further term unless a party gives notice.",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("signed", "signed"),
                            ("in_force", "in force"),
                            ("expired", "expired"),
                            ("terminated", "terminated"),
                            ("superseded", "superseded"),
                        ],
                        default="signed",
                        max_length=12,
                    ),
                ),
                ("notes", models.TextField(blank=True)),
                (
                    "action_items",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The commitments it carries.",
                        related_name="agreements",
                        to="summits.actionitem",
                        verbose_name="commitments",
                    ),
                ),
                (
                    "countries",
                    models.ManyToManyField(
                        blank=True,
                        related_name="agreements",
                        to="summits.country",
                        verbose_name="parties (countries)",
                    ),
                ),
                (
                    "mechanisms",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The commissions or working groups it sets up or mandates.",
                        related_name="agreements",
                        to="summits.commission",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        help_text="The meeting it was signed at: its signatories must have taken part.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreements",
                        to="summits.meeting",
                    ),
                ),
                (
                    "organisations",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The ministries, agencies or companies that signed, for a business agreement or one between agencies.",
                        related_name="agreements",
                        to="summits.organisation",
                        verbose_name="parties (organisations)",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreements",
                        to="summits.place",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        help_text="The summit it was signed at, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agreements",
                        to="summits.summit",
                    ),
                ),
                (
                    "superseded_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="The agreement that replaced it.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="supersedes",
                        to="summits.agreement",
                    ),
                ),
            ],
            options={
                "ordering": ["-signed_on", "title"],
            },
        ),
        migrations.CreateModel(
            name="AgreementCitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True, help_text="The sentence of the source that supports the record."
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citations",
                        to="summits.agreement",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="summits.source",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="agreement",
            name="sources",
            field=models.ManyToManyField(
                related_name="agreements", through="summits.AgreementCitation", to="summits.source"
            ),
        ),
        migrations.CreateModel(
            name="HistoricalActionItemRelation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("reaffirms", "reaffirms"),
                            ("extends", "extends"),
                            ("supersedes", "supersedes"),
                            ("depends_on", "depends on"),
                        ],
                        max_length=12,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "action_item",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.actionitem",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "other",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The commitment it reaffirms, extends, supersedes or depends on.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.actionitem",
                        verbose_name="other commitment",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical action item relation",
                "verbose_name_plural": "historical action item relations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreement",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120)),
                ("title", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("agreement", "agreement"),
                            ("mou", "memorandum of understanding"),
                            ("protocol", "protocol"),
                            ("programme", "programme"),
                            ("treaty", "treaty"),
                            ("exchange_of_letters", "exchange of letters"),
                        ],
                        default="agreement",
                        max_length=20,
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("government", "government-to-government"),
                            ("business", "business"),
                        ],
                        default="government",
                        max_length=12,
                    ),
                ),
                ("signed_on", models.DateField(blank=True, null=True, verbose_name="signed on")),
                (
                    "entry_into_force",
                    models.DateField(blank=True, null=True, verbose_name="entry into force"),
                ),
                ("expires_on", models.DateField(blank=True, null=True, verbose_name="expires on")),
                (
                    "renews_automatically",
                    models.BooleanField(
                        default=False,
                        help_text="Renewed for a further term unless a party gives notice.",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("signed", "signed"),
                            ("in_force", "in force"),
                            ("expired", "expired"),
                            ("terminated", "terminated"),
                            ("superseded", "superseded"),
                        ],
                        default="signed",
                        max_length=12,
                    ),
                ),
                ("notes", models.TextField(blank=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The meeting it was signed at: its signatories must have taken part.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.meeting",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.place",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The summit it was signed at, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.summit",
                    ),
                ),
                (
                    "superseded_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The agreement that replaced it.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.agreement",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical agreement",
                "verbose_name_plural": "historical agreements",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreement_action_items",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "actionitem",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.actionitem",
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.agreement",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="summits.historicalagreement",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAgreement_action_items",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreement_countries",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.agreement",
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.country",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="summits.historicalagreement",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAgreement_countries",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreement_mechanisms",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.agreement",
                    ),
                ),
                (
                    "commission",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.commission",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="summits.historicalagreement",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAgreement_mechanisms",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreement_organisations",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.agreement",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="summits.historicalagreement",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalAgreement_organisations",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAgreementCitation",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True, help_text="The sentence of the source that supports the record."
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.agreement",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical agreement citation",
                "verbose_name_plural": "historical agreement citations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOutcomeDocument",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text='e.g. "2025-12-05-india-russia-joint-statement".', max_length=120
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("joint_statement", "joint statement"),
                            ("list_of_outcomes", "list of outcomes"),
                            ("declaration", "declaration"),
                            ("protocol", "protocol"),
                            ("programme", "programme"),
                            ("other", "other"),
                        ],
                        default="joint_statement",
                        max_length=20,
                    ),
                ),
                ("adopted_on", models.DateField(verbose_name="adopted on")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The meeting or session that adopted it, if not a summit.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.meeting",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Where its text is published.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.source",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.summit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical outcome document",
                "verbose_name_plural": "historical outcome documents",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSignatory",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        help_text="The title they signed under, as the text gives it.",
                        max_length=300,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.agreement",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.person",
                    ),
                ),
                (
                    "side",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The party they signed for.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.country",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical signatory",
                "verbose_name_plural": "historical signatories",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="OutcomeDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text='e.g. "2025-12-05-india-russia-joint-statement".',
                        max_length=120,
                        unique=True,
                    ),
                ),
                ("title", models.CharField(max_length=300)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("joint_statement", "joint statement"),
                            ("list_of_outcomes", "list of outcomes"),
                            ("declaration", "declaration"),
                            ("protocol", "protocol"),
                            ("programme", "programme"),
                            ("other", "other"),
                        ],
                        default="joint_statement",
                        max_length=20,
                    ),
                ),
                ("adopted_on", models.DateField(verbose_name="adopted on")),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        help_text="The meeting or session that adopted it, if not a summit.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="summits.meeting",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="Where its text is published.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="summits.source",
                    ),
                ),
                (
                    "summit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="summits.summit",
                    ),
                ),
            ],
            options={
                "ordering": ["-adopted_on", "title"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalParagraph",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(help_text="Its number in the document: 12."),
                ),
                ("text", models.TextField()),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "document",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="summits.outcomedocument",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical paragraph",
                "verbose_name_plural": "historical paragraphs",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Paragraph",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(help_text="Its number in the document: 12."),
                ),
                ("text", models.TextField()),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="paragraphs",
                        to="summits.outcomedocument",
                    ),
                ),
            ],
            options={
                "ordering": ["document", "number"],
            },
        ),
        migrations.AddField(
            model_name="actionitem",
            name="paragraph",
            field=models.ForeignKey(
                blank=True,
                help_text="The paragraph of an outcome document it is drawn from.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="action_items",
                to="summits.paragraph",
            ),
        ),
        migrations.AddField(
            model_name="historicalactionitem",
            name="paragraph",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The paragraph of an outcome document it is drawn from.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="summits.paragraph",
            ),
        ),
        migrations.CreateModel(
            name="Signatory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        help_text="The title they signed under, as the text gives it.",
                        max_length=300,
                    ),
                ),
                (
                    "agreement",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signatories",
                        to="summits.agreement",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="signatures",
                        to="summits.person",
                    ),
                ),
                (
                    "side",
                    models.ForeignKey(
                        blank=True,
                        help_text="The party they signed for.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="summits.country",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "signatories",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="ActionItemRelation",
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
                            ("reaffirms", "reaffirms"),
                            ("extends", "extends"),
                            ("supersedes", "supersedes"),
                            ("depends_on", "depends on"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "action_item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="relations",
                        to="summits.actionitem",
                    ),
                ),
                (
                    "other",
                    models.ForeignKey(
                        help_text="The commitment it reaffirms, extends, supersedes or depends on.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="related_from",
                        to="summits.actionitem",
                        verbose_name="other commitment",
                    ),
                ),
            ],
            options={
                "ordering": ["pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("action_item", "kind", "other"), name="actionitemrelation_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("action_item", models.F("other")), _negated=True),
                        name="actionitemrelation_not_to_itself",
                        violation_error_message="A commitment cannot relate to itself.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("kind__in", ["reaffirms", "extends", "supersedes", "depends_on"])
                        ),
                        name="actionitemrelation_kind_valid",
                    ),
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="agreementcitation",
            constraint=models.UniqueConstraint(
                fields=("agreement", "source"), name="agreementcitation_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["status"], name="summits_agr_status_05a747_idx"),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["expires_on"], name="summits_agr_expires_b1ab61_idx"),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug__regex", "\\A[-a-zA-Z0-9_]+\\Z")),
                name="agreement_slug_valid",
                violation_error_message="Enter a valid slug: letters, digits, underscores or hyphens only.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("signed_on__isnull", True),
                    ("entry_into_force__isnull", True),
                    ("entry_into_force__gte", models.F("signed_on")),
                    _connector="OR",
                ),
                name="agreement_in_force_after_signing",
                violation_error_message="An agreement cannot enter into force before it is signed.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("expires_on__isnull", True),
                    models.Q(
                        models.Q(
                            ("entry_into_force__isnull", True),
                            ("expires_on__gt", models.F("entry_into_force")),
                            _connector="OR",
                        ),
                        models.Q(
                            ("signed_on__isnull", True),
                            ("expires_on__gt", models.F("signed_on")),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="agreement_expires_after_it_starts",
                violation_error_message="An agreement expires after it is signed and after it enters into force.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("superseded_by__isnull", True), ("status", "superseded"), _connector="OR"
                ),
                name="agreement_superseded_by_means_superseded",
                violation_error_message="An agreement replaced by another has the status superseded.",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["signed", "in_force", "expired", "terminated", "superseded"])
                ),
                name="agreement_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcomedocument",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug__regex", "\\A[-a-zA-Z0-9_]+\\Z")),
                name="outcomedocument_slug_valid",
                violation_error_message="Enter a valid slug: letters, digits, underscores or hyphens only.",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcomedocument",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("summit__isnull", False), ("meeting__isnull", False), _connector="OR"
                ),
                name="outcomedocument_has_summit_or_meeting",
                violation_error_message="Give the summit or the meeting it came from.",
            ),
        ),
        migrations.AddConstraint(
            model_name="paragraph",
            constraint=models.UniqueConstraint(
                fields=("document", "number"), name="paragraph_unique_number"
            ),
        ),
        migrations.AddConstraint(
            model_name="paragraph",
            constraint=models.CheckConstraint(
                condition=models.Q(("number__gte", 1)), name="paragraph_number_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="signatory",
            constraint=models.UniqueConstraint(
                fields=("agreement", "person"), name="signatory_unique"
            ),
        ),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(_RESTORE.restore_search_triggers, migrations.RunPython.noop),
    ]
