"""The list page: a filtered, sortable, paginated table that exports its rows."""

from collections.abc import Sequence
from functools import cache
from typing import ClassVar

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.views import View
from django_tables2 import Column

from .. import services
from ..forms import SavedViewForm, error_summary
from ..queries import saved_views_of_list
from .chips import clear_filters_query, filter_chips
from .columns import ColumnsForm, TrackerTable, columns_field_html
from .exports import FORMATS, export_response, export_stem, filename
from .filters import SlugFilter, TrackerFilterSet
from .paging import PAGE_SIZES, list_paginator

# The parameter of a saved view's query that names its columns: the list itself keeps
# them in the session (ListPage), so opening the view puts them there.
COLUMNS = "columns"


def view_query(params: QueryDict, filterset: TrackerFilterSet, columns: Sequence[str]) -> str:
    """The query string a saved view keeps of a list shown with `params`: each filter
    given, in the filter form's order (a record named in a text box by its slug), then
    the sort and the page size, then `columns` if the user chose any. Blank values, the
    page number and anything else are left out, so the same view is the same text
    however its address was written. `filterset` is bound to `params` and valid.
    """
    kept = QueryDict(mutable=True)
    for name, filter_ in filterset.filters.items():
        values = [value for value in params.getlist(name) if value != ""]
        record = filterset.form.cleaned_data.get(name)
        if isinstance(filter_, SlugFilter) and record:
            values = [record.slug]
        if values:
            kept.setlist(name, list(dict.fromkeys(values)))
    if sort := [value for value in params.getlist("sort") if value != ""]:
        kept.setlist("sort", list(dict.fromkeys(sort)))
    if params.get("per_page", "") in [str(size) for size in PAGE_SIZES[1:]]:
        kept["per_page"] = params["per_page"]
    if columns:
        kept.setlist(COLUMNS, list(columns))
    return kept.urlencode()


def save_view_fields(form: SavedViewForm) -> SafeString:
    """The save-view form's fields as the list page lays them out. A blank form's are the
    same on every page, and rendering them (templates within templates) cost a
    millisecond of each: they are rendered once per process; a refused form's, with its
    values and errors, every time."""
    return _fields_html(form) if form.is_bound else _blank_save_view_fields()


@cache
def _blank_save_view_fields() -> SafeString:
    return _fields_html(SavedViewForm())


def _fields_html(form: SavedViewForm) -> SafeString:
    return format_html_join(
        "",
        '<div class="field field-{}">{}</div>\n    ',
        ((field.widget_type, field.as_field_group()) for field in form),
    )


