"""`generate_synthetic --items 100000 --seed 1`: fill an empty database with synthetic data."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
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
        progress = ProgressLine(self.stderr) if options["verbosity"] else None
        try:
            counts = synthetic_generate(
                sizes=sizes, seed=seed, until=until, progress=progress or _quiet
            )
        except ValueError as error:  # reference data missing
            raise CommandError(str(error)) from None
        if progress:
            progress.end()
        seconds = time.perf_counter() - started
        if options["verbosity"]:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label:<40} {count:>10,}")
            self.stdout.write(
                self.style.SUCCESS(f"Wrote {sum(counts.values()):,} rows in {seconds:.1f} s.")
            )


def _quiet(stage: str, done: int, total: int) -> None:
    pass


class ProgressLine:
    """Progress on standard error: the stage, and for the action items (most of the
    time) a bar, the share done and the time left at the pace so far. Redrawn in place
    on a terminal; in a log, a line a stage and one each tenth of the items."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.started = self.items_started = time.perf_counter()
        self.tty = stream.isatty()
        self.stage, self.tenth, self.drawn = "", -1, False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage != self.stage:
            self.stage, self.items_started = stage, now
            if not self.tty:
                self.stream.write(f"{now - self.started:7.1f} s  {stage} …")
        line = f"{stage} …"
        if stage == "action items" and total:
            share = done / total
            filled = round(share * self.WIDTH)
            left = (now - self.items_started) * (1 - share) / share if done else None
            line = (
                f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {share:4.0%} action items "
                f"{done:,} of {total:,}" + (f", about {left:.0f} s left" if left else "")
            )
            tenth = int(share * 10)
            if not self.tty and tenth > self.tenth:
                self.tenth = tenth
                self.stream.write(f"{now - self.started:7.1f} s  {line}")
        if self.tty:
            self.stream.write(f"\r{now - self.started:7.1f} s  {line}\033[K", ending="")
            self.stream.flush()
            self.drawn = True

    def end(self) -> None:
        """Leave the last line drawn in place and go on below it."""
        if self.drawn:
            self.stream.write("")
