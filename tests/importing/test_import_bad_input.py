"""Every bad file in tests/data/bad/ is refused with a clear message and changes nothing."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from summits.importing import report_file_read
from summits.models import Place
from tests.snapshots import database_digest

pytestmark = pytest.mark.usefixtures("seed")

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"

# file → (what the message must say, the record's position or None, the field or None)
EXPECTED = {
    "invalid-json.json": ("not valid JSON: Expecting ',' delimiter at line 1", None, None),
    "wrong-top-level-type.json": ("the file holds a JSON object", None, None),
    "unknown-model.json": (
        "unknown model 'summits.meetng': did you mean 'summits.meeting'",
        1,
        None,
    ),
    "unknown-field.json": ("has no field 'titel': did you mean 'title'", 1, "titel"),
    "missing-required-field.json": ("This field cannot be null", 1, "date_start"),
    "bad-fuzzy-date.json": ("write 2026-01-01 for early January 2026", 1, "date_start"),
    "bad-precision-choice.json": ("Use one of: day, early, mid, late", 1, "date_precision"),
    "dangling-reference.json": ("refers to summits.place atlantis", 1, "place"),
    "duplicate-key.json": ("the same key is already given, with different content", 2, "name"),
    "oversized.json": ("over the import limit", None, None),
    "non-utf8.json": ("not UTF-8", None, None),
    "deeply-nested.json": ("nests too deeply", None, None),
    "huge-number.json": ("a value cannot be read", None, None),
    "huge-string.json": ("at most 300 characters (it has 100000)", 1, "title"),
    "reference-by-numeric-id.json": ('expected a summits.place natural key ["slug"]', 1, "place"),
    "numeric-pk.json": ('remove "pk"', 1, None),
    "record-not-an-object.json": ("a record is a JSON object", 1, None),
    "bad-url-scheme.json": ("Enter a valid URL. (http or https only.)", 1, "url"),
    "nul-character.json": ("contains a NUL character", 1, "title"),
    "summit-number-zero.json": ("break the rule summit_number_positive", 1, "number"),
    "unique-name-taken.json": ('name="Trade" already belongs to summits.sector trade', 1, "name"),
    "country-code-lower-case.json": (
        'two capital letters, e.g. "IN". (rule country_iso2_two_capitals)',
        1,
        "iso2",
    ),
    # Values Python's json reads, or Django's fields coerce, but a report must not hold.
    "date-as-number.json": (
        'expected a date as text ("YYYY-MM-DD"), not the number 20251120',
        1,
        "published_on",
    ),
    "date-as-boolean.json": ('expected a date as text ("YYYY-MM-DD"), not true', 1, "published_on"),
    "infinity-in-integer.json": ("expected a whole number, not Infinity", 1, "number"),
    "huge-float-in-integer.json": ("expected a whole number, not 1e400", 1, "number"),
    "fraction-in-integer.json": ("expected a whole number, not the number 23.7", 1, "number"),
    "summit-number-out-of-range.json": (
        "70000 is out of range: give a whole number from 0 to 32767",
        1,
        "number",
    ),
    "infinity-in-key.json": ("number in [", 1, "summit"),
    "huge-float-in-key.json": ("expected a whole number, not 1e400", 1, "summit"),
    "lone-surrogate.json": ("holds a lone surrogate (\\ud800)", 1, "name"),
    "nan-in-text.json": ("expected text, not NaN", 1, "name"),
    "boolean-in-text.json": ("expected text, not true", 1, "name"),
    "repeated-json-key.json": ("given twice in the record", 1, "name"),
    "line-break-in-one-line-field.json": (
        "contains a control character (\\n) in a one-line field",
        1,
        "name",
    ),
    "commission-own-parent.json": ("A commission cannot be its own working group", 1, "parent"),
}


def test_the_digest_these_tests_compare_sees_one_changed_character():
    before = database_digest()
    Place.objects.filter(slug="moscow").update(name="Moscow.")
    after = database_digest()
    assert [table for table in before if before[table] != after[table]] == ["summits_place"]


def test_the_corpus_has_one_expectation_per_file():
    assert {path.name for path in BAD.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_refused_and_the_database_is_unchanged(name, settings):
    if name == "oversized.json":
        settings.TRACKER_IMPORT_MAX_BYTES = 1_000
    message, position, field = EXPECTED[name]
    before = database_digest()
    err = io.StringIO()
    with pytest.raises(CommandError, match="not imported"):
        call_command("import_report", str(BAD / name), stdout=io.StringIO(), stderr=err)
    assert database_digest() == before
    output = err.getvalue()
    assert "nothing was imported" in output
    assert message in output
    line = next(line for line in output.splitlines() if message in line)
    assert name in line
    if position is not None:
        assert f"record {position}" in line
    if field is not None:
        assert f"field {field!r}" in line


def test_oversized_file_is_not_read_past_the_limit(settings, tmp_path):
    settings.TRACKER_IMPORT_MAX_BYTES = 100
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 10_000 + b"[]")
    report = report_file_read(path=path)
    assert len(report.data) == 101
    assert report.size == 10_002
