import time

from django.core.management.base import BaseCommand

from summits import caching
from summits.models import TALLY_MODELS
from summits.tallies import tallies_rebuild


class Command(BaseCommand):
    help = (
        "Count the kept figures (items by summit, sector, due date and last update, each "
        "summit's score by day) again from the action items and their status updates. The "
        "database's triggers keep them on every write; run this "
        "after restoring some tables only, or writing to them past the triggers."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--database", default=None, help="The database alias.")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        tallies_rebuild(using=options["database"])
        caching.records_changed()
        rows = sum(model.objects.using(options["database"]).count() for model in TALLY_MODELS)
        self.stdout.write(
            f"Rebuilt the tallies: {rows} rows in {time.perf_counter() - started:.1f} s."
        )
