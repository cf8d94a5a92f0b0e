"""Exports of a filtered list: every matching row, the columns on screen, safe to open.

CSV streams row by row from a database iterator, so 100,000 rows never sit in memory
at once. XLSX and JSON are built whole by tablib (through django-tables2's
`TableExport`): their writers need every row before they can write the file.
"""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import chain

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django_tables2.export import TableExport
from tablib import Dataset

from .tables import TrackerTable, export_value

FORMATS = ("csv", "xlsx", "json")
# Rows fetched (with their prefetched relations) per database round trip.
CHUNK_SIZE = 1000
# Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Make a text cell that a spreadsheet would run as a formula read as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_rows(table: TrackerTable, records: Iterable) -> Iterator[list]:
    """The table's header, then one row of plain values per record, for its shown columns."""
    columns = [column for column in table.columns if not column.column.exclude_from_export]
    yield [force_str(column.header) for column in columns]
    for record in records:
        yield [export_value(column, record) for column in columns]


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


def filename(stem: str, export_format: str, today: dt.date) -> str:
    return f"{stem}-{today:%Y-%m-%d}.{export_format}"


class _RowsExport(TableExport):
    """django-tables2's export, fed the rows we choose (all of them, neutralised)."""

    def __init__(
        self, export_format: str, table: TrackerTable, rows: Iterator[list], title: str
    ) -> None:
        self.rows, self.title = rows, title
        super().__init__(export_format, table)

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None) -> Dataset:
        dataset = Dataset(headers=next(self.rows), title=self.title)
        # JSON is data, not a spreadsheet: its values stay exactly as recorded.
        clean = (lambda value: value) if self.format == "json" else neutralise
        for row in self.rows:
            dataset.append([clean(value) for value in row])
        return dataset


def export_response(
    export_format: str, table: TrackerTable, queryset: QuerySet, *, stem: str, title: str
) -> HttpResponse | StreamingHttpResponse:
    """Every row of the filtered, ordered queryset, as a file named after the page and day."""
    name = filename(stem, export_format, timezone.localdate())
    rows = table_rows(table, queryset.iterator(chunk_size=CHUNK_SIZE))
    if export_format != "csv":
        return _RowsExport(export_format, table, rows, title).response(filename=name)
    writer = csv.writer(_Echo())
    lines = (writer.writerow([neutralise(value) for value in row]) for row in rows)
    # The byte-order mark makes Excel read the file as UTF-8 ("India–Russia", not mojibake).
    response = StreamingHttpResponse(
        chain(["\ufeff"], lines), content_type=TableExport.FORMATS["csv"]
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
