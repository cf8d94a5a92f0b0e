"""Pages of a list's rows: the sizes a user may pick, and a paginator fast on late pages
that stops counting rows past a limit."""

from contextlib import suppress

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.where import WhereNode
from django.utils.functional import cached_property
from django_tables2.rows import BoundRows

PAGE_SIZES = (25, 50, 100, 200)


class DeferredJoinPaginator(Paginator):
    """Pages of a table's queryset fetched as "the rows whose ids are this page's ids".

    With OFFSET, the database reads and throws away every row before the page; fetched
    whole, with their joins and long texts, that made late pages slow. Here only the ids
    are skipped over (the narrow subquery, often from an index), and the full rows with
    their joins are fetched for the page alone: one query, in the same order.

    A `known_count` is taken as the count. Else, with a `count_limit`, the rows are
    counted up to just past that many, or past the end of the page asked for (`get_page`)
    if that is further: counting every one of a million rows cost more than the rest of
    the page. Then `more_than` is how many rows
    there are known to be more than, and the last page known is not the last page; None
    when the count is exact.
    """

    def __init__(
        self,
        object_list: BoundRows,
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

    def get_page(self, number: object) -> Page:
        with suppress(ValueError):  # not a number: the first page
            self._rows_wanted = max(int(str(number)), 1) * self.per_page
        return super().get_page(number)

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
        """The table's queryset, if the rows are a table's and come from one."""
        queryset = getattr(getattr(self.object_list, "data", None), "data", None)
        if isinstance(self.object_list, BoundRows) and isinstance(queryset, QuerySet):
            return queryset
        return None

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
        page_ids = queryset[bottom:top].values("pk")
        page_rows = BoundRows(
            _rows_with_ids(queryset, page_ids), table=rows.table, pinned_data=rows.pinned_data
        )
        return self._get_page(page_rows, number, self)


def _rows_with_ids(queryset: QuerySet, ids: QuerySet) -> QuerySet:
    """The rows of `queryset` whose ids `ids` (a subquery of it) selects.

    Its conditions are not asked again when they join no other table: the ids met them
    already. Asked again, a text search read its index twice, as SQLite reads every
    match of an IN list before it looks at the page's ids (the action items' search for
    a common word at 1,000,000 items: its page query 80 -> 40 ms). Conditions that join
    another table stay: without them the join would be left, unfiltered, in the query.
    """
    rows = queryset.all()
    if len(rows.query.alias_map) == 1:
        rows.query.where = WhereNode()
    return rows.filter(pk__in=ids)
