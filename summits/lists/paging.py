"""Pages of a list's rows: the sizes a user may pick, and a paginator fast on late pages
that stops counting rows past a limit, as the list pages and the API's lists use it."""

from contextlib import suppress

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import Col
from django.db.models.sql.where import WhereNode
from django.http import QueryDict
from django.utils.functional import cached_property
from django_tables2.rows import BoundRows

from .filters import TrackerFilterSet

PAGE_SIZES = (25, 50, 100, 200)


class DeferredJoinPaginator(Paginator):
    """Pages of a queryset, or of a table's, fetched as "the rows whose ids are this
    page's ids".

    With OFFSET, the database reads and throws away every row before the page; fetched
    whole, with their joins and long texts, that made late pages slow. Here only the ids
    are skipped over (the narrow subquery, often from an index), and the full rows with
    their joins are fetched for the page alone: one query, in the same order.

    A `known_count` is taken as the count. Else, with a `count_limit`, the rows are
    counted up to just past that many, or past the end of the page asked for if that is
    further: counting every one of a million rows cost more than the rest of the page.
    Then `more_than` is how many rows there are known to be more than, and the last page
    known is not the last page; None when the count is exact.
    """

    def __init__(
        self,
        object_list: BoundRows | QuerySet,
        per_page: int,
        *,
        count_limit: int | None = None,
        known_count: int | None = None,
    ):
        super().__init__(object_list, per_page)
        self.count_limit = count_limit
        self.known_count = known_count  # exact, from figures kept (FilterSet.kept_count)
        self.more_than: int | None = None
        self._rows_wanted = per_page  # to the end of the first page

    @cached_property
    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        queryset = self._queryset()
        if (
            self.count_limit is None
            or queryset is None
            # SQLite counts a whole table from one index's pages, faster than it counts
            # rows one by one up to any limit (0.01 ms against 8 ms at 100,000 items).
            or (not queryset.query.where and connections[queryset.db].vendor == "sqlite")
        ):
            return super().count
        limit = max(self.count_limit, self._rows_wanted) + 1
        # SELECT COUNT(*) FROM (SELECT id … LIMIT n): the database stops at n rows.
        counted = queryset.order_by().values("pk")[:limit].count()
        if counted == limit:
            self.more_than = limit - 1
        return counted

    def _queryset(self) -> QuerySet | None:
        """The queryset the rows come from, if they come from one (a table's may not)."""
        if isinstance(self.object_list, QuerySet):
            return self.object_list
        queryset = getattr(getattr(self.object_list, "data", None), "data", None)
        if isinstance(self.object_list, BoundRows) and isinstance(queryset, QuerySet):
            return queryset
        return None

    def validate_number(self, number: object) -> int:
        # The first page asked for (`get_page`, `page`) is checked before anything else
        # counts: the rows are counted to the end of that page at least.
        if "count" not in self.__dict__:
            with suppress(ValueError):  # not a number: the first page's
                self._rows_wanted = max(int(str(number)), 1) * self.per_page
        return super().validate_number(number)

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows, queryset = self.object_list, self._queryset()
        if (
            bottom >= top  # nothing to fetch
            or queryset is None
            # DISTINCT would add the ordering to the ids' SELECT (PostgreSQL needs it there).
            or queryset.query.distinct
            or queryset.query.combinator
        ):
            return super().page(number)
        page_rows = _rows_with_ids(queryset, queryset[bottom:top].values("pk"))
        if isinstance(rows, BoundRows):
            page_rows = BoundRows(page_rows, table=rows.table, pinned_data=rows.pinned_data)
        return self._get_page(page_rows, number, self)


# The parameter that asks a list for its exact count, however many rows it has.
COUNT_PARAM, COUNT_ALL = "count", "all"


def list_paginator(
    rows: BoundRows | QuerySet,
    per_page: int,
    *,
    filterset: TrackerFilterSet | None,
    params: QueryDict,
    exact: bool = False,
) -> DeferredJoinPaginator:
    """The paginator of a list's `rows` (a list page's and an API list's alike): the count
    from the figures kept where `filterset` finds them, else counted up to
    TRACKER_LIST_COUNT_LIMIT, unless `params` ask for the exact count ("count=all") or
    the caller needs it (`exact`)."""
    count_limit = settings.TRACKER_LIST_COUNT_LIMIT or None
    if exact or params.get(COUNT_PARAM) == COUNT_ALL:
        count_limit = None
    known_count = filterset.kept_count() if filterset is not None else None
    return DeferredJoinPaginator(rows, per_page, count_limit=count_limit, known_count=known_count)


def _rows_with_ids(queryset: QuerySet, ids: QuerySet) -> QuerySet:
    """The rows of `queryset` whose ids `ids` (a subquery of it) selects.

    Its conditions are not asked again, nor the tables they joined joined again: the ids
    met them already. Asked again, a text search read its index twice, as SQLite reads
    every match of an IN list before it looks at the page's ids (the action items' search
    for a common word at 1,000,000 items: its page query 80 -> 40 ms); and a condition's
    join came before the ids in the query, which PostgreSQL, past eight tables
    (join_collapse_limit), kept in that order: it joined every row matching the
    conditions before it looked at the ids (the API's action items in progress in one
    sector at 100,000 items: 35 -> 2 ms). They stay only where a column the rows carry
    (an annotation, an extra) reads a table they joined.
    """
    rows = queryset.all()
    query = rows.query
    if not query.extra and not any(
        isinstance(expression, Col) and expression.alias != query.base_table
        for annotation in query.annotations.values()
        for expression in annotation.flatten()
    ):
        query.where = WhereNode()
        # A join no longer counted is left out of the SQL (the compiler skips it).
        for alias in query.alias_map:
            if alias != query.base_table:
                query.alias_refcount[alias] = 0
    return rows.filter(pk__in=ids)
