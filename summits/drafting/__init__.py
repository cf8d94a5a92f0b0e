"""Draft a report fixture from a news report, for an analyst to review.

The stages, each a module: `text` (paragraphs, sentences, dateline, publisher), `dates`,
`places`, `people`, `bodies` (summits, commissions and their sessions), `meetings`,
`commitments`, `sectors`, `recorded` (matching to what is recorded), and `draft`, which
turns what they found into fixture records.
"""

from .details import ReportDetails, report_details
from .draft import report_draft

__all__ = ["ReportDetails", "report_details", "report_draft"]
