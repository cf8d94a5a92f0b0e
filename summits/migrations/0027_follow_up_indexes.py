"""The follow-up page's indexes: action items by status then due date, and commissions'
meetings by date (models.ActionItem's actionitem_status_due_idx, models.Meeting's
meeting_commission_date_idx)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0026_score_day_tallies"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(
                fields=["status", "due_start", "id"], name="actionitem_status_due_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                fields=["commission", "date_start"], name="meeting_commission_date_idx"
            ),
        ),
        # Statistics for the new indexes, as in 0024_list_count_indexes: SQLite weighs an
        # index it has none for by guesses.
        *(
            migrations.RunSQL(f'ANALYZE "{table}"', migrations.RunSQL.noop)
            for table in ("summits_actionitem", "summits_meeting")
        ),
    ]
