"""The page-number pagination every API list shares, and the error shapes and refusal handling of writes."""

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from ninja.responses import Status

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PageNumberPagination(PaginationBase):
    """`?page=N&page_size=M` in, `{count, page, page_size, next, previous, items}` out.

    Two queries per page whatever the data size (one COUNT, one LIMIT/OFFSET, plus the queryset's
    prefetches). A page past the end is an empty page, not an error, so that a client looping on
    `next` never trips.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, description="页码，从1开始")
        page_size: int = Field(PAGE_SIZE, ge=1, description=f"每页条数，默认{PAGE_SIZE}，超过{MAX_PAGE_SIZE}按{MAX_PAGE_SIZE}计")

    class Output(Schema):
        count: int = Field(description="符合条件的总条数")
        page: int = Field(description="当前页码")
        page_size: int = Field(description="每页条数")
        next: str | None = Field(description="下一页的地址；没有下一页时为 null")
        previous: str | None = Field(description="上一页的地址；没有上一页时为 null")
        items: list[Any] = Field(description="本页条目")

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        page, size = pagination.page, min(pagination.page_size, MAX_PAGE_SIZE)
        count = self._items_count(queryset)
        offset = (page - 1) * size
        items = list(queryset[offset : offset + size]) if offset < count else []
        return {
            "count": count,
            "page": page,
            "page_size": size,
            "next": _page_url(request, page + 1) if offset + size < count else None,
            "previous": _page_url(request, min(page - 1, max(1, -(-count // size)))) if page > 1 else None,
            "items": items,
        }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")


class ErrorOut(Schema):
    detail: str = Field(description="错误说明")


class FieldErrorsOut(Schema):
    detail: str = Field(description="错误说明")
    errors: dict[str, list[str]] = Field(description="按字段列出的错误")


WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: FieldErrorsOut}


def write(call, status: int = 200):
    """Run a service call for a write endpoint: its result with `status`, or the refusal as 403 / 422."""
    code, result = refused(call)
    return Status(code or status, result)


def refused(call):
    """Run a service call; a refusal becomes (403 | 422, body) in the API's error shapes, success (None, result)."""
    try:
        return None, call()
    except PermissionDenied as exc:
        return 403, {"detail": str(exc) or "您没有权限进行该操作"}
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return 422, {"detail": "；".join(m for ms in errors.values() for m in ms), "errors": errors}


def renamed(call, names: dict[str, str]):
    """`call`, with the fields of its refusal renamed from the service's to the request's
    (`visitors` → `visitor_member_ids`, `note` → `reason`), so that a client is told about what it sent."""

    def run():
        try:
            return call()
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            raise ValidationError({names.get(k, k): v for k, v in exc.message_dict.items()}) from exc

    return run


def patch_fields(payload: Schema, *, nullable=()) -> dict:
    """The fields a PATCH body gave. A field may be left out, but null only for those in `nullable`: a null
    for one that cannot be empty is refused, naming it."""
    data = payload.dict(exclude_unset=True)
    empty = sorted(k for k, v in data.items() if v is None and k not in nullable)
    if empty:
        raise ValidationError({k: [f"“{k}”不能为空"] for k in empty})
    return data
