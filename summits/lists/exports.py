"""Exports of a filtered list: every matching row, the columns on screen, safe to open.

Cells are read from plain values (`QuerySet.values()`), not model instances: building
an instance per row and per related record, and resolving each cell through
django-tables2's accessors, cost a 100,000-row export most of its 20 seconds. Rows come
from one database iterator, a chunk at a time; per chunk, each list column (sectors,
responsible) fetches its links as (row, record) ids in one query, and the names of
related records are fetched the first time an id shows up, then kept for the export.

No export holds its rows in memory: CSV and JSON stream chunk by chunk as they are
sent; XLSX, a zip file that can only be sent once it is complete, is written row by row
by openpyxl's write-only mode into a temporary file, which is then sent.
"""

import csv
import datetime as dt
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import batched, chain, islice
from typing import IO

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import FETCH_PEERS, Field, Model, QuerySet
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.text import slugify
from django_tables2.columns.base import BoundColumn
from django_tables2.utils import Accessor
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..fuzzydates import FuzzyDate
from .columns import FuzzyDateColumn, ListColumn, RecordColumn, TrackerTable

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FORMATS = tuple(CONTENT_TYPES)
# Rows read (and their links fetched) per round of queries.
CHUNK_SIZE = 1000
# Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, object]
# A cell as exported: a number or day a spreadsheet can sort, else text.
Value = int | float | dt.date | str | None


def neutralise(value: object) -> object:
    """Make a text cell that a spreadsheet would run as a formula read as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def empty_as_none(value: object) -> object:
    """One empty value for every kind of cell, none recorded or none to name: None (null in
    JSON, an empty cell in CSV and XLSX)."""
    return None if value == "" else value


def plain(value: object) -> Value:
    """A number or day as is (a spreadsheet can sort it), anything else as text."""
    if value is None or isinstance(value, int | float | dt.date):
        return value
    return str(value)


# Cells of one column -------------------------------------------------------------------


class Names:
    """Records of one model by their names (`str(record)`), fetched once per export."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.names: dict[object, str] = {}

    def load(self, ids: Iterable) -> None:
        if missing := set(ids) - self.names.keys() - {None}:
            # FETCH_PEERS: a name that reads another record (a summit's series) fetches
            # it for the whole batch in one query, not once per record.
            records = self.model._base_manager.fetch_mode(FETCH_PEERS).in_bulk(missing)
            self.names.update((pk, str(record)) for pk, record in records.items())

    def __getitem__(self, pk) -> str | None:
        return None if pk is None else self.names[pk]


class Cells:
    """How one column's cells are read: the row values it needs, what they refer to."""

    fields: tuple[str, ...] = ()  # values the row query selects for this column

    def load(self, rows: Sequence[Row]) -> None:
        """Fetch, for a chunk of rows, the records their cells name."""

    def value(self, row: Row) -> object:
        raise NotImplementedError


class FieldCells(Cells):
    """A field (or annotation) of the row; a choice as its label, as on screen."""

    def __init__(self, path: str, field: Field | None = None) -> None:
        self.path, self.fields = path, (path,)
        self.labels = dict(field.flatchoices) if field is not None and field.choices else {}

    def value(self, row: Row) -> Value:
        value = row[self.path]
        return plain(self.labels.get(value, value) if self.labels else value)


class RelatedCells(Cells):
    """The record a foreign key points to, by its name."""

    def __init__(self, path: str, names: Names) -> None:
        self.path, self.fields, self.names = path, (path,), names

    def load(self, rows: Sequence[Row]) -> None:
        self.names.load(row[self.path] for row in rows)

    def value(self, row: Row) -> str | None:
        return self.names[row[self.path]]


class ListCells(Cells):
    """The records a many-valued relation holds, by their names, in their own order."""

    def __init__(self, relation: Field | ForeignObjectRel, names: Names) -> None:
        self.names = names
        # The relation seen from its records' side, as its manager queries it.
        self.back = relation.remote_field.name
        self.records = relation.related_model._default_manager
        self.links: dict[object, list] = {}

    def load(self, rows: Sequence[Row]) -> None:
        links = self.records.filter(**{f"{self.back}__pk__in": [row["pk"] for row in rows]})
        self.links = defaultdict(list)
        for owner, pk in links.values_list(self.back, "pk"):
            self.links[owner].append(pk)
        self.names.load(chain.from_iterable(self.links.values()))

    def value(self, row: Row) -> str:
        return ", ".join(self.names[pk] for pk in self.links.get(row["pk"], ()))


