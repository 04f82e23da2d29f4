"""Integration writes: work items and their four stages, courses and their 课程思政 elements.

Each endpoint calls the same service as the pages, so the rules and their Chinese messages are the same;
a refusal is 403 (read-only role) or 422 (every field at fault, nothing saved); outside the scope, 404.
Errors are keyed by the request's own field names (`meeting_id`, `major`, `element`). They share the reads'
router: django-ninja serves a path's methods from the router that declares it.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.responses import Status

from zhibu.cobuild.selectors import major_choices_for_branch
from zhibu.core.pagination import WRITE_ERRORS, patch_fields, refused, renamed
from zhibu.meetings.selectors import meeting_list_for_user
from zhibu.orgs import selectors as org_selectors

from . import selectors, services, services_edits
from .api import CourseDetailOut, ElementOut, WorkItemOut, router
from .models import Stage, WorkItem

Names = list[str] | str


class WorkItemIn(Schema):
    org: str = Field(description="党支部编码")
    title: str = Field(description="工作事项")
    category: WorkItem.Category = Field(description="类别")
    year: int = Field(description="年度")
    description: str = ""


class WorkItemPatch(Schema):
    title: str | None = None
    category: WorkItem.Category | None = None
    year: int | None = None
    description: str | None = None


class StageIn(Schema):
    stage: Stage = Field(description="research 同研究、deploy 同部署、implement 同落实、assess 同考核")
    occurred_on: dt.date
    meeting_id: int | None = Field(None, description="所依据的会议记录（本支部的组织生活记录）")
    document_title: str = Field("", description="不关联会议时必填：所依据的文件名称")
    document_ref: str = ""
    party_side: Names = Field("", description="党建方参加人员：姓名列表，或用顿号分隔")
    business_side: Names = Field("", description="业务方参加人员：姓名列表，或用顿号分隔")
    reason: str = Field("", description="先于前一环节记录（或日期更早）时必填的原因")
    note: str = ""


class CourseIn(Schema):
    org: str = Field(description="负责支部编码")
    major: str = Field(description="专业代码（支部所在院系的专业）")
    name: str
    code: str = Field(description="课程代码，同一专业内不重复")
    teachers: Names = Field(description="任课教师：姓名列表，或用顿号分隔")


class CoursePatch(Schema):
    major: str | None = None
    name: str | None = None
    code: str | None = None
    teachers: Names | None = None


class ElementIn(Schema):
    chapter: str
    element: str = Field(description="思政元素")
    method: str = ""
    evidence: str = ""
    author: str = Field(description="撰写教师，须是本课程的任课教师")


class ElementPatch(Schema):
    chapter: str | None = None
    element: str | None = None
    method: str | None = None
    evidence: str | None = None
    author: str | None = None


def _manages(request, path: str) -> None:
    """A read-only role is told so (403) before any lookup of the request's own codes could answer 422."""
    if not org_selectors.can_manage(request.user, path):
        raise PermissionDenied("您没有权限修改该组织的记录")


def _answer(call, status: int, then, keys: dict[str, str] | None = None):
    """Run the service call; a refusal in the API's error shapes, else `then(result)` with `status`."""
    code, result = refused(renamed(call, keys or {}))
    if code:
        return Status(code, result)
    return Status(status, then(result) if then else None)


def _item_out(request, item_id: int) -> WorkItem:
    return selectors.work_item_list_for_user(user=request.user).get(pk=item_id)


def _course_out(request, course_id: int):
    return selectors.course_list_for_user(user=request.user).get(pk=course_id)


# --- work items ------------------------------------------------------------------------------------


@router.post(
    "/work-items/",
    response={201: WorkItemOut, **WRITE_ERRORS},
    summary="登记融合事项",
    description="由党支部登记；年度应在2000年至明年之间。有误时返回 422，不保存。",
)
def work_item_create(request: HttpRequest, payload: WorkItemIn):
    org = org_selectors.org_get_for_user(user=request.user, code=payload.org)
    return _answer(
        lambda: services.work_item_create(by=request.user, org=org, **payload.dict(exclude={"org"})),
        201,
        lambda item: _item_out(request, item.pk),
    )


@router.patch(
    "/work-items/{int:work_item_id}",
    response={200: WorkItemOut, **WRITE_ERRORS},
    summary="修改融合事项",
    description="只修改给出的字段；所属支部不能改。",
)
def work_item_update(request: HttpRequest, work_item_id: int, payload: WorkItemPatch):
    item = selectors.work_item_get_for_user(user=request.user, work_item_id=work_item_id)

    def call():
        fields = patch_fields(payload, nullable=("description",))
        return services_edits.work_item_update(by=request.user, work_item=item, **fields)

    return _answer(call, 200, lambda _: _item_out(request, item.pk))


