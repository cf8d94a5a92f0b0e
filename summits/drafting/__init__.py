"""Draft a report fixture from a news report, for an analyst to review."""

from .drafter import ReportDetails, report_details, report_draft

__all__ = ["ReportDetails", "report_details", "report_draft"]
