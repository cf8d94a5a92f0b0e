"""A changelist's date hierarchy from two rows of an index, not from the whole table.

Django's hierarchy asks MIN and MAX of the field together (SQLite then reads every row:
it takes a single MIN or MAX alone from an index), then the DISTINCT years, months or days
of every row (on SQLite a Python function called per row): 5 s over a million status
updates. Here it reads the first and the last date, each as one row in the field's order,
and offers every period between them: a year or a month without rows, rare in a running
archive, is offered too and lists nothing.
"""

import datetime as dt

from django.contrib.admin.views.main import ChangeList
from django.db import connections
from django.db.models import DateTimeField, Field, Max, Min, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

# Rows of the whole table from each end of the field's order, where SQLite looks for a
# filtered changelist's first and last dates before it looks through all its rows.
WINDOW = 1000


class PeriodsQuerySet(QuerySet):
    """The changelist's rows as its date hierarchy reads them (admin_list.date_hierarchy
    asks `aggregate(first=Min(f), last=Max(f))`, then `dates`; a DateTimeField's
    `datetimes` are still Django's own)."""

    found: bool | None = None  # whether the changelist has rows, if known

    def aggregate(self, *args, **kwargs):
        first, last = kwargs.get("first"), kwargs.get("last")
        if args or len(kwargs) != 2 or not (isinstance(first, Min) and isinstance(last, Max)):
            return super().aggregate(*args, **kwargs)
        [field] = {expression.source_expressions[0].name for expression in (first, last)}
        earliest, latest = self._ends(field)
        return {"first": earliest, "last": latest}

    def dates(self, field_name, kind, order="ASC") -> list[dt.date]:
        earliest, latest = self._ends(field_name)
        if earliest is None:
            return []
        if kind == "year":
            return [dt.date(year, 1, 1) for year in range(earliest.year, latest.year + 1)]
        if kind == "month":
            months = range(earliest.year * 12 + earliest.month - 1, latest.year * 12 + latest.month)
            return [dt.date(month // 12, month % 12 + 1, 1) for month in months]
        days = (latest - earliest).days + 1
        return [earliest + dt.timedelta(days=n) for n in range(days)]

    def _ends(self, field: str) -> tuple[dt.date | None, dt.date | None]:
        """The first and the last date, each one row read in the field's index order."""
        if not hasattr(self, "_ends_read"):
            self._ends_read = (
                (None, None) if self.found is False else (self._end(field), self._end(f"-{field}"))
            )
        return self._ends_read

    def _end(self, order: str) -> dt.date | None:
        """The first date of the rows in `order` ("field" or "-field"), in one query.

        Read as a scalar subquery, which SQLite plans as the one row it is (walking an
        index in the field's order, each row checked against the filters); asked as a
        query of its own, SQLite read every row a filter's join found, then sorted them.
        Where a join is the only filter with an index (a sector), SQLite still starts
        from it: so there the rows are first looked for among the table's first WINDOW
        rows in the field's order. PostgreSQL weighs both ways by itself, and with the
        window joined every link of the sector.
        """
        field = self.model._meta.get_field(order.removeprefix("-"))
        dated = self.filter(_dated(field)).order_by(order).values(field.name)
        end = Subquery(dated[:1], output_field=field)
        if self.query.where and connections[self.db].vendor == "sqlite":
            ties = "-pk" if order.startswith("-") else "pk"
            table = self.model._default_manager.filter(_dated(field))
            window = table.order_by(order, ties).values("pk")[:WINDOW]
            end = Coalesce(Subquery(dated.filter(pk__in=window)[:1]), end, output_field=field)
        # Selected beside a row of the table: none when it is empty, as there is no date.
        rows = self.model._default_manager.order_by().annotate(end=end)
        return next(iter(rows.values_list("end", flat=True)[:1]), None)


def _dated(field: Field) -> Q:
    """The rows with a date: for a date, as a range from the first day, which an index in
    the field's order starts at its first date; "IS NOT NULL" made SQLite read every
    undated row first, at the start of an ascending index (150,000 items' at 1,000,000)."""
    if isinstance(field, DateTimeField):
        return ~Q(**{field.name: None})
    return Q(**{f"{field.name}__gte": dt.date.min})


class PeriodsChangeList(ChangeList):
    def get_results(self, request) -> None:
        super().get_results(request)
        # Only the date hierarchy reads the changelist's queryset after its results.
        self.queryset = PeriodsQuerySet(
            model=self.queryset.model, query=self.queryset.query, using=self.queryset.db
        )
        # No rows, no dates: not looked for through every row of the table.
        self.queryset.found = self.result_count > 0


class PeriodsHierarchyMixin:
    """For a ModelAdmin with a date_hierarchy over many rows."""

    def get_changelist(self, request, **kwargs):
        return PeriodsChangeList
