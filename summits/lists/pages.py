"""The list page: a filtered, sortable, paginated table that exports its rows."""

from typing import ClassVar

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views import View
from django_tables2 import Column

from .chips import clear_filters_query, filter_chips
from .columns import ColumnsForm, TrackerTable
from .exports import FORMATS, export_response, export_stem
from .filters import TrackerFilterSet
from .paging import PAGE_SIZES, DeferredJoinPaginator


class ListPage(View):
    """A filtered, sortable, paginated table that exports and answers htmx with the table.

    A list is a handful of attributes; everything else is shared. The filter state lives
    in the URL; the columns a user picks live in the session, so URLs stay short.
    """

    template_name = "summits/list.html"
    queryset: ClassVar[QuerySet]
    filterset_class: ClassVar[type[TrackerFilterSet]]
    table_class: ClassVar[type[TrackerTable]]
    title: ClassVar[str]  # the heading, and the exported sheet's title
    slug: ClassVar[str]  # names the exported file and the session's column choice
    intro: ClassVar[str] = ""
    empty_text: ClassVar[str]  # when nothing is recorded yet
    calendar: ClassVar[str] = ""  # the feed part this list's filters narrow, if any

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_list(request)

    def render_list(self, request: HttpRequest, **extra_context: object) -> HttpResponse:
        """The filtered list (or its export); `extra_context` overrides the page's own."""
        filterset = self.filterset_class(request.GET, queryset=self.queryset.all())
        export_format = request.GET.get("_export")
        if request.method == "GET" and (query := filterset.canonical_query()) is not None:
            # A record named in a text box: the same list at the address naming its slug.
            return HttpResponseRedirect(f"{request.path}?{query}")
        if export_format in FORMATS and filterset.problems:
            # No file rather than an empty one that reads as "nothing matches".
            return HttpResponseBadRequest(
                "Nothing exported: a filter could not be applied. Correct or remove it.\n"
                + "\n".join(filterset.problems),
                content_type="text/plain; charset=utf-8",
            )
        # Page controls (tick boxes) stay off exports.
        extra_columns = [] if export_format in FORMATS else self.extra_columns(request)
        table = self.table_class(
            filterset.qs,
            exclude=self.hidden_columns(request),
            extra_columns=extra_columns,
            sequence=[*(name for name, _ in extra_columns), "..."],
        )
        if sort := request.GET.getlist(table.order_by_field):
            table.order_by = sort
        # Ties broken by id, so that no row shows on two pages or none.
        rows = table.data.data
        table.data.data = rows.order_by(*(rows.query.order_by or rows.model._meta.ordering), "pk")
        chips = filter_chips(filterset)
        if export_format in FORMATS:
            stem = export_stem(self.slug, [chip.words for chip in chips])
            return export_response(
                export_format, table, table.data.data, stem=stem, title=self.title
            )
        per_page = self.per_page(request)
        # Out-of-range or malformed page numbers fall back to the nearest page.
        table.paginate(paginator_class=DeferredJoinPaginator, per_page=per_page)
        table.page = table.paginator.get_page(request.GET.get(table.page_field))
        template = self.template_name
        # A history restore needs the whole page; other htmx requests swap just the table.
        partial = request.htmx and not request.htmx.history_restore_request
        context = {
            "page": self,
            "filterset": filterset,
            "chips": chips,
            "clear_filters_query": clear_filters_query(filterset),
            "table": table,
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "export_formats": FORMATS,
            "names": (self.queryset.model._meta.verbose_name, self.title.lower()),
            "columns_form": ColumnsForm(
                initial={"columns": [column.name for column in table.columns]},
                table_class=self.table_class,
            ),
            **({} if partial else self.page_context(request)),
            **extra_context,
        }
        if partial:
            template += "#table"
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def extra_columns(self, request: HttpRequest) -> list[tuple[str, Column]]:
        """Columns of page controls for this user, shown first, never exported."""
        return []

    def page_context(self, request: HttpRequest) -> dict:
        """What the whole page shows beyond the table (not rendered for an htmx swap)."""
        return {}

    def post(self, request: HttpRequest) -> HttpResponse:
        """Keep the user's choice of columns (or forget it on "reset"), then show the list."""
        key = f"columns:{self.slug}"
        form = ColumnsForm(request.POST, table_class=self.table_class)
        if "reset" in request.POST:
            request.session.pop(key, None)
        elif form.is_valid():
            request.session[key] = form.cleaned_data["columns"]
        return HttpResponseRedirect(request.get_full_path())

    def hidden_columns(self, request: HttpRequest) -> list[str]:
        shown = request.session.get(f"columns:{self.slug}") or self.table_class.default_columns
        return self.table_class.hidden_columns(shown)

    def per_page(self, request: HttpRequest) -> int:
        try:
            per_page = int(request.GET.get("per_page", ""))
        except ValueError:
            return PAGE_SIZES[0]
        return per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
