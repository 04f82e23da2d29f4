"""Integration endpoints: work items with their four stages, integration rates, courses and coverage.
Reads here, scoped like the pages (outside the scope: 404); the writes are in api_write, on this router."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zhibu.core.pagination import ErrorOut, PageNumberPagination
from zhibu.orgs import selectors as org_selectors

from . import selectors

router = Router(tags=["党建与业务融合"])
_READ = {404: ErrorOut}


class StageOut(Schema):
    stage: str = Field(description="research、deploy、implement 或 assess")
    occurred_on: dt.date
    meeting_id: int | None
    document_title: str
    party_side: list[str]
    business_side: list[str]
    out_of_order_reason: str

    @staticmethod
    def resolve_party_side(obj):
        return obj.party_names

    @staticmethod
    def resolve_business_side(obj):
        return obj.business_names


class WorkItemOut(Schema):
    id: int
    org_code: str
    title: str
    category: str
    year: int
    stages: list[StageOut]
    missing: list[str] = Field(description="缺少的环节或一方，如“同落实：缺业务方”；为空表示四同齐全")
    integrated: bool

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_stages(obj):
        return list(obj.stages.all())

    @staticmethod
    def resolve_missing(obj):
        return selectors.item_status(obj).missing

    @staticmethod
    def resolve_integrated(obj):
        return selectors.item_status(obj).integrated


class BranchRateOut(Schema):
    org_code: str
    org_name: str
    total: int
    complete: int
    rate: float | None


class RateOut(Schema):
    total: int
    complete: int
    rate: float | None = Field(description="四同齐全的事项占比；没有事项时为 null")
    per_branch: list[BranchRateOut]


class CourseOut(Schema):
    id: int
    org_code: str
    major_code: str
    name: str
    code: str
    teachers: list[str]
    element_count: int

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_major_code(obj):
        return obj.major.code

    @staticmethod
    def resolve_teachers(obj):
        return [t.name for t in obj.teachers.all()]


class ElementOut(Schema):
    id: int
    chapter: str
    element: str
    method: str
    evidence: str
    author: str


class CourseDetailOut(CourseOut):
    elements: list[ElementOut]

    @staticmethod
    def resolve_elements(obj):
        return selectors.course_elements(course=obj)


class CoverageOut(Schema):
    major: str
    code: str
    courses: int
    covered: int
    course_rate: float | None
    teachers: int
    writers: int
    teacher_rate: float | None


def _org(request, code):
    return org_selectors.org_get_for_user(user=request.user, code=code) if code else None


@router.get("/work-items/", response=list[WorkItemOut], summary="党建与业务融合事项")
@paginate(PageNumberPagination)
def work_item_list(request: HttpRequest, org: str | None = None, year: int | None = None):
    return selectors.work_item_list_for_user(user=request.user, org=_org(request, org), year=year)


@router.get("/work-items/{int:work_item_id}", response={200: WorkItemOut, **_READ}, summary="融合事项详情")
def work_item_detail(request: HttpRequest, work_item_id: int):
    item = selectors.work_item_get_for_user(user=request.user, work_item_id=work_item_id)
    return selectors.work_item_list_for_user(user=request.user).get(pk=item.pk)


@router.get("/integration-rate/", response={200: RateOut, **_READ}, summary="融合率",
            description="org 及其下级各支部的四同融合率。")
def integration_rate(request: HttpRequest, org: str, year: int | None = None):
    report = selectors.integration_report(user=request.user, org=_org(request, org), year=year)
    report["per_branch"] = [{"org_code": r["org__code"], "org_name": r["org__name"], "total": r["total"],
                             "complete": r["complete"], "rate": r["rate"]} for r in report["per_branch"]]
    return report


@router.get("/courses/", response=list[CourseOut], summary="课程")
@paginate(PageNumberPagination)
def course_list(request: HttpRequest, org: str | None = None, q: str | None = None):
    return selectors.course_list_for_user(user=request.user, org=_org(request, org), q=q)


@router.get("/courses/{int:course_id}", response={200: CourseDetailOut, **_READ}, summary="课程详情",
            description="含课程思政元素。")
def course_detail(request: HttpRequest, course_id: int):
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    return selectors.course_list_for_user(user=request.user).get(pk=course.pk)


@router.get("/course-coverage/", response={200: list[CoverageOut], **_READ}, summary="课程思政覆盖率")
def course_coverage(request: HttpRequest, org: str):
    return selectors.course_coverage(user=request.user, org=_org(request, org))


from . import api_write  # noqa: E402, F401  (the write endpoints, on this router)
