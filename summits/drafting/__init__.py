"""Draft a report fixture from a news report, for an analyst to review.

The stages, each a module: `text` (paragraphs, sentences, dateline, publisher), `dates`,
`places`, `people` (full names by `titles`, later mentions by `references`, their words
in `names`), `bodies` (summits, commissions and their sessions), `meetings` (what reports
one in `triggers`, when and where in `context`), `commitments`, `sectors`, `recorded`
(matching to what is recorded), and `draft`, which turns what they found into fixture
records: `records` (the source, countries, places, people), `summit_records`,
`meeting_records` and `commitment_records`.
"""

from .details import ReportDetails, report_details
from .draft import report_draft

__all__ = ["ReportDetails", "report_details", "report_draft"]
