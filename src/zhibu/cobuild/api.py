"""Co-building endpoints: reads, scoped exactly like the pages (outside the scope: 404)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zhibu.core.pagination import ErrorOut, PageNumberPagination
from zhibu.orgs import selectors as org_selectors

from . import selectors
from .models import ExternalUnit, Outcome, Partnership

router = Router(tags=["共建"])
_READ = {404: ErrorOut}


class PartnershipFilters(Schema):
    org: str | None = Field(None, description="组织编码：该组织及下级组织（任一方）的共建；不在范围内时返回 404")
    kind: Partnership.Kind | None = Field(None, description="branch_major、faculty_student 或 campus_external")
    q: str | None = Field(None, description="按名称查找")


class PartnershipOut(Schema):
    id: int
    kind: Partnership.Kind = Field(description="共建机制")
    kind_label: str
    title: str
    org_code: str = Field(description="校内支部编码")
    counterpart: str = Field(description="共建方：专业、学生党支部或校外单位的党组织")
    major_code: str | None
    partner_org_code: str | None
    external_unit_credit_code: str | None
    starts_on: dt.date
    ends_on: dt.date | None
    activity_count: int
    outcome_count: int
    last_activity_at: dt.datetime | None

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_org_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_major_code(obj):
        return obj.major.code if obj.major_id else None

    @staticmethod
    def resolve_partner_org_code(obj):
        return obj.partner_org.code if obj.partner_org_id else None

    @staticmethod
    def resolve_external_unit_credit_code(obj):
        return obj.external_unit.credit_code if obj.external_unit_id else None


class TimelineOut(Schema):
    date: dt.date
    kind: str = Field(description="activity 共建活动 或 outcome 共建成果")
    title: str
    detail: str
    url: str


class PartnershipDetailOut(PartnershipOut):
    goals: str
    timeline: list[TimelineOut]


class OutcomeOut(Schema):
    id: int
    partnership_id: int
    kind: Outcome.Kind
    kind_label: str
    title: str
    quantity: int
    unit: str
    occurred_on: dt.date
    description: str

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class UnitOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: ExternalUnit.Kind
    city: str
    has_party_branch: bool
    party_branch_name: str


class MajorOut(Schema):
    id: int
    name: str
    code: str
    school_code: str
    department: str
    levels: list[str] = Field(description="如 2019年 国家级一流本科专业建设点")

    @staticmethod
    def resolve_school_code(obj):
        return obj.org.code

    @staticmethod
    def resolve_levels(obj):
        return [str(level) for level in obj.levels.all()]


def _org(request, code):
    return org_selectors.org_get_for_user(user=request.user, code=code) if code else None


@router.get("/partnerships/", response=list[PartnershipOut], summary="共建列表",
            description="调用者范围内的共建（校内支部或共建学生党支部在范围内）。")
@paginate(PageNumberPagination)
def partnership_list(request: HttpRequest, filters: Query[PartnershipFilters]):
    return selectors.partnership_list_for_user(user=request.user, org=_org(request, filters.org), kind=filters.kind,
                                               q=filters.q)


@router.get("/partnerships/{int:partnership_id}", response={200: PartnershipDetailOut, **_READ}, summary="共建详情",
            description="含共建活动与成果的时间线。")
def partnership_detail(request: HttpRequest, partnership_id: int):
    p = selectors.partnership_get_for_user(user=request.user, partnership_id=partnership_id)
    p = selectors.partnership_list_for_user(user=request.user).get(pk=p.pk)
    p.timeline = [e._asdict() for e in selectors.partnership_timeline(partnership=p)]
    return p


@router.get("/outcomes/", response=list[OutcomeOut], summary="共建成果列表")
@paginate(PageNumberPagination)
def outcome_list(request: HttpRequest, org: str | None = None, kind: Outcome.Kind | None = None):
    return selectors.outcome_list_for_user(user=request.user, org=_org(request, org), kind=kind)


@router.get("/external-units/", response=list[UnitOut], summary="校外单位", description="全平台共用的校外单位登记。")
@paginate(PageNumberPagination)
def unit_list(request: HttpRequest, q: str | None = None, kind: ExternalUnit.Kind | None = None):
    return selectors.unit_list_for_user(user=request.user, q=q, kind=kind).order_by("name", "id")


@router.get("/majors/", response=list[MajorOut], summary="专业", description="含专业建设层次。")
@paginate(PageNumberPagination)
def major_list(request: HttpRequest, org: str | None = None, q: str | None = None):
    return selectors.major_list_for_user(user=request.user, org=_org(request, org), q=q)


from . import api_write  # noqa: E402, F401  (the write endpoints, on this router)
