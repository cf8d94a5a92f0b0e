"""`generate_synthetic --items 100000 --seed 1`: fill an empty database with synthetic data."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from summits.synthetic import DEFAULT_UNTIL, Sizes, is_empty, synthetic_generate


class Command(BaseCommand):
    help = (
        "Fill an empty tracker database with realistic, deterministic synthetic data for "
        "benchmarks and load tests: summit series between several pairs of countries, "
        "commissions with sessions, people, meetings, outcome documents with numbered "
        "paragraphs, agreements with signatories and mechanisms, action items with their "
        "status updates and relations, every record citing a source. Bulk inserts bypass "
        "django-simple-history: no history entries are written. Point DATABASE_URL at a "
        "separate database, e.g. DATABASE_URL=sqlite:////tmp/synthetic.sqlite3, and run "
        "`migrate` there first."
    )

    def add_arguments(self, parser) -> None:
        defaults = Sizes()
        parser.add_argument("--items", type=int, default=defaults.items, help="action items")
        parser.add_argument(
            "--summits", type=int, default=defaults.summits, help="summits, over all series"
        )
        parser.add_argument("--meetings", type=int, default=defaults.meetings, help="meetings")
        parser.add_argument("--people", type=int, default=defaults.people, help="officials")
        parser.add_argument(
            "--updates-per-item",
            type=int,
            default=defaults.updates_per_item,
            help="status updates per item on average (each has 0 to twice as many)",
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--until",
            type=dt.date.fromisoformat,
            default=DEFAULT_UNTIL,
            help=f"last day of the generated history, YYYY-MM-DD (default {DEFAULT_UNTIL})",
        )

    def handle(self, *args, seed: int, until: dt.date, **options) -> None:
        sizes = Sizes(
            items=options["items"],
            summits=options["summits"],
            meetings=options["meetings"],
            people=options["people"],
            updates_per_item=options["updates_per_item"],
        )
        if min(sizes.items, sizes.summits, sizes.meetings, sizes.people) < 1:
            raise CommandError("--items, --summits, --meetings and --people must be at least 1.")
        if sizes.updates_per_item < 0:
            raise CommandError("--updates-per-item cannot be negative.")
        if until > timezone.localdate():
            raise CommandError("--until cannot be in the future: updates are never dated ahead.")
        if not is_empty():
            raise CommandError(
                "this database already holds tracker records; synthetic data goes into an "
                "empty one. Run against another database, e.g. "
                "DATABASE_URL=sqlite:////tmp/synthetic.sqlite3 (migrate it first)."
            )
        started = time.perf_counter()
        progress = self.stdout.write if options["verbosity"] > 1 else lambda message: None
        try:
            counts = synthetic_generate(sizes=sizes, seed=seed, until=until, progress=progress)
        except ValueError as error:  # reference data missing
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        if options["verbosity"]:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label:<40} {count:>10,}")
            self.stdout.write(
                self.style.SUCCESS(f"Wrote {sum(counts.values()):,} rows in {seconds:.1f} s.")
            )
