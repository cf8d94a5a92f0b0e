"""`draft_report REPORT.txt`: turn a plain-text news report into a draft report fixture."""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from summits.drafting import report_draft


class Command(BaseCommand):
    help = (
        "Draft a report fixture from a plain-text news report. Review every record with a "
        '"draft" note, correct it, then run import_report --dry-run on the result.'
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("report", metavar="REPORT.txt", help="the report as plain text")
        parser.add_argument("--source-url", default="", help="where the report was published")
        parser.add_argument("--publisher", help="who published it, if the text does not say")
        parser.add_argument(
            "--published", type=_day, help="publication day (YYYY-MM-DD) if the text has none"
        )
        parser.add_argument("--title", help="the report's title (default: its first sentence)")
        parser.add_argument("-o", "--output", metavar="OUT.json", help="default: standard output")

    def handle(self, *args, report: str, output: str | None, **options) -> None:
        try:
            text = Path(report).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {report}: {error}") from None
        records = report_draft(
            text=text,
            publisher=options["publisher"],
            published=options["published"],
            source_url=options["source_url"],
            title=options["title"],
        )
        fixture = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
        if output:
            Path(output).write_text(fixture, encoding="utf-8")
            counts: dict[str, int] = {}
            for record in records:
                counts[record["model"]] = counts.get(record["model"], 0) + 1
            listed = ", ".join(f"{n} {label.split('.')[1]}" for label, n in counts.items())
            self.stderr.write(f"Drafted {len(records)} records to {output}: {listed}.")
            self.stderr.write(
                f"Review them, then: python manage.py import_report --dry-run {output}"
            )
        else:
            self.stdout.write(fixture, ending="")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--published must be a day as YYYY-MM-DD, not {text!r}.") from None
