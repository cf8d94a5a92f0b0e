"""Natural keys fit for URLs, and item owners who may follow items up.

- Every slug, reference and country code gets a check constraint with its pattern (the
  models' validators, in the database): no line break, control character, "." or ".."
  part, nor a reference part that reads like an item's own page ("…/history"). Records
  already breaking them are listed and the migration stops, so that someone renames them
  (in the admin, before migrating) rather than the migration guessing new keys.
- SQLite adds a constraint by remaking the table, which drops the triggers of the action
  items' and meetings' search indexes (0009): they are made again (as in 0012).
- An item's owner must be an active user allowed to change items (no database change).
"""

import importlib

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import summits.models

_RESTORE = importlib.import_module("summits.migrations.0012_half_year_precision")

# The patterns as this migration writes them, literals: later changes need a migration.
SLUG = r"\A[-a-zA-Z0-9_]+\Z"
REF = r"\A[A-Z0-9][A-Za-z0-9._-]*(?:/[A-Z0-9][A-Za-z0-9._-]*)*\Z"
KEYS = {
    "country": ("iso2", r"\A[A-Z]{2}\Z"),
    "sector": ("slug", SLUG),
    "place": ("slug", SLUG),
    "source": ("slug", SLUG),
    "organisation": ("slug", SLUG),
    "person": ("slug", SLUG),
    "summitseries": ("slug", SLUG),
    "commission": ("slug", SLUG),
    "meeting": ("slug", SLUG),
    "actionitem": ("ref", REF),
}
NAMES = {"country": "country_iso2_two_capitals"}
MESSAGES = {
    "iso2": 'Enter two capital letters, e.g. "IN".',
    "slug": "Enter a valid slug: letters, digits, underscores or hyphens only.",
    "ref": (
        'Enter a valid reference: letters, digits, ".", "_" and "-", in parts separated by '
        '"/", each part starting with a capital letter or a digit, e.g. "IRIGC-TEC-26/TRADE-1".'
    ),
}


def refuse_bad_keys(apps, schema_editor) -> None:
    bad = []
    for model_name, (field, pattern) in KEYS.items():
        model = apps.get_model("summits", model_name)
        keys = model.objects.exclude(**{f"{field}__regex": pattern}).values_list("pk", field)
        bad += [f"{model_name} #{pk}: {field} {key!r}" for pk, key in keys[:20]]
    if bad:
        raise ValueError(
            "These records have keys that cannot be used in addresses; rename them (letters, "
            "digits, '-', '_'; references also '.' and '/' between parts starting with a "
            "capital or digit) and migrate again: " + "; ".join(bad)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("summits", "0012_half_year_precision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_bad_keys, migrations.RunPython.noop),
        # Undoing this migration remakes the tables last: the triggers are restored after.
        migrations.RunPython(migrations.RunPython.noop, _RESTORE.restore_search_triggers),
        migrations.RemoveConstraint(
            model_name="country",
            name="country_iso2_two_capitals",
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="The analyst who follows this item up.",
                limit_choices_to=summits.models.action_item_owner_choices,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="owned_action_items",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="actionitem",
            name="ref",
            field=models.CharField(
                help_text='e.g. "IRIGC-TEC-26/TRADE-1".',
                max_length=60,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(REF, MESSAGES["ref"], code="invalid_ref")
                ],
                verbose_name="reference",
            ),
        ),
        migrations.AlterField(
            model_name="historicalactionitem",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The analyst who follows this item up.",
                limit_choices_to=summits.models.action_item_owner_choices,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="historicalactionitem",
            name="ref",
            field=models.CharField(
                db_index=True,
                help_text='e.g. "IRIGC-TEC-26/TRADE-1".',
                max_length=60,
                validators=[
                    django.core.validators.RegexValidator(REF, MESSAGES["ref"], code="invalid_ref")
                ],
                verbose_name="reference",
            ),
        ),
        *[
            migrations.AddConstraint(
                model_name=model_name,
                constraint=models.CheckConstraint(
                    condition=models.Q((f"{field}__regex", pattern)),
                    name=NAMES.get(model_name, f"{model_name}_{field}_valid"),
                    violation_error_message=MESSAGES[field],
                ),
            )
            for model_name, (field, pattern) in KEYS.items()
        ],
        migrations.RunPython(_RESTORE.restore_search_triggers, migrations.RunPython.noop),
    ]
