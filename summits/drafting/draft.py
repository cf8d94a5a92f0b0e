"""From what the stages found to the draft fixture: records in `fixtures/reports/` form.

The records are built by `records` (the source, and the countries, places and people
every other record refers to), `summit_records`, `meeting_records` (with commissions) and
`commitment_records` (with the organisations responsible), and `outcome_records` (the
outcome document a report is, and the agreements it says were signed). Every record
carries a "draft" note for the reviewer; records already recorded are referred to, never
drafted again.
"""

import datetime as dt

from .bodies import bodies_in
from .commitment_records import CommitmentRecords
from .dates import dates_in
from .documents import numbered_document
from .meeting_records import MeetingRecords
from .meetings import MeetingReader
from .outcome_records import OutcomeRecords
from .places import Mention
from .records import Draft
from .signed import signed_in
from .summit_records import SummitRecords


def report_draft(
    *,
    text: str,
    publisher: str | None = None,
    published: dt.date | None = None,
    source_url: str = "",
    title: str | None = None,
) -> list[dict]:
    """A draft report fixture from a report's text: a list of records to review."""
    draft = Draft(text, publisher, published, source_url, title)
    report = draft.report
    base = draft.today
    dateline_place = None
    if report.dateline:
        if report.dateline.date_text:
            found = dates_in(report.dateline.date_text, draft.today)
            base = found[0].value.start if found else base
        city = draft.places.city(report.dateline.place)
        if city:
            start = report.sentences[0].text.find(report.dateline.place) if report.sentences else 0
            dateline_place = Mention(
                start, start + len(report.dateline.place), report.dateline.place, city
            )
    mentions = draft.people.read(report.sentences)
    dated = bool(report.published or not draft.notes_on_source or draft.given_date)
    dateline_end = report.dateline.end if report.dateline else 0
    reader = MeetingReader(draft.places, draft.today, base, dateline_place, dated, dateline_end)
    events = reader.read(report.sentences, mentions)
    recorded_meetings = draft.recorded.meetings_on({e.date.start for e in events})
    named = [b for s in report.sentences for b in bodies_in(s.text)]
    commissions = {draft.recorded.commission(b.name, b.acronym).slug for b in named}
    recorded_sessions = draft.recorded.sessions(commissions - {None})
    summits = SummitRecords(draft, events)
    meetings = MeetingRecords(draft, summits, recorded_meetings, recorded_sessions)
    drafted = [meetings.meeting(event) for event in events]
    meetings.cite_recorded_sessions(report.sentences)
    outcomes = OutcomeRecords(draft, summits, drafted, meetings.participants, mentions)
    document = numbered_document(report)
    document_slug = outcomes.document(document) if document else None
    prose = document.prose if document else set()
    outcomes.agreements(signed_in(report.sentences, prose))
    CommitmentRecords(draft, summits, meetings.session_slugs, document, document_slug).add_all(
        drafted, base
    )
    draft.add_countries()
    return draft.records