class FuzzyDateCells(Cells):
    """A fuzzy date as written ("early December 2025"), blank when unknown."""

    def __init__(self, prefix: str) -> None:
        self.fields = (f"{prefix}_start", f"{prefix}_precision")

    def value(self, row: Row) -> str:
        start, precision = (row[field] for field in self.fields)
        return str(FuzzyDate(start, precision)) if start is not None and precision else ""


class RecordCells(Cells):
    """What only the record itself can tell (its name, a property): fetched per chunk."""

    def __init__(self, queryset: QuerySet, read: Callable[[Model], object]) -> None:
        self.queryset, self.read = queryset.fetch_mode(FETCH_PEERS), read
        self.records: dict[object, Model] = {}

    def load(self, rows: Sequence[Row]) -> None:
        self.records = self.queryset.in_bulk([row["pk"] for row in rows])

    def value(self, row: Row) -> object:
        return self.read(self.records[row["pk"]])


def _resolved(record: Model, accessor: Accessor) -> Value:
    """A cell read through django-tables2's accessor, for paths that are not fields."""
    owner, field = accessor.penultimate(record)
    display = getattr(owner, f"get_{field}_display", None)
    return plain(display() if display else accessor.resolve(record, quiet=True))


def _joined(record: Model, accessor: Accessor) -> str:
    """Records a path names beyond the row's own relations; none across a blank key."""
    manager = accessor.resolve(record, quiet=True)
    return "" if manager is None else ", ".join(str(item) for item in manager.all())


def _field(model: type[Model], bits: list[str]) -> Field | ForeignObjectRel | None:
    """The field a path names, through foreign keys only (each row has one value)."""
    *hops, last = bits
    try:
        for hop in hops:
            field = model._meta.get_field(hop)
            if not (field.concrete and (field.many_to_one or field.one_to_one)):
                return None
            model = field.related_model
        return model._meta.get_field(last)
    except FieldDoesNotExist:
        return None


def column_cells(
    bound_column: BoundColumn, queryset: QuerySet, names: dict[type[Model], Names]
) -> Cells:
    """How to read a column's cells: from row values where it can, else from records.

    `names` holds one `Names` per model, shared by the columns naming its records.
    """
    column, accessor = bound_column.column, Accessor(bound_column.accessor)
    path = "__".join(accessor.bits)
    field = _field(queryset.model, accessor.bits)

    def names_of(model: type[Model]) -> Names:
        return names.setdefault(model, Names(model))

    if isinstance(column, FuzzyDateColumn):
        return FuzzyDateCells(column.prefix)
    if isinstance(column, RecordColumn):
        return RecordCells(queryset, str)
    if isinstance(column, ListColumn):
        if len(accessor.bits) == 1 and field and (field.many_to_many or field.one_to_many):
            return ListCells(field, names_of(field.related_model))
        return RecordCells(queryset, lambda record: _joined(record, accessor))
    if path in queryset.query.annotations:
        return FieldCells(path)
    if field is None or not field.concrete or field.many_to_many:
        return RecordCells(queryset, lambda record: _resolved(record, accessor))
    if field.is_relation:
        return RelatedCells(path, names_of(field.related_model))
    return FieldCells(path, field)


# Rows and files ------------------------------------------------------------------------


