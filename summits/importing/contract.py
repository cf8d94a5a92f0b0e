"""The import's input contract: what a report file may hold, checked before anything else.

Python's `json` module is lenient where a report must not be: it reads NaN and Infinity,
turns 1e400 into infinity, keeps the last of two values given for one key, and Django's
fields then coerce what they get (`true` becomes the text "True", 23.7 the number 23). So
the importer reads files here, strictly:

- `read_records`: the bytes of one file, as a list of at most TRACKER_IMPORT_MAX_RECORDS
  records, decoded one by one so that an enormous file is refused after its first records,
  not after building all of them;
- `record_problems`: keys given twice in one object, and lone surrogates (text no database
  or page can hold) anywhere in a record;
- `value_problem`: the JSON type each kind of field takes (text for text and dates, a whole
  number within the range every supported database holds for integers), and no control
  characters where they make no sense.

Each returns what is wrong in words; the importer says where (file, record, field).
"""

import json
import math
import re
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations


class NotFinite:
    """A number JSON read as NaN or infinite (NaN, Infinity, 1e400): no field holds one."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


class RepeatedKeys(dict):
    """A JSON object that gives some of its keys more than once."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> dict:
    obj = dict(pairs)
    if len(obj) < len(pairs):
        obj = RepeatedKeys(obj)
        obj.repeated = tuple(key for key, n in Counter(key for key, _ in pairs).items() if n > 1)
    return obj


def _float(text: str) -> float | NotFinite:
    value = float(text)
    return value if math.isfinite(value) else NotFinite(text)


# Non-finite numbers become NotFinite values, so the field they are given for is named.
_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_float=_float, parse_constant=NotFinite)
_SPACE = re.compile(r"[ \t\n\r]*")


class Unreadable(Exception):
    """The file cannot be read as a list of records; the message says why and what to do."""


def read_records(data: bytes, size: int) -> list[Any]:
    """The records of a report file; raises Unreadable.

    `size` is the file's real size: `data` may have been cut at the byte cap.
    """
    limit = settings.TRACKER_IMPORT_MAX_BYTES
    if size > limit or len(data) > limit:
        raise Unreadable(
            f"the file is {_megabytes(size)}, over the import limit of {_megabytes(limit)}: "
            "split the report into smaller files, or raise TRACKER_IMPORT_MAX_BYTES."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(
            f"the file is not UTF-8 text (byte {error.start} is {data[error.start]:#x}): "
            "save it again with UTF-8 encoding."
        ) from None
    try:
        return _decode(text, settings.TRACKER_IMPORT_MAX_RECORDS)
    except json.JSONDecodeError as error:
        raise Unreadable(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}: "
            "fix the syntax there (a missing comma, quote or bracket)."
        ) from None
    except RecursionError:
        raise Unreadable(
            "the JSON nests too deeply to be a report fixture: a fixture is a list of flat records."
        ) from None
    except ValueError as error:  # e.g. an integer with thousands of digits
        reason = str(error).split(":")[0]
        raise Unreadable(f"a value cannot be read ({reason}): correct or remove it.") from None