def view_list_query(query: str) -> tuple[str, list[str]]:
    """A saved view's query split into what goes in the list's address and its columns."""
    params = QueryDict(query, mutable=True)
    columns = params.pop(COLUMNS, [])
    return params.urlencode(), columns


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
    slug: ClassVar[str]  # names the exported file, the session's column choice, saved views
    url_name: ClassVar[str]  # its route, "summits:actionitem-list"
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
        table = self.table_of(
            filterset,
            request.GET,
            exclude=self.hidden_columns(request),
            extra_columns=extra_columns,
            sequence=[*(name for name, _ in extra_columns), "..."],
        )
        chips = filter_chips(filterset)
        if export_format in FORMATS:
            stem = export_stem(self.slug, [chip.words for chip in chips])
            rows = table.data.data
            if export_format == "xlsx" and (
                (total := rows.count()) > settings.TRACKER_BACKGROUND_EXPORT_ROWS
            ):
                # Too long to write inside a request: a task writes it, the job page
                # shows how far it has got (lists.background).
                try:
                    job = services.export_job_create(
                        owner=request.user,
                        list_key=self.slug,
                        query=view_query(
                            request.GET, filterset, request.session.get(self.columns_key(), [])
                        ),
                        filename=filename(stem, export_format, timezone.localdate()),
                        rows_total=total,
                    )
                except ValidationError as error:  # filters too long to keep
                    return HttpResponseBadRequest(
                        "Nothing exported: " + " ".join(error.messages),
                        content_type="text/plain; charset=utf-8",
                    )
                return HttpResponseRedirect(job.get_absolute_url())
            return export_response(
                export_format, table, table.data.data, stem=stem, title=self.title
            )
        per_page = self.per_page(request)
        # Out-of-range or malformed page numbers fall back to the nearest page. (Not
        # table.paginate(), which would make page 1 first.)
        table.paginator = list_paginator(
            table.rows, per_page, filterset=filterset, params=request.GET
        )
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
            "background_export_rows": settings.TRACKER_BACKGROUND_EXPORT_ROWS,
            "names": (self.queryset.model._meta.verbose_name, self.title.lower()),
            **({} if partial else self.whole_page_context(request)),
            **extra_context,
        }
        if partial:
            template += "#table"
        else:
            context["save_view_fields"] = save_view_fields(context["save_view_form"])
            context["columns_field"] = columns_field_html(
                self.table_class, tuple(column.name for column in table.columns)
            )
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def table_of(
        self, filterset: TrackerFilterSet, params: QueryDict, **options: object
    ) -> TrackerTable:
        """The table of the rows `filterset` keeps, in the order `params` sorts them by.
        The page and a saved view's digest both read their rows here."""
        table = self.table_class(filterset.qs, **options)
        if sort := params.getlist(table.order_by_field):
            table.order_by = sort
        # Ties broken by id, so that no row shows on two pages or none.
        rows = table.data.data
        table.data.data = rows.order_by(*(rows.query.order_by or rows.model._meta.ordering), "pk")
        return table

    @classmethod
    def url(cls, query: str = "") -> str:
        """The list's address, with the query string `query` if any."""
        return f"{reverse(cls.url_name)}?{query}" if query else reverse(cls.url_name)

    def whole_page_context(self, request: HttpRequest) -> dict:
        """The saved views' menu (one query) and the page's own context."""
        return {
            "saved_views": saved_views_of_list(request.user, self.slug),
            "save_view_form": SavedViewForm(),
            **self.page_context(request),
        }

    def extra_columns(self, request: HttpRequest) -> list[tuple[str, Column]]:
        """Columns of page controls for this user, shown first, never exported."""
        return []

    def page_context(self, request: HttpRequest) -> dict:
        """What the whole page shows beyond the table (not rendered for an htmx swap)."""
        return {}

    def post(self, request: HttpRequest) -> HttpResponse:
        """Keep the user's choice of columns (or forget it on "reset"), then show the list;
        or save the list as a view (`save_view`)."""
        if "save_view" in request.POST:
            return self.save_view(request)
        key = self.columns_key()
        form = ColumnsForm(request.POST, table_class=self.table_class)
        if "reset" in request.POST:
            request.session.pop(key, None)
        elif form.is_valid():
            request.session[key] = form.cleaned_data["columns"]
        return HttpResponseRedirect(request.get_full_path())

    def save_view(self, request: HttpRequest) -> HttpResponse:
        """Save the list as shown (filters and sort from the address it was posted to, the
        columns from the session) as a view, then show it; refused, the page again with
        the form and why."""
        form = SavedViewForm(request.POST)
        filterset = self.filterset_class(request.GET, queryset=self.queryset.all())
        if form.is_valid():
            if filterset.problems:
                form.add_error(
                    None,
                    "A filter could not be applied, so the view was not saved: correct or "
                    "remove it, then save again.",
                )
            else:
                columns = request.session.get(self.columns_key(), [])
                try:
                    view = services.saved_view_create(
                        owner=request.user,
                        list_key=self.slug,
                        query=view_query(request.GET, filterset, columns),
                        **form.cleaned_data,
                    )
                except ValidationError as error:
                    by_field = error.message_dict if hasattr(error, "error_dict") else {}
                    for field, errors in (by_field or {None: error.messages}).items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    shared = "shared with everyone" if view.shared else "only you see it"
                    messages.success(request, f"Saved the view “{view.name}” ({shared}).")
                    query, _columns = view_list_query(view.query)
                    return HttpResponseRedirect(self.url(query))
        response = self.render_list(request, save_view_form=form, error_summary=error_summary(form))
        response.status_code = 400
        return response

    @classmethod
    def columns_key(cls) -> str:
        """The session's key for the columns a user chose on this list."""
        return f"columns:{cls.slug}"

    def hidden_columns(self, request: HttpRequest) -> list[str]:
        shown = request.session.get(self.columns_key()) or self.table_class.default_columns
        return self.table_class.hidden_columns(shown)

    def per_page(self, request: HttpRequest) -> int:
        try:
            per_page = int(request.GET.get("per_page", ""))
        except ValueError:
            return PAGE_SIZES[0]
        return per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
