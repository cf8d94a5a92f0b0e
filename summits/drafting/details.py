"""What a report says about itself, to pre-fill the form a draft starts from."""

import datetime as dt
from dataclasses import dataclass

from .text import publisher_of, report_read


@dataclass(frozen=True)
class ReportDetails:
    title: str | None
    publisher: str | None
    published: dt.date | None


def report_details(*, text: str) -> ReportDetails:
    report = report_read(text)
    first = report.sentences[0].text if report.sentences else None
    return ReportDetails(
        title=first[:300] if first else None,
        publisher=publisher_of(report),
        published=report.published,
    )
