"""Dump every tracker record, with its links and status updates, as natural-key JSON.

Restore into an empty database with `manage.py migrate` then `manage.py loaddata FILE`.
"""

import os
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from summits.models import (
    CalendarFeedToken,
    ReportDraft,
    ReportImport,
    SavedView,
    record_models,
)


class Command(BaseCommand):
    help = (
        "Back up the whole tracker (records, user accounts, calendar feed tokens, saved "
        "views, the import log and report drafts) to a natural-key JSON file readable by its "
        "owner only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("output", help="File to write, e.g. backup-2026-11-25.json")

    def handle(self, *args, output: str, **options) -> None:
        # Users first: status updates and follow-ups name their authors and owners. Then
        # what points at users and records: feed tokens, saved views, the import log and
        # the drafts reviewed into it.
        labels = [
            "auth.user",
            *[model._meta.label_lower for model in record_models()],
            *[
                model._meta.label_lower
                for model in (CalendarFeedToken, SavedView, ReportImport, ReportDraft)
            ],
        ]
        # The file holds password hashes and feed tokens: it is created readable by its
        # owner alone (mkstemp's 0600), never briefly world-readable, and takes the
        # backup's name only once complete.
        target = Path(output)
        handle, partial = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix
        )
        os.close(handle)
        try:
            call_command(
                "dumpdata",
                *labels,
                natural_foreign=True,
                natural_primary=True,
                indent=1,
                output=partial,
                verbosity=0,
            )
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.stdout.write(f"Backed up {len(labels)} kinds of records to {output}.")
