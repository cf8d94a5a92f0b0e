"""Countries and sectors every database needs, read from fixtures/reference/.

Upserts by natural key, so it adds to whatever an analyst already recorded.
"""

import json
from pathlib import Path

from django.db import migrations

REFERENCE = Path(__file__).resolve().parents[2] / "fixtures" / "reference"
KEYS = {"summits.country": "iso2", "summits.sector": "slug"}


def load_reference(apps, schema_editor):
    for path in sorted(REFERENCE.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            key = KEYS[record["model"]]
            fields = dict(record["fields"])
            model = apps.get_model(record["model"])
            model.objects.update_or_create(**{key: fields.pop(key)}, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("summits", "0002_analyst_and_viewer_groups")]

    operations = [migrations.RunPython(load_reference, migrations.RunPython.noop)]