def table_rows(table: TrackerTable, queryset: QuerySet) -> Iterator[list]:
    """The table's header, then one row of plain values per record, for its shown columns."""
    # Every column, export-only ones (not visible) included, as django-tables2 exports.
    columns = [
        column for column in table.columns.iterall() if not column.column.exclude_from_export
    ]
    yield [force_str(column.header) for column in columns]
    names: dict[type[Model], Names] = {}
    cells = [column_cells(column, queryset, names) for column in columns]
    fields = dict.fromkeys(chain(["pk"], *(column.fields for column in cells)))
    # The cells fetch what rows refer to themselves, a chunk at a time.
    rows = queryset.prefetch_related(None).values(*fields)
    for chunk in batched(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        for column in cells:
            column.load(chunk)
        for row in chunk:
            yield [empty_as_none(column.value(row)) for column in cells]


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


# The longest stem of an export's file name: short enough for any disk or download dialog.
MAX_STEM = 100


def export_stem(slug: str, words: Iterable[str]) -> str:
    """The list's slug and what its filters name ("action-items-status-not-started").

    Letters, digits and hyphens only, whatever a user typed in a filter: nothing that
    could break the Content-Disposition header or a file system. Cut at a hyphen to at
    most MAX_STEM characters.
    """
    stem = re.sub(r"[-_]+", "-", slugify(" ".join([slug, *words]))).strip("-")
    if len(stem) > MAX_STEM:
        stem = stem[: MAX_STEM + 1].rsplit("-", 1)[0]
    return stem


def filename(stem: str, export_format: str, today: dt.date) -> str:
    return f"{stem}-{today:%Y-%m-%d}.{export_format}"


def csv_pieces(rows: Iterator[list]) -> Iterator[str]:
    """The rows as CSV, a chunk of lines per piece, formulas neutralised."""
    # The byte-order mark makes Excel read the file as UTF-8 ("India–Russia", not mojibake).
    yield "\ufeff"
    writer = csv.writer(_Echo())
    lines = (writer.writerow([neutralise(value) for value in row]) for row in rows)
    yield from ("".join(chunk) for chunk in batched(lines, CHUNK_SIZE))


def json_pieces(rows: Iterator[list]) -> Iterator[str]:
    """The rows as a JSON array of objects keyed by the header, a chunk of rows per piece.

    JSON is data, not a spreadsheet: its values stay exactly as recorded.
    """
    header = next(rows)
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    objects = (encode(dict(zip(header, row, strict=True))) for row in rows)
    yield "["
    for number, chunk in enumerate(batched(objects, CHUNK_SIZE)):
        yield ("," if number else "") + ",".join(chunk)
    yield "]"


def _xlsx_cell(value: object) -> object:
    """A cell an XLSX file can hold: XML has no control characters, so they are marked."""
    value = neutralise(value)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _bold(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def xlsx_write(rows: Iterator[list], title: str, file: IO[bytes]) -> None:
    """The rows as an XLSX workbook, written to `file` (streamed exports' temporary file,
    a background export's file: exports.background).

    openpyxl's write-only mode writes each row out as it is appended; only the columns'
    widths are guessed from the first chunk of rows (they must be set before any row).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # a sheet's name: 31 characters at most
    header = next(rows)
    first = [[_xlsx_cell(value) for value in row] for row in islice(rows, CHUNK_SIZE)]
    for number, cells in enumerate(zip(header, *first, strict=True), start=1):
        width = max(len(str(cell)) for cell in cells if cell is not None)
        sheet.column_dimensions[get_column_letter(number)].width = min(width, 60) + 2
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, _xlsx_cell(name)) for name in header])
    for row in chain(first, ([_xlsx_cell(value) for value in row] for row in rows)):
        sheet.append(row)
    workbook.save(file)


def xlsx_file(rows: Iterator[list], title: str) -> IO[bytes]:
    """The rows as an XLSX workbook in a temporary file, read from its start."""
    # Not a context manager: the response sends the file, then closes (so deletes) it.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    xlsx_write(rows, title, file)
    file.seek(0)
    return file


def export_response(
    export_format: str, table: TrackerTable, queryset: QuerySet, *, stem: str, title: str
) -> FileResponse | StreamingHttpResponse:
    """Every row of the filtered, ordered queryset, as a file named after the page (`stem`:
    export_stem) and the day."""
    name = filename(stem, export_format, timezone.localdate())
    rows = table_rows(table, queryset)
    content_type = CONTENT_TYPES[export_format]
    if export_format == "xlsx":
        return FileResponse(
            xlsx_file(rows, title), as_attachment=True, filename=name, content_type=content_type
        )
    pieces = csv_pieces(rows) if export_format == "csv" else json_pieces(rows)
    # Sent a chunk of rows at a time: a response handles every piece it streams.
    response = StreamingHttpResponse(pieces, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
