"""Property-based tests: any text in, no crash; whatever comes out is valid."""

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summits.drafting import report_draft
from summits.fuzzydates import FuzzyDate, Precision
from summits.importing import ReportFile, report_validate

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
# Text shaped like reports: words, numbers, month names, punctuation, any Unicode.
REPORTISH = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(
            [
                "met",
                "in",
                "Moscow",
                "New Delhi",
                "early",
                "December",
                "2025",
                "19",
                "Nov.",
                "Summit",
                "23rd",
                "agreed to",
                "will",
                "Minister",
                "Prime",
                ".",
                ",",
                "\n\n",
            ]
        ),
    ),
    max_size=60,
).map(" ".join)


@given(st.text(max_size=60))
def test_parser_either_reads_a_date_or_says_what_it_accepts(text):
    try:
        date = FuzzyDate.parse(text)
    except ValueError as error:
        assert "early December 2025" in str(error)
    else:
        assert date.start <= date.end


@given(DAYS, st.sampled_from(list(Precision)))
def test_every_date_reads_back_from_how_it_is_shown(day, precision):
    date = FuzzyDate(day, precision)
    assert FuzzyDate.parse(str(date)) == date
    assert date.start <= date.end
    assert FuzzyDate(date.end, precision) == date  # the period is closed on both ends


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REPORTISH, DAYS)
# Found by this test: a name followed by a comma that ends the text.
@example(text="A A0 ,", published=dt.date(2000, 1, 1))
def test_any_text_drafts_into_a_fixture_that_passes_the_dry_run(text, published):
    records = report_draft(text=text, publisher="Test", published=published)
    data = json.dumps(records).encode()
    plan = report_validate(
        files=[ReportFile(name="draft.json", data=data, size=len(data))], accept_drafts=True
    )
    assert plan.ok, [str(problem) for problem in plan.errors]
