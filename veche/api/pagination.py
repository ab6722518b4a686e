"""Page-number pagination shared by every list endpoint: ?page=2&page_size=50 gives
{"count", "next", "previous", "results"} with absolute links, like most REST APIs clients know."""

from functools import cache

from django.http import HttpRequest
from ninja import Field, Schema
from pydantic import create_model

MAX_PAGE_SIZE = 200
# Deep pages are for scripts that should filter instead; the cap also keeps OFFSET in range.
MAX_PAGE = 100_000


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Номер страницы, с 1")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Записей на странице")


@cache
def page_of(item: type[Schema]) -> type[Schema]:
    """The response schema of a list of `item` (one named schema per item type in OpenAPI)."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        count=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        results=(list[item], ...),  # type: ignore[valid-type]  # a schema made at run time
    )


def _link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, rows, params: PageParams, count: int | None = None) -> dict:
    """Slice a queryset (or list) to one page. The count is one query; the slice is one more,
    plus whatever prefetches the queryset carries: constant in the number of rows."""
    total = count if count is not None else (
        rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    )
    start = (params.page - 1) * params.page_size
    results = list(rows[start:start + params.page_size])
    return {
        "count": total,
        "next": _link(request, params.page + 1) if start + params.page_size < total else None,
        "previous": _link(request, params.page - 1) if params.page > 1 else None,
        "results": results,
    }
