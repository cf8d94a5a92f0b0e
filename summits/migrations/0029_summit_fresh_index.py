"""A summit's open items by last update (models.ActionItem's actionitem_summit_fresh_idx)
in place of its items by due date's precision (actionitem_summit_risk_idx): a summit's
readiness now counts its items at risk from the few updated lately and the few not yet
overdue (queries.summit_risk_counts), each a range of an index, instead of testing every
open item; actionitem_summit_due_idx serves the second."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0028_summit_lists_and_party_tallies"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="actionitem", name="actionitem_summit_risk_idx"),
        migrations.AddIndex(
            model_name="actionitem",
            index=models.Index(
                fields=["target_summit", "status", "status_as_of", "due_precision", "due_start"],
                name="actionitem_summit_fresh_idx",
            ),
        ),
        # Statistics for the new index, as in 0027_follow_up_indexes.
        migrations.RunSQL('ANALYZE "summits_actionitem"', migrations.RunSQL.noop),
    ]
