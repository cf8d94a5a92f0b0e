"""Columns of the list pages' tables, the tables' shared base, and the choice of columns.

A column renders HTML for the page; exports (lists/exports.py) read the plain value under
it, so a CSV cell holds "not started", never a badge's markup.
"""

import datetime as dt
from collections.abc import Callable, Collection
from functools import lru_cache
from typing import ClassVar
from urllib.parse import urlencode

import django_tables2 as tables
from django import forms
from django.db.models import F, Model, QuerySet
from django.urls import reverse
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2.columns.base import BoundColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import signature

from ..fuzzydates import FuzzyDate


class ListColumn(tables.ManyToManyColumn):
    """Related records (prefetched), comma-separated."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("separator", ", ")
        super().__init__(**kwargs)


class BadgeColumn(tables.Column):
    """A status as a coloured badge that also says it in words: colour is never alone."""

    def render(self, value: str, record: Model, bound_column: BoundColumn) -> str:
        code = getattr(record, bound_column.accessor)
        return format_html('<span class="status status-{}">{}</span>', code, value)


class FuzzyDateColumn(tables.Column):
    """A fuzzy date shown as written and sorted by its earliest day, unknown dates last."""

    def __init__(self, prefix: str, **kwargs) -> None:
        self.prefix = prefix
        kwargs.setdefault("accessor", prefix)
        super().__init__(**kwargs)

    def render(self, value: FuzzyDate) -> str:
        return str(value)

    def order(self, queryset: QuerySet, is_descending: bool) -> tuple[QuerySet, bool]:
        start = F(f"{self.prefix}_start")
        ordering = start.desc(nulls_last=True) if is_descending else start.asc(nulls_last=True)
        return queryset.order_by(ordering, "pk"), True


class DayColumn(tables.Column):
    """A day written out ("20 Nov 2025"); exported as a date a spreadsheet can sort."""

    def render(self, value: dt.date) -> str:
        return date_format(value, "j M Y")


class RecordColumn(tables.Column):
    """The record itself, by its name, linked to its page."""

    def __init__(self, verbose_name: str, **kwargs) -> None:
        super().__init__(verbose_name, accessor="pk", linkify=True, **kwargs)

    def render(self, record: Model) -> str:
        return str(record)


class CountColumn(tables.Column):
    """A count (an annotation) linked to the list of the records it counts: `url_name`'s
    list filtered by `parameter` on the row's slug. Its figure is that list's count only
    when the annotation counts what the filter keeps; tests pin each pair."""

    def __init__(self, verbose_name: str, *, url_name: str, parameter: str, **kwargs) -> None:
        self.url_name, self.parameter = url_name, parameter
        kwargs.setdefault("attrs", {"td": {"class": "number"}})
        super().__init__(verbose_name, **kwargs)

    def render(self, value: int, record: Model, bound_column: BoundColumn) -> str:
        query = urlencode({self.parameter: record.slug})
        return format_html(
            '<a href="{}?{}">{}<span class="visually-hidden"> {} of {}</span></a>',
            reverse(self.url_name),
            query,
            value,
            bound_column.header.lower(),
            record,
        )


# The arguments and the ** catch-all's name (django_tables2.utils.signature) of each
# render function, by its function: methods are bound anew for every cell.
_signatures: dict[tuple[Callable, bool], tuple[tuple[str, ...], str | None]] = {}


def _call_with_appropriate(function: Callable, offered: dict[str, object]) -> object:
    """django_tables2.utils.call_with_appropriate, reading each function's signature once:
    it read it again for every cell, a third of a cell's time."""
    key = (getattr(function, "__func__", function), hasattr(function, "__func__"))
    if (found := _signatures.get(key)) is None:
        found = _signatures[key] = signature(function)
    names, catch_all = found
    if catch_all:
        return function(**offered)
    if any(name not in offered for name in names):
        return None
    return function(**{name: offered[name] for name in names})


class TableRow(BoundRow):
    """A row as django-tables2 renders it, but calling each column's `render` through
    `_call_with_appropriate`."""

    def _call_render(self, bound_column: BoundColumn, value: object = None) -> object:
        offered = self._optional_cell_arguments(bound_column, value)
        content = _call_with_appropriate(bound_column.render, offered)
        return bound_column.link(content, **offered) if bound_column.link else content


class TrackerTable(tables.Table):
    """Shared options. `default_columns` are shown until a user picks others.

    `export_only` columns (declared `visible=False`) are in the exports, never on the page
    nor among the columns to choose: each goes with the column it details, named here, so a
    page stays narrow while its file answers the question that column raises.
    """

    default_columns: tuple[str, ...] = ()
    export_only: ClassVar[dict[str, str]] = {}

    class Meta:
        order_by_field = "sort"
        attrs = {"class": "results"}

    def rows_html(self) -> SafeString:
        """The page's rows. Each cell renders through django-tables2 as usual; the rows are
        put together here with each column's label and attributes worked out once, as a
        template loop re-resolving them for every cell cost as much as the cells did."""
        columns = [
            (
                column.name,
                format_html('<td data-label="{}" {}>', column.header, column.attrs["td"].as_html()),
            )
            for column in self.columns
        ]
        return mark_safe(
            "".join(
                "\n    <tr>"
                + "".join(
                    f"{start}{conditional_escape(localize(row.get_cell(name)))}</td>"
                    for name, start in columns
                )
                + "</tr>"
                for row in (TableRow(record, table=self) for record in self.paginated_rows.data)
            )
        )

    @classmethod
    def column_choices(cls) -> list[tuple[str, str]]:
        return [
            (name, column.verbose_name)
            for name, column in cls.base_columns.items()
            if name not in cls.export_only
        ]

    @classmethod
    def hidden_columns(cls, shown: Collection[str]) -> list[str]:
        """The columns left out when a user shows `shown`."""
        return [name for name in cls.base_columns if cls.export_only.get(name, name) not in shown]


class ColumnsForm(forms.Form):
    """Which columns a user wants to see on one list (kept in the session)."""

    columns = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Show columns", required=True
    )

    def __init__(self, *args, table_class: type[TrackerTable], **kwargs) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["columns"].choices = table_class.column_choices()


@lru_cache(maxsize=256)
def columns_field_html(table_class: type[TrackerTable], shown: tuple[str, ...]) -> SafeString:
    """The choice of columns with `shown` ticked, as the list page shows it. Rendered once
    per process for each choice: it is the same for everyone who shows the same columns,
    and its template per tick box cost a millisecond of every page."""
    form = ColumnsForm(initial={"columns": list(shown)}, table_class=table_class)
    return form["columns"].as_field_group()
