"""Pages of records: `?page=2&per_page=100`, with the count and the next page.

A list is counted and paged as its list page is (lists.paging.list_paginator): its count
read from the kept figures where its filters ask only what they count, else counted up
to TRACKER_LIST_COUNT_LIMIT, past which `count` is that limit and `count_exact` false
(the page's "More than 100,000"); `?count=all` counts every record. A page's records are
fetched by their ids, not read past an OFFSET of whole rows.
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..lists.paging import COUNT_ALL, COUNT_PARAM, PAGE_SIZES, list_paginator


class ListFilterBackend(DjangoFilterBackend):
    """The list page's FilterSet applied, and kept on the view (`filterset`): the page's
    count may be read from the figures it asks for (`kept_count`)."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: APIView) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise translate_validation(filterset.errors)
        view.filterset = filterset
        return filterset.qs


class RecordPagination(PageNumberPagination):
    page_size = settings.TRACKER_API_PAGE_SIZE
    page_size_query_param = "per_page"
    max_page_size = max(PAGE_SIZES)

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list:
        self.request = request
        number = request.query_params.get(self.page_query_param) or 1
        last = number in self.last_page_strings
        paginator = list_paginator(
            queryset,
            self.get_page_size(request),
            filterset=getattr(view, "filterset", None),
            params=request.query_params,
            # The last page is the last only when every record is counted.
            exact=last,
        )
        try:
            self.page = paginator.page(paginator.num_pages if last else number)
        except InvalidPage as error:
            message = self.invalid_page_message.format(page_number=number, message=str(error))
            raise NotFound(message) from None
        return list(self.page)

    def get_paginated_response(self, data: list) -> Response:
        paginator = self.page.paginator
        exact = paginator.more_than is None
        return Response(
            {
                "count": paginator.count if exact else paginator.more_than,
                "count_exact": exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        described = super().get_paginated_response_schema(schema)
        properties = described["properties"]
        properties["count"]["description"] = (
            "How many records the filters select; when `count_exact` is false, how many "
            "there are more than (ask `count=all` for the exact count)."
        )
        described["properties"] = {
            "count": properties.pop("count"),
            "count_exact": {
                "type": "boolean",
                "description": (
                    "False when the records were counted only up to a limit (100,000 "
                    "unless the tracker sets TRACKER_LIST_COUNT_LIMIT otherwise): there "
                    "are more than `count`, and `next` leads on past it."
                ),
            },
            **properties,
        }
        described["required"] = ["count", "count_exact", "results"]
        return described

    def get_schema_operation_parameters(self, view: APIView) -> list[dict]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": COUNT_PARAM,
                "required": False,
                "in": "query",
                "description": (
                    f"`{COUNT_ALL}`: count every record, however many (by default a long "
                    "list is counted up to a limit: see `count_exact`)."
                ),
                "schema": {"type": "string", "enum": [COUNT_ALL]},
            },
        ]
