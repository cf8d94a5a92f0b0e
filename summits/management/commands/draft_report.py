"""`draft_report REPORT`: turn a news report (.txt, .html, .pdf, .docx) into a draft fixture."""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from summits.drafting import report_draft
from summits.intake.reading import ReportUnreadable, report_text_read


class Command(BaseCommand):
    help = (
        "Draft a report fixture from a news report (.txt, .html, .pdf or .docx). Review every "
        'record with a "draft" note, correct it and remove the note, then run '
        "import_report --dry-run on the result."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "report", metavar="REPORT", help="the report as a .txt, .html, .pdf or .docx file"
        )
        parser.add_argument("--source-url", default="", help="where the report was published")
        parser.add_argument("--publisher", help="who published it, if the text does not say")
        parser.add_argument(
            "--published", type=_day, help="publication day (YYYY-MM-DD) if the text has none"
        )
        parser.add_argument("--title", help="the report's title (default: its first sentence)")
        parser.add_argument("-o", "--output", metavar="OUT.json", help="default: standard output")

    def handle(self, *args, report: str, output: str | None, **options) -> None:
        try:
            with Path(report).open("rb") as stream:
                # One byte over the limit is enough to tell the file is too large.
                data = stream.read(settings.TRACKER_REPORT_MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"cannot read {report}: {error.strerror}.") from None
        try:
            text = report_text_read(name=report, data=data)
        except ReportUnreadable as error:
            raise CommandError(str(error)) from None
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
                'Review them (remove each "draft" note once checked), then: '
                f"python manage.py import_report --dry-run {output}"
            )
        else:
            self.stdout.write(fixture, ending="")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--published must be a day as YYYY-MM-DD, not {text!r}.") from None
