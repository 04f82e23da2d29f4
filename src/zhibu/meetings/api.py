"""Meeting endpoints: scoped exactly like the pages (outside the scope: 404; read-only roles: 403 on writes),
writing through the same services."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from zhibu.core.pagination import ErrorOut, PageNumberPagination, refused
from zhibu.orgs import selectors as org_selectors
from zhibu.orgs.models import Member

from . import selectors, services

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.5 takes (status, body) tuples

    def Status(status: int, body):  # noqa: N802 (stands in for the class)
        return status, body

from .schemas import (
    ErrorsOut,
    MeetingDetailOut,
    MeetingFilters,
    MeetingIn,
    MeetingOut,
    MeetingPatchIn,
    MeetingPutIn,
)

router = Router(tags=["组织生活"])

_READ = {404: ErrorOut}
_WRITE = {403: ErrorOut, 404: ErrorOut, 422: ErrorsOut}


class _Refused(Exception):
    def __init__(self, status: int, body: dict):
        self.status, self.body = status, body


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, timezone.get_current_timezone())
    return value


def _member(member_id: int | None, field: str) -> Member | None:
    if member_id is None:
        return None
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise _Refused(422, {"detail": f"没有找到编号为{member_id}的党员", "errors": {field: [f"没有找到编号为{member_id}的党员"]}})
    return member


def _service_kwargs(request: HttpRequest, payload, fields: set[str]) -> dict:
    """The service's keyword arguments from the payload fields that were sent."""
    data = payload.dict(include=fields)
    kwargs: dict = {}
    for name in ("kind", "research", "title", "topic", "place", "minutes", "resolutions"):
        if name in data and data[name] is not None:
            kwargs[name] = data[name]
    for name in ("starts_at", "ends_at"):
        if name in data and data[name] is not None:
            kwargs[name] = _aware(data[name])
    if "chair_member_id" in fields:
        kwargs["chair"] = _member(payload.chair_member_id, "chair_member_id")
    if "recorder_member_id" in fields:
        kwargs["recorder"] = _member(payload.recorder_member_id, "recorder_member_id")
    if "co_hosts" in fields and payload.co_hosts is not None:
        found, missing = selectors.co_hosts_by_codes_for_user(user=request.user, codes=payload.co_hosts)
        if missing:
            message = "没有找到编码为" + "、".join(f"“{c}”" for c in missing) + "的组织"
            raise _Refused(422, {"detail": message, "errors": {"co_hosts": [message]}})
        kwargs["co_hosts"] = found
    if "agenda" in fields and payload.agenda is not None:
        kwargs["agenda"] = [services.AgendaRow(**a.dict()) for a in payload.agenda]
    if "attendance" in fields and payload.attendance is not None:
        kwargs["attendance"] = [services.AttendanceRow(**a.dict()) for a in payload.attendance]
    if "guests" in fields and payload.guests is not None:
        kwargs["guests"] = [services.GuestRow(**g.dict()) for g in payload.guests]
    return kwargs


def _write(request: HttpRequest, call, status: int = 200):
    """Run a service call, turning refusals into the API's error shapes."""
    try:
        code, meeting = refused(call)
    except _Refused as exc:
        return Status(exc.status, exc.body)
    if code:
        return Status(code, meeting)
    if meeting is None:
        return Status(204, None)
    return Status(status, selectors.meeting_get_for_user(user=request.user, meeting_id=meeting.pk, detail=True))


@router.get("/meetings/", response=list[MeetingOut], summary="组织生活记录列表",
            description="调用者范围内主办或协办的记录，按开始时间倒序。`org` 不在范围内时返回 404。")
@paginate(PageNumberPagination)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]):
    org = org_selectors.org_get_for_user(user=request.user, code=filters.org) if filters.org else None
    return selectors.meeting_list_for_user(user=request.user, org=org, kind=filters.kind,
                                           date_from=filters.date_from, date_to=filters.date_to, q=filters.q)


@router.post("/meetings/", response={201: MeetingDetailOut, **_WRITE}, summary="登记组织生活",
             description="议程、出席情况和来宾一并保存，任何一处有误都不会保存任何内容（422，逐项说明）。")
def meeting_create(request: HttpRequest, payload: MeetingIn):
    def call():
        org = org_selectors.org_get_for_user(user=request.user, code=payload.org)
        kwargs = _service_kwargs(request, payload, payload.model_fields_set | {"kind", "title", "starts_at",
                                                                                "ends_at"})
        return services.meeting_create(by=request.user, org=org, **kwargs)

    return _write(request, call, status=201)


@router.get("/meetings/{int:meeting_id}", response={200: MeetingDetailOut, **_READ}, summary="组织生活记录详情")
def meeting_detail(request: HttpRequest, meeting_id: int):
    return selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, detail=True)


def _update(request: HttpRequest, meeting_id: int, payload, fields: set[str]):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)

    def call():
        if getattr(payload, "org", None) and payload.org != meeting.org.code:
            raise ValidationError({"org": "主办组织不能修改；如登记错了，请删除后重新登记"})
        kwargs = _service_kwargs(request, payload, fields - {"org"})
        return services.meeting_update(by=request.user, meeting=meeting, **kwargs)

    return _write(request, call)


@router.put("/meetings/{int:meeting_id}", response={200: MeetingDetailOut, **_WRITE}, summary="修改组织生活记录（整体）",
            description="未给出的可选字段恢复为空；议程、出席情况、来宾按给出的列表整体替换。")
def meeting_put(request: HttpRequest, meeting_id: int, payload: MeetingPutIn):
    return _update(request, meeting_id, payload, set(MeetingPutIn.model_fields))


@router.patch("/meetings/{int:meeting_id}", response={200: MeetingDetailOut, **_WRITE},
              summary="修改组织生活记录（部分）", description="只修改给出的字段；给出的列表整体替换对应部分。")
def meeting_patch(request: HttpRequest, meeting_id: int, payload: MeetingPatchIn):
    return _update(request, meeting_id, payload, set(payload.model_fields_set))


@router.delete("/meetings/{int:meeting_id}", response={204: None, **_WRITE}, summary="删除组织生活记录",
               description="软删除，可在网页的回收站恢复。")
def meeting_delete(request: HttpRequest, meeting_id: int):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)

    def call():
        services.meeting_delete(by=request.user, meeting=meeting, reason="通过API删除")
        return None

    return _write(request, call)