@router.post(
    "/work-items/{int:work_item_id}/stages",
    response={200: WorkItemOut, **WRITE_ERRORS},
    summary="记录融合环节（同研究、同部署、同落实、同考核）",
    description="同一环节再次记录即覆盖。须关联本支部的会议或填写文件名称，至少登记一方的参加人员；"
    "先于前一环节记录时须填写原因。返回事项及仍缺少的环节。",
)
def stage_create(request: HttpRequest, work_item_id: int, payload: StageIn):
    item = selectors.work_item_get_for_user(user=request.user, work_item_id=work_item_id)

    def call():
        _manages(request, item.org_path)
        meeting = None
        if payload.meeting_id is not None:
            meeting = (
                meeting_list_for_user(user=request.user)
                .prefetch_related(None)
                .filter(pk=payload.meeting_id)
                .first()
            )
            if meeting is None:
                raise ValidationError({"meeting_id": "没有找到该会议记录"})
        return services.stage_record(
            by=request.user, work_item=item, meeting=meeting, **payload.dict(exclude={"meeting_id"})
        )

    return _answer(call, 200, lambda _: _item_out(request, item.pk), {"meeting": "meeting_id"})


@router.delete(
    "/work-items/{int:work_item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="删除融合事项",
    description="软删除：不再计入融合率，可恢复。",
)
def work_item_delete(request: HttpRequest, work_item_id: int, reason: str = ""):
    item = selectors.work_item_get_for_user(user=request.user, work_item_id=work_item_id)
    return _answer(
        lambda: services.work_item_delete(by=request.user, work_item=item, reason=reason), 204, None
    )


@router.post(
    "/work-items/{int:work_item_id}/restore",
    response={200: WorkItemOut, **WRITE_ERRORS},
    summary="恢复已删除的融合事项",
)
def work_item_restore(request: HttpRequest, work_item_id: int):
    item = selectors.work_item_get_for_user(
        user=request.user, work_item_id=work_item_id, include_deleted=True
    )
    return _answer(
        lambda: services_edits.work_item_restore(by=request.user, work_item=item),
        200,
        lambda _: _item_out(request, item.pk),
    )


# --- courses and their elements --------------------------------------------------------------------


def _major(org, code: str):
    major = major_choices_for_branch(branch=org).filter(code=code).first()
    if major is None:
        raise ValidationError({"major": f"“{org.name}”所在院系没有代码为{code}的专业"})
    return major


@router.post(
    "/courses/",
    response={201: CourseDetailOut, **WRITE_ERRORS},
    summary="登记课程",
    description="由党支部登记，专业须属于支部所在院系，同一专业内课程代码不重复，须填写任课教师。",
)
def course_create(request: HttpRequest, payload: CourseIn):
    org = org_selectors.org_get_for_user(user=request.user, code=payload.org)

    def call():
        _manages(request, org.path)
        major = _major(org, payload.major)
        return services.course_create(
            by=request.user,
            org=org,
            major=major,
            name=payload.name,
            code=payload.code,
            teachers=payload.teachers,
        )

    return _answer(call, 201, lambda course: _course_out(request, course.pk))


@router.patch(
    "/courses/{int:course_id}",
    response={200: CourseDetailOut, **WRITE_ERRORS},
    summary="修改课程",
    description="只修改给出的字段；teachers 整体替换，撰写过课程思政元素的教师不能去掉。",
)
def course_update(request: HttpRequest, course_id: int, payload: CoursePatch):
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)

    def call():
        _manages(request, course.org_path)
        fields = patch_fields(payload)
        return services.course_update(
            by=request.user,
            course=course,
            major=_major(course.org, fields["major"]) if "major" in fields else course.major,
            name=fields.get("name", course.name),
            code=fields.get("code", course.code),
            teachers=fields["teachers"] if "teachers" in fields else [t.name for t in course.teachers.all()],
        )

    return _answer(call, 200, lambda _: _course_out(request, course.pk))


@router.post(
    "/courses/{int:course_id}/elements",
    response={201: ElementOut, **WRITE_ERRORS},
    summary="添加课程思政元素",
    description="撰写教师须是本课程的任课教师。",
)
def element_create(request: HttpRequest, course_id: int, payload: ElementIn):
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    return _answer(
        lambda: services.element_add(by=request.user, course=course, **payload.dict()), 201, lambda e: e
    )


@router.patch(
    "/courses/{int:course_id}/elements/{int:element_id}",
    response={200: ElementOut, **WRITE_ERRORS},
    summary="修改课程思政元素",
    description="只修改给出的字段；撰写教师须是本课程的任课教师。",
)
def element_update(request: HttpRequest, course_id: int, element_id: int, payload: ElementPatch):
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    element = selectors.element_get_for_user(user=request.user, course=course, element_id=element_id)

    def call():
        fields = patch_fields(payload, nullable=("method", "evidence"))
        if "element" in fields:
            fields["element_text"] = fields.pop("element")
        return services_edits.element_update(by=request.user, element=element, **fields)

    return _answer(call, 200, lambda e: e, {"element_text": "element"})


@router.delete(
    "/courses/{int:course_id}/elements/{int:element_id}",
    response={204: None, **WRITE_ERRORS},
    summary="删除课程思政元素",
    description="软删除：不再计入课程思政覆盖率。",
)
def element_delete(request: HttpRequest, course_id: int, element_id: int, reason: str = ""):
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    element = selectors.element_get_for_user(user=request.user, course=course, element_id=element_id)
    return _answer(
        lambda: services_edits.element_delete(by=request.user, element=element, reason=reason), 204, None
    )
