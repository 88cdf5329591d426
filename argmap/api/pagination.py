"""Page-number pagination for every list: `?page=2&page_size=100`."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    """50 items a page by default, at most 200: a whole demo map's nodes fit in one page, and
    no request can ask the server to serialise an unbounded list. A page past the end is 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