def _decode(text: str, limit: int) -> list[Any]:
    """The top-level list, one record at a time, refused once it holds more than `limit`."""
    index = _SPACE.match(text).end()
    if not text.startswith("[", index):
        found = _DECODER.decode(text)  # a syntax error, or another kind of value
        raise Unreadable(
            f"the file holds a JSON {json_type(found)}, but a report fixture is a list of "
            'records: [{"model": "summits.meeting", "fields": {…}}, …].'
        )
    records: list[Any] = []
    index = _SPACE.match(text, index + 1).end()
    closed = text.startswith("]", index)
    while not closed:
        if len(records) == limit:
            raise Unreadable(
                f"the file holds more than {limit:,} records, the import's limit: split the "
                "report into smaller files, or raise TRACKER_IMPORT_MAX_RECORDS."
            )
        record, index = _DECODER.raw_decode(text, index)
        records.append(record)
        index = _SPACE.match(text, index).end()
        closed = text.startswith("]", index)
        if not closed:
            if not text.startswith(",", index):
                raise json.JSONDecodeError("Expecting ',' delimiter", text, index)
            index = _SPACE.match(text, index + 1).end()
    end = _SPACE.match(text, index + 1).end()
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return records


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def json_type(value: Any) -> str:
    """What kind of JSON value this is, in the words of a message."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "true/false"
    return "null" if value is None else "number"


def shown(value: Any, width: int = 80) -> str:
    """A JSON value as a message quotes it: escaped, so no odd character reaches a page."""
    text = _json(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _json(value: Any) -> str:
    if isinstance(value, NotFinite):
        return value.text  # as the file wrote it, unquoted
    if isinstance(value, list):
        return f"[{', '.join(map(_json, value))}]"
    if isinstance(value, dict):
        return f"{{{', '.join(f'{json.dumps(k)}: {_json(v)}' for k, v in value.items())}}}"
    return json.dumps(value)


# Records -------------------------------------------------------------------------------


_REPEATED = "given twice in the record (JSON keeps only the last value, silently): keep one."


def record_problems(raw: dict) -> list[tuple[str, str]]:
    """(field, message) for what no record may hold; field is "" outside its fields."""
    problems: list[tuple[str, str]] = []
    fields = raw.get("fields")
    for key in getattr(raw, "repeated", ()):
        problems.append(("", f'"{_escaped(key)}" is given twice in the record: keep one.'))
    for key in getattr(fields, "repeated", ()):
        problems.append((key, _REPEATED))
    for key, value in raw.items():
        if key == "fields" and isinstance(value, dict):
            problems += [
                (name, _surrogate(text))
                for name, item in value.items()
                if (text := _lone_surrogate(name) or _lone_surrogate(item))
            ]
        elif text := _lone_surrogate(key) or _lone_surrogate(value):
            problems.append(("", _surrogate(text)))
    return problems


def _lone_surrogate(value: Any) -> str | None:
    """The first text in a JSON value that holds a lone surrogate, if any."""
    if isinstance(value, str):
        return value if _SURROGATE.search(value) else None
    if isinstance(value, list):
        return next(filter(None, map(_lone_surrogate, value)), None)
    if isinstance(value, dict):
        return next(filter(None, map(_lone_surrogate, [*value, *value.values()])), None)
    return None


# Python keeps a surrogate pair as one character: a surrogate left in a string is alone.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate(text: str) -> str:
    code = ord(_SURROGATE.search(text)[0])
    return (
        f"holds a lone surrogate (\\u{code:04x}), which is half of a character, not text: "
        "remove it, or write the character it was meant to be."
    )


def _escaped(text: str) -> str:
    return json.dumps(text)[1:-1]


# Values --------------------------------------------------------------------------------

# What every supported database holds (SQLite's own ranges are wider: a value it accepted
# would be refused by PostgreSQL).
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges
# Control characters: a text (multi-line) field may hold tabs and line breaks, nothing else.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def expected(f: models.Field) -> str | None:
    """What a report gives for a field, in words; None if it cannot give this kind of field."""
    if isinstance(f, models.DateField):
        return 'a date as text ("YYYY-MM-DD")'
    if isinstance(f, models.BooleanField):
        return "true or false"
    if isinstance(f, models.IntegerField) and f.get_internal_type() in INTEGER_RANGES:
        return "a whole number"
    if isinstance(f, models.CharField | models.TextField):
        return "text"
    return None


def value_problem(f: models.Field, value: Any) -> str | None:
    """What is wrong with a JSON value given for a plain field (or part of a key), if anything.

    Null is left to the field's own validation (which knows whether it may be empty).
    """
    if value is None:
        return None
    kind = expected(f)
    if kind is None:
        return "a report cannot give this field."
    if isinstance(f, models.BooleanField):
        # JSON true or false only: Django would also take "True", "1" or 0.
        return None if isinstance(value, bool) else f"expected {kind}, not {_described(value)}."
    if isinstance(f, models.IntegerField):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"expected {kind}, not {_described(value)}."
        low, high = INTEGER_RANGES[f.get_internal_type()]
        if not low <= value <= high:
            return f"{value} is out of range: give a whole number from {low} to {high}."
        return None
    if not isinstance(value, str):
        return f"expected {kind}, not {_described(value)}."
    if "\x00" in value:
        return "contains a NUL character (\\x00): remove it."
    multi_line = isinstance(f, models.TextField)
    control = (_TEXT_CONTROL if multi_line else _CONTROL).search(value)
    if control:
        where = "" if multi_line else " in a one-line field"
        return f"contains a control character ({_escaped(control[0])}){where}: remove it."
    return None


def _described(value: Any) -> str:
    kind = json_type(value)
    if kind in ("object", "list"):
        return f"a JSON {kind}"
    if kind == "string":
        return f"the text {shown(value)}"
    if isinstance(value, NotFinite):
        return f"{value} (not a finite number)"
    return f"the number {shown(value)}" if kind == "number" else shown(value)
