"""Pages of records: `?page=2&per_page=100`, with the total count and the next page."""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination

from ..lists.paging import PAGE_SIZES


class RecordPagination(PageNumberPagination):
    page_size = settings.TRACKER_API_PAGE_SIZE
    page_size_query_param = "per_page"
    max_page_size = max(PAGE_SIZES)
