"""Pages of a list's rows: the sizes a user may pick, and a paginator fast on late pages."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django_tables2.rows import BoundRows

PAGE_SIZES = (25, 50, 100, 200)


class DeferredJoinPaginator(Paginator):
    """Pages of a table's queryset fetched as "the rows whose ids are this page's ids".

    With OFFSET, the database reads and throws away every row before the page; fetched
    whole, with their joins and long texts, that made late pages slow. Here only the ids
    are skipped over (the narrow subquery, often from an index), and the full rows with
    their joins are fetched for the page alone: one query, in the same order.
    """

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        queryset = getattr(getattr(rows, "data", None), "data", None)
        if (
            bottom >= top  # nothing to fetch
            or not isinstance(rows, BoundRows)
            or not isinstance(queryset, QuerySet)
            # DISTINCT would add the ordering to the ids' SELECT (PostgreSQL needs it there).
            or queryset.query.distinct
            or queryset.query.combinator
        ):
            return super().page(number)
        page_ids = queryset[bottom:top].values("pk")
        page_rows = BoundRows(
            queryset.filter(pk__in=page_ids), table=rows.table, pinned_data=rows.pinned_data
        )
        return self._get_page(page_rows, number, self)
