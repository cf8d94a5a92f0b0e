"""The framework every list page shares (NetBox's `netbox/views/generic` idea).

A list page is three declarations, all outside this package: a FilterSet (summits/
filters.py), a table (summits/tables.py), and a `ListPage` subclass naming them with a
queryset and a title (summits/views.py). What they are built from lives here:

- `pages`: `ListPage`, the view: filters, sorting, pages, the choice of columns, htmx
  swaps of the table alone, exports;
- `columns`: the kinds of column, `TrackerTable` (the tables' base), `ColumnsForm`;
- `filters`: the search, menu, slug and tick-box filters, `TrackerFilterSet`;
- `paging`: the page sizes, `DeferredJoinPaginator` and `list_paginator`, which the API's
  lists page with too;
- `exports`: every filtered row as CSV, JSON or XLSX, streamed.
"""
