"""A summit's meetings by date (models.Meeting's meeting_summit_date_idx): its page's
latest meetings read from one end of the summit's entries."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0030_meeting_name_trigram_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                fields=["summit", "date_start", "id"], name="meeting_summit_date_idx"
            ),
        ),
        # Statistics for the new index, as in 0027_follow_up_indexes.
        migrations.RunSQL('ANALYZE "summits_meeting"', migrations.RunSQL.noop),
    ]
