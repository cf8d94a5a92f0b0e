from django.conf import settings
from django.db import migrations, models

# The links of the two many-to-manys the action items' list filters on, by the record
# linked, each with the item's id: a filtered count reads them from the index alone
# (Django makes an index on each column by itself; the through tables are Django's own,
# so their indexes cannot be declared on a model).
LINK_INDEXES = [
    ("actionitem_sectors_sector_item_idx", "summits_actionitem_sectors", "sector_id"),
    (
        "actionitem_responsible_org_item_idx",
        "summits_actionitem_responsible",
        "organisation_id",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0023_import_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(fields=["status", "ref", "id"], name="actionitem_status_ref_idx"),
        ),
        *(
            migrations.RunSQL(
                f'CREATE INDEX "{name}" ON "{table}" ("{column}", "actionitem_id")',
                f'DROP INDEX "{name}"',
            )
            for name, table, column in LINK_INDEXES
        ),
        # Statistics for the new indexes: without them SQLite counted a status and a
        # sector through the status's 38,000 items of 100,000 (26 ms) instead of the
        # sector's 7,000 links (2 ms).
        *(
            migrations.RunSQL(f'ANALYZE "{table}"', migrations.RunSQL.noop)
            for table in ("summits_actionitem", *(table for _, table, _ in LINK_INDEXES))
        ),
    ]
