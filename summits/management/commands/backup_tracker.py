"""Dump every tracker record, with its links and status updates, as natural-key JSON.

Restore into an empty database with `manage.py migrate` then `manage.py loaddata FILE`.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from summits.models import record_models


class Command(BaseCommand):
    help = "Back up the whole tracker (records and user accounts) to a natural-key JSON file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", help="File to write, e.g. backup-2026-11-25.json")

    def handle(self, *args, output: str, **options) -> None:
        # Users first: status updates and follow-ups name their authors and owners.
        labels = ["auth.user", *[model._meta.label_lower for model in record_models()]]
        call_command(
            "dumpdata",
            *labels,
            natural_foreign=True,
            natural_primary=True,
            indent=1,
            output=output,
            verbosity=0,
        )
        self.stdout.write(f"Backed up {len(labels)} kinds of records to {output}.")
