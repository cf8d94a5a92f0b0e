"""A meeting's summit and commission keys lose their own indexes: (summit, date) and
(commission, date) start with them. Offered both, PostgreSQL could pick the key's index
alone and filter the dates row by row.

The indexes are dropped by name rather than by AlterField, which on SQLite rebuilds the
table and with it would drop the full-text search's triggers on summits_meeting."""

from django.db import migrations, models

# Django's names for the foreign keys' indexes, the same on both backends.
INDEXES = {
    "summit": "summits_meeting_summit_id_6dc9dbed",
    "commission": "summits_meeting_commission_id_6f0665e0",
}


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0031_meeting_summit_date_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="meeting",
                    name="commission",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="meetings",
                        to="summits.commission",
                    ),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="summit",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The summit this meeting prepares, if any.",
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="meetings",
                        to="summits.summit",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    f"CREATE INDEX {name} ON summits_meeting ({field}_id)",
                )
                for field, name in INDEXES.items()
            ],
        ),
    ]
