"""`import_report FILE [FILE...] [--dry-run] [--accept-drafts]`: validate report fixtures,
then load them."""

from django.core.management.base import BaseCommand, CommandError

from summits.importing import ReportInvalid, format_plan, report_file_read, report_import


class Command(BaseCommand):
    help = (
        "Validate report fixtures (natural-key JSON, as in fixtures/reports/) and upsert "
        "them in one transaction: all or nothing. Lists every error at once."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="report fixture(s)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="validate and show what would change, without writing anything; records "
            'still marked "draft" are listed as warnings',
        )
        parser.add_argument(
            "--accept-drafts",
            action="store_true",
            help='import records that still hold the drafter\'s "draft" note, listing each as '
            "a warning to review; without it, such records are errors and nothing is imported",
        )

    def handle(
        self, *args, files: list[str], dry_run: bool, accept_drafts: bool, **options
    ) -> None:
        try:
            reports = [report_file_read(path=path) for path in files]
        except OSError as error:
            raise CommandError(f"cannot read {error.filename}: {error.strerror}.") from None
        try:
            plan = report_import(files=reports, dry_run=dry_run, accept_drafts=accept_drafts)
        except ReportInvalid as invalid:
            self.stderr.write(format_plan(invalid.plan))
            raise CommandError("the report was not imported; correct the errors above.") from None
        self.stdout.write(format_plan(plan))
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            if plan.drafts_pending:
                self.stdout.write(
                    f"{plan.drafts_pending} record(s) still marked draft: the import refuses "
                    'them until each is reviewed and its "draft" note removed, or with '
                    "--accept-drafts."
                )
        else:
            names = ", ".join(report.file_name for report in plan.imports)
            self.stdout.write(self.style.SUCCESS(f"Imported {names}."))
