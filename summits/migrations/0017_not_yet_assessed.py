"""Not yet assessed: a commitment's status until someone records evidence of its state.

An item whose only status update is "not started" was given that status when it was
recorded (by an import, the drafter or the admin), not by an assessment: it becomes "not
yet assessed", update and item alike. An item with any later update keeps its history as
it is: someone looked at it.
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, Q


def unassessed(apps, schema_editor):
    ActionItem = apps.get_model("summits", "ActionItem")
    StatusUpdate = apps.get_model("summits", "StatusUpdate")
    only_not_started = ActionItem.objects.annotate(
        updates=Count("status_updates"),
        started=Count("status_updates", filter=Q(status_updates__status="not_started")),
    ).filter(updates=1, started=1)
    ids = list(only_not_started.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):  # below every backend's limit on parameters
        chunk = ids[start : start + 500]
        StatusUpdate.objects.filter(action_item_id__in=chunk).update(status="not_assessed")
        ActionItem.objects.filter(pk__in=chunk).update(status="not_assessed")


def assessed_again(apps, schema_editor):
    # Back to the scale before "not yet assessed": nothing had been assessed, nothing started.
    for name in ("ActionItem", "StatusUpdate"):
        model = apps.get_model("summits", name)
        model.objects.filter(status="not_assessed").update(status="not_started")


# SQLite remakes the action items' table for some of these changes, dropping the triggers
# of its search index (0009): they are made again after, as in 0012.
_RESTORE = import_module("summits.migrations.0012_half_year_precision")


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0016_outcome_documents_and_agreements"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Undoing this migration remakes the tables last: the triggers are restored after.
        migrations.RunPython(migrations.RunPython.noop, _RESTORE.restore_search_triggers),
        migrations.RemoveConstraint(
            model_name="actionitem",
            name="actionitem_status_valid",
        ),
        migrations.RemoveConstraint(
            model_name="statusupdate",
            name="statusupdate_status_valid",
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="status",
            field=models.CharField(
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
                default="not_assessed",
                editable=False,
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalactionitem",
            name="status",
            field=models.CharField(
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
                default="not_assessed",
                editable=False,
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatusupdate",
            name="status",
            field=models.CharField(
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
        migrations.AlterField(
            model_name="statusupdate",
            name="status",
            field=models.CharField(
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
        migrations.AddConstraint(
            model_name="actionitem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "not_assessed",
                            "not_started",
                            "in_progress",
                            "stalled",
                            "partially_fulfilled",
                            "fulfilled",
                            "not_fulfilled",
                            "withdrawn",
                        ],
                    )
                ),
                name="actionitem_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="statusupdate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "not_assessed",
                            "not_started",
                            "in_progress",
                            "stalled",
                            "partially_fulfilled",
                            "fulfilled",
                            "not_fulfilled",
                            "withdrawn",
                        ],
                    )
                ),
                name="statusupdate_status_valid",
            ),
        ),
        migrations.RunPython(unassessed, assessed_again),
        migrations.RunPython(_RESTORE.restore_search_triggers, migrations.RunPython.noop),
    ]
